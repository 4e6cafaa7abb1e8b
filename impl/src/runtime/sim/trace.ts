// Simulation traces in the checker's format (trace-check/trace.schema.json):
// a header with the spec's constants, then one line per reducer step - the
// node, the spec action the step implements with its parameters, the
// message consumed, the messages sent, the node's spec variables after it -
// and event lines for what the network and the world did (lost and
// duplicated messages, recoveries, partitions), which reports draw.
import type { PaxosConfig } from '../../basic/config.ts';
import { stepLineFields, traceHeaderFields } from '../step-lines.ts';
import { showFaults, type Faults } from './faults.ts';
import { simulate, type SimulationOptions, type SimulationResult, type TracedEvent } from './run.ts';

export function traceHeader(config: PaxosConfig, source: { kind: 'simulate'; seed: number; steps: number; faults: Faults }): string {
  return JSON.stringify(traceHeaderFields(config, { ...source, faults: showFaults(source.faults) }));
}

export function traceLine(e: TracedEvent): string {
  const { seq, instance, time } = e;
  const head = { seq, instance, time };
  switch (e.kind) {
    case 'step':
      return JSON.stringify({ ...head, ...stepLineFields(e) });
    case 'crash':
      // The node lost its volatile state; what is left is its disk.
      return JSON.stringify({ ...head, ...stepLineFields({ node: e.node, input: { kind: 'crash' }, action: e.action, sent: [], vars: e.vars }) });
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
