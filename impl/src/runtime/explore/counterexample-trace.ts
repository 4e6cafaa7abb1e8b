// An explorer counterexample written as a trace (trace-check/README.md), so
// that `paxos trace-check` can say, against the TLA+ text, which step of
// the shortest path leaves the spec and why.  The path is replayed through
// the same reducers and logged the way the simulator logs: a line per role
// that acted on each input.
import { classifyStep } from '../../basic/spec-actions.ts';
import { nodeSpecVars, specConstants } from '../../basic/spec-view.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../../../../trace-check/src/format.ts';
import { loggedStep } from '../step-lines.ts';
import type { Explorer, GlobalState, Transition } from './explorer.ts';

export function counterexampleTrace(explorer: Explorer, path: readonly Transition[], states: readonly GlobalState[], source: Record<string, unknown>): string[] {
  const config = explorer.opts.config;
  const header = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: 'Paxos',
    constants: { ...specConstants(config), Values: [...explorer.opts.values] },
    complete: true,
    deployment: { proposers: config.proposers, acceptors: config.acceptors, learners: config.learners, weights: config.weights },
    source: { kind: 'explore', ...source },
  };
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
        const c = classifyStep(config, nodeOf(t.node), rebuilt, { kind: 'recover' }, []);
        out({ node: t.node, action: c.action === 'Abandon' ? 'Abandon' : 'Stutter', params: c.action === 'Abandon' ? { p: c.p } : {}, sent: [], vars: nodeSpecVars(config, rebuilt), input: { kind: 'crash' } });
        return;
      }
      case 'deliver':
      case 'fire': {
        const node = t.kind === 'deliver' ? t.envelope.to : t.timer.node;
        const input = t.kind === 'deliver' ? { kind: 'receive' as const, from: t.envelope.from, msg: t.envelope.msg } : { kind: 'timer' as const, timer: t.timer.timer, bal: t.timer.bal };
        for (const l of loggedStep(config, node, nodeOf(node), input).lines) {
          const { action, ...params } = l.action;
          out({ node: l.node, ...(l.role ? { role: l.role } : {}), action, params, ...(l.received ? { received: l.received } : {}), sent: l.sent, vars: l.vars, input: input.kind === 'receive' ? { kind: 'receive' } : input });
        }
      }
    }
  });
  return lines;
}
