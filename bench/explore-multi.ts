// The Multi-Paxos explorer's speed (distinct states/s) on a configuration
// large enough to time: 3 servers, 1 client with 3 commands, 1 ballot
// (185,781 states; the default, 1,149 states, is over in a blink).  Until
// votes went to the leader alone, this ran 2 commands (741,021 states,
// now 14,685).
import { MultiExplorer } from '../impl/src/runtime/explore-multi/explorer.ts';
import { DEFAULT_MULTI_EXPLORE, multiExploreOptions } from '../impl/src/runtime/explore-multi/options.ts';
import { formatCount } from '../cli/progress.ts';

export function benchExploreMulti(): void {
  console.log('Multi-Paxos explorer (3 servers, 1 client x 3 commands, 1 ballot, window 1):');
  const r = new MultiExplorer(multiExploreOptions({ ...DEFAULT_MULTI_EXPLORE, commands: 3 })).run();
  console.log(`  ${formatCount(r.distinct)} distinct states, depth ${r.depth}, ${formatCount(r.transitions)} transitions in ${r.seconds.toFixed(1)} s`);
  console.log(`  ${formatCount(Math.round(r.distinct / r.seconds))} distinct states/s; peak memory (rss) ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
}
