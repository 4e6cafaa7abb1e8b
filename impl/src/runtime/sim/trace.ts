// Simulation traces as NDJSON: a header line, then one line per event.  The
// trace checker (trace-check/) defines the format in full; what a line
// holds here is what it needs: the node, the spec action the step
// implements with its parameters, the message consumed and those sent, and
// the node's spec-level variables after the step.
import type { PaxosConfig } from '../../basic/config.ts';
import type { SpecAction } from '../../basic/spec-actions.ts';
import { showFaults, type Faults } from './faults.ts';
import type { TracedEvent } from './run.ts';

export const TRACE_FORMAT = 'paxos-ref/trace';
export const TRACE_VERSION = 1;

export function traceHeader(config: PaxosConfig, source: { kind: 'simulate'; seed: number; steps: number; faults: Faults }): string {
  return JSON.stringify({
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: 'Paxos',
    source: { ...source, faults: showFaults(source.faults) },
    config: { proposers: config.proposers, acceptors: config.acceptors, learners: config.learners, weights: config.weights },
  });
}

function splitAction(a: SpecAction): { action: string; params: Record<string, unknown> } {
  const { action, ...params } = a;
  return { action, params };
}

export function traceLine(e: TracedEvent): string {
  const { seq, instance, kind, time } = e;
  const head = { seq, instance, time, kind };
  switch (e.kind) {
    case 'step':
      return JSON.stringify({ ...head, node: e.node, input: e.input, ...splitAction(e.action), sent: e.sent, vars: e.vars });
    case 'crash':
      return JSON.stringify({ ...head, node: e.node, ...splitAction(e.action), vars: e.vars });
    case 'request':
      return JSON.stringify({ ...head, client: e.client, to: e.to, action: 'Request', params: { v: e.val } });
    case 'lost':
    case 'duplicated':
      return JSON.stringify({ ...head, from: e.from, to: e.to, msg: e.msg, ...(e.kind === 'lost' ? { why: e.why } : {}) });
    case 'recover':
      return JSON.stringify({ ...head, node: e.node });
    case 'partition':
      return JSON.stringify({ ...head, groups: e.groups });
    case 'heal':
      return JSON.stringify(head);
  }
}
