// Multi-Paxos simulator traces in the checker's format: the header from
// multi/trace-file.ts (constants: the deployment and the workload's
// clients, keys and values), the reducers' lines (multi/trace-lines.ts) with
// seq, time and what caused them, and event lines for what the world did
// (lost and duplicated messages, recoveries, partitions), which the checker
// counts and reports draw.
import { multiTraceHeader } from '../../multi/trace-file.ts';
import { showFaults } from '../sim/faults.ts';
import { DEFAULT_KEYS, DEFAULT_VALS, multiSimConfig, clientNames, simulateMulti, type MultiSimOptions, type MultiSimResult, type TracedMultiEvent } from './run.ts';

export function multiSimHeader(opts: Omit<MultiSimOptions, 'onEvent'>): string {
  const config = multiSimConfig(opts);
  const workload = { clients: clientNames(opts.clients ?? 3), keys: opts.keys ?? DEFAULT_KEYS, vals: opts.vals ?? DEFAULT_VALS };
  const source = { kind: 'simulate', protocol: 'multi', seed: opts.seed, steps: opts.steps, faults: showFaults(opts.faults), ...(opts.bugs && Object.keys(opts.bugs).length > 0 ? { bugs: opts.bugs } : {}) };
  return JSON.stringify(multiTraceHeader(config, workload, source));
}

export function multiTraceLine(e: TracedMultiEvent): string {
  const head = { seq: e.seq, time: e.time };
  switch (e.kind) {
    case 'line':
      return JSON.stringify({ ...head, ...e.line, input: e.input, ...(e.net ? { net: e.net } : {}) });
    case 'lost':
      return JSON.stringify({ ...head, event: 'lost', from: e.from, to: e.to, msg: e.msg, why: e.why, id: e.id });
    case 'duplicated':
      return JSON.stringify({ ...head, event: 'duplicated', from: e.from, to: e.to, msg: e.msg, id: e.id, copy: e.copy });
    case 'recover':
      return JSON.stringify({ ...head, event: 'recover', node: e.node });
    case 'partition':
      return JSON.stringify({ ...head, event: 'partition', groups: e.groups });
    case 'heal':
      return JSON.stringify({ ...head, event: 'heal' });
  }
}

/** A whole run as trace text (tests, benchmarks, the mutation catalogue; the CLI streams instead). */
export function simulateMultiToTrace(opts: Omit<MultiSimOptions, 'onEvent'>): { text: string; result: MultiSimResult } {
  const lines = [multiSimHeader(opts)];
  const result = simulateMulti({ ...opts, onEvent: (e) => lines.push(multiTraceLine(e)) });
  return { text: `${lines.join('\n')}\n`, result };
}
