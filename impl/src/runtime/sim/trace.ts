// Simulation traces in the checker's format (trace-check/trace.schema.json):
// a header with the spec's constants, then one line per reducer step - the
// node, the spec action the step implements with its parameters, the
// message consumed, the messages sent, the node's spec variables after it -
// and event lines for what the network and the world did (lost and
// duplicated messages, recoveries, partitions), which reports draw.
import type { PaxosConfig } from '../../basic/config.ts';
import type { SpecAction } from '../../basic/spec-actions.ts';
import { specConstants } from '../../basic/spec-view.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../../../../trace-check/src/format.ts';
import { showFaults, type Faults } from './faults.ts';
import { simulate, type SimulationOptions, type SimulationResult, type TracedEvent } from './run.ts';

export function traceHeader(config: PaxosConfig, source: { kind: 'simulate'; seed: number; steps: number; faults: Faults; bugs?: readonly string[] }): string {
  return JSON.stringify({
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: 'Paxos',
    constants: specConstants(config),
    // The simulator logs every step of every node, crashes included.
    complete: true,
    deployment: { proposers: config.proposers, acceptors: config.acceptors, learners: config.learners, weights: config.weights },
    source: { ...source, faults: showFaults(source.faults) },
  });
}

function splitAction(a: SpecAction): { action: string; params: Record<string, unknown> } {
  const { action, ...params } = a;
  return { action, params };
}

export function traceLine(e: TracedEvent): string {
  const { seq, instance, time } = e;
  const head = { seq, instance, time };
  switch (e.kind) {
    case 'step': {
      const input = e.input.kind === 'receive' ? { kind: 'receive' } : e.input;
      return JSON.stringify({ ...head, node: e.node, ...(e.role ? { role: e.role } : {}), ...splitAction(e.action), ...(e.received ? { received: e.received } : {}), sent: e.sent, vars: e.vars, input });
    }
    case 'crash':
      // The node lost its volatile state; what is left is its disk.
      return JSON.stringify({ ...head, node: e.node, ...splitAction(e.action), sent: [], vars: e.vars, input: { kind: 'crash' } });
    case 'request':
      return JSON.stringify({ ...head, node: e.client, action: 'Request', params: { v: e.val }, sent: [{ to: e.to, msg: { type: 'request', val: e.val } }], vars: {}, input: { kind: 'client' } });
    case 'lost':
      return JSON.stringify({ ...head, event: 'lost', from: e.from, to: e.to, msg: e.msg, why: e.why });
    case 'duplicated':
      return JSON.stringify({ ...head, event: 'duplicated', from: e.from, to: e.to, msg: e.msg });
    case 'recover':
      return JSON.stringify({ ...head, event: 'recover', node: e.node });
    case 'partition':
      return JSON.stringify({ ...head, event: 'partition', groups: e.groups });
    case 'heal':
      return JSON.stringify({ ...head, event: 'heal' });
  }
}

/** A whole simulation as trace text (tests and benchmarks; the CLI streams instead). */
export function simulateToTrace(opts: Omit<SimulationOptions, 'onEvent'>): { text: string; result: SimulationResult } {
  const lines = [traceHeader(opts.config, { kind: 'simulate', seed: opts.seed, steps: opts.steps, faults: opts.faults })];
  const result = simulate({ ...opts, onEvent: (e) => lines.push(traceLine(e)) });
  return { text: `${lines.join('\n')}\n`, result };
}
