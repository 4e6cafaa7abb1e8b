// The conformance check's result for a reader: the figures of both engines
// and the coverage on success; on failure, the offending transition (who
// received what, and which spec action the step claims to be), the spec
// state before and after with what changed, and a shortest path to it.
import { renderCounterexample } from '../../../../modelcheck/src/counterexample.ts';
import type { ConformanceResult } from './conformance.ts';
import type { Explorer } from './explorer.ts';
import { explainPath } from './explain.ts';

const count = (n: number) => n.toLocaleString('en-US');
const secs = (s: number) => `${s.toFixed(1)} s`;
const percent = (a: number, b: number) => (b === 0 ? '0%' : `${((100 * a) / b).toFixed(1)}%`);

export function conformanceReport(explorer: Explorer, r: ConformanceResult, opts: { color: boolean }): string[] {
  const e = r.explore;
  const out = [
    `  implementation: ${count(e.distinct)} distinct states, depth ${e.depth}, ${count(e.transitions)} transitions, ${secs(e.seconds)} (explorer)`,
    `  spec/Paxos.tla: ${count(r.spec.states)} reachable states, ${count(r.spec.steps)} distinct steps (embedded model checker, in a Worker alongside the explorer)`,
  ];
  const violation = e.violation ? [`  the explorer found a safety violation, and stopped there: ${e.violation.message} (paxos explore without --conformance shows the path)`] : [];
  const truncated = e.truncated ? ['  the explorer stopped at its state limit: only that part of the implementation was checked'] : [];
  const f = r.failure;
  if (!f) {
    out.push(
      `  conformance holds: each of the ${count(r.transitions)} transitions is a step of the spec's Next (${count(r.specSteps)} distinct) or changes no spec variable (${count(r.stutters)})`,
      `  coverage: reaches ${count(r.statesReached)} of ${count(r.spec.states)} spec states (${percent(r.statesReached, r.spec.states)}), takes ${count(r.specSteps)} of ${count(r.spec.steps)} spec steps (${percent(r.specSteps, r.spec.steps)}); ${secs(r.seconds)} in all`,
      ...truncated,
      ...violation,
    );
    return out;
  }
  if (f.kind === 'initial') {
    out.push('  conformance FAILS: the implementation\'s initial state is not the spec\'s Init', ...renderCounterexample([{ action: 'implementation initial state', vars: [...f.after] }], opts).split('\n'));
    return out;
  }
  const story = explainPath(explorer, f.path, f.states);
  const last = story[story.length - 1]!.replace(/^\s*\d+\.\s*/, '');
  out.push(
    `  conformance FAILS: this implementation transition is no step of the spec's Next (the first in breadth-first order, of ${count(r.transitions)} checked)`,
    `    ${last.replace(/\n\s*/g, '\n    ')}`,
    f.unreachable
      ? '    the model checker says this spec state is unreachable'
      : '    both spec states are reachable, but Next has no step from the one to the other',
    `    spec variables that differ: ${f.changed.join(', ') || 'none'}`,
    '  the spec state before, and the step:',
    ...renderCounterexample([{ action: 'before', vars: [...f.before!] }, { action: 'after the implementation step', vars: [...f.after] }], opts).split('\n'),
    `  a shortest path of the implementation to it (${f.path.length} steps):`,
    ...story.map((l) => `  ${l}`),
  );
  out.push(...truncated, ...violation);
  return out;
}
