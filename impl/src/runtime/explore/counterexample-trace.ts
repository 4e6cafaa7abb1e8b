// An explorer counterexample written as a trace (trace-check/README.md), so
// that `paxos trace-check` can say, against the TLA+ text, which step of
// the shortest path leaves the spec and why.  The path is replayed through
// the same reducers and logged the way the simulator logs: a line per role
// that acted on each input.
import { nodeSpecVars } from '../../basic/spec-view.ts';
import { crashAction, loggedStep, stepLineFields, traceHeaderFields } from '../step-lines.ts';
import type { Explorer, GlobalState, Transition } from './explorer.ts';

export function counterexampleTrace(explorer: Explorer, path: readonly Transition[], states: readonly GlobalState[], source: Record<string, unknown>): string[] {
  const config = explorer.opts.config;
  const header = traceHeaderFields(config, { kind: 'explore', ...source }, { Values: [...explorer.opts.values] });
  const lines: string[] = [JSON.stringify(header)];
  let seq = 0;
  const out = (line: Record<string, unknown>) => lines.push(JSON.stringify({ seq: ++seq, ...line }));
  path.forEach((t, i) => {
    const before = states[i]!;
    const after = states[i + 1]!;
    const nodeOf = (id: string) => before.nodes[explorer.ids.indexOf(id)]!;
    switch (t.kind) {
      case 'request':
        out({ node: 'client', action: 'Request', params: { v: t.val }, sent: [{ to: t.to, msg: { type: 'request', val: t.val } }], vars: {}, input: { kind: 'client' } });
        return;
      case 'crash': {
        const rebuilt = after.nodes[explorer.ids.indexOf(t.node)]!;
        out(stepLineFields({ node: t.node, input: { kind: 'crash' }, action: crashAction(config, nodeOf(t.node), rebuilt), sent: [], vars: nodeSpecVars(config, rebuilt) }));
        return;
      }
      case 'deliver':
      case 'fire': {
        const node = t.kind === 'deliver' ? t.envelope.to : t.timer.node;
        const input = t.kind === 'deliver' ? { kind: 'receive' as const, from: t.envelope.from, msg: t.envelope.msg } : { kind: 'timer' as const, timer: t.timer.timer, bal: t.timer.bal };
        for (const l of loggedStep(config, node, nodeOf(node), input).lines) out(stepLineFields(l));
      }
    }
  });
  return lines;
}
