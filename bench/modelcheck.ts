// Throughput of the embedded model checker on the CI models: distinct
// states per second and the memory it took.  The figures to compare with
// are in TLA-CHECKER.md (Basic Paxos: about 850-925 distinct states/s here).
import { listModels } from '../modelcheck/src/models.ts';
import { checkModel } from '../modelcheck/src/check-model.ts';
import { formatCount } from '../cli/progress.ts';

export async function benchModelCheck(): Promise<void> {
  console.log('model checking, embedded engine (tla-checker), one model at a time:');
  for (const model of listModels().filter((m) => m.tier === 'small')) {
    const report = await checkModel(model, 'embedded');
    const rate = (report.distinct ?? 0) / report.seconds;
    console.log(
      `  ${model.name.padEnd(16)} ${formatCount(report.distinct ?? 0).padStart(9)} distinct states` +
        `  ${report.seconds.toFixed(1).padStart(6)} s  ${formatCount(Math.round(rate)).padStart(6)} states/s` +
        `  (rss now ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB)`,
    );
  }
}
