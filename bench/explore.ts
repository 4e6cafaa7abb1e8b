// The explorer's speed on its default small configuration, beside the model
// checkers' speeds on the comparable spec model (TLA-CHECKER.md and the
// issue: TLC single-threaded about 4,000 distinct states/s on Basic Paxos
// here, the embedded engine about 850).
import { Explorer } from '../impl/src/runtime/explore/explorer.ts';
import { DEFAULT_EXPLORE, exploreOptions } from '../impl/src/runtime/explore/config-file.ts';
import { formatCount } from '../cli/progress.ts';

export function benchExplore(): void {
  console.log('explorer, default small configuration (2 proposers, 3 acceptors, 1 learner, ballots 0..1):');
  const r = new Explorer(exploreOptions(DEFAULT_EXPLORE)).run();
  const rate = r.distinct / r.seconds;
  console.log(`  ${formatCount(r.distinct)} distinct states, depth ${r.depth}, ${formatCount(r.transitions)} transitions in ${r.seconds.toFixed(1)} s`);
  console.log(`  ${formatCount(Math.round(rate))} distinct states/s: ${(rate / 4000).toFixed(1)}x TLC's ~4,000/s, ${(rate / 850).toFixed(0)}x the embedded engine's ~850/s`);
  console.log(`  peak memory (rss) ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
}
