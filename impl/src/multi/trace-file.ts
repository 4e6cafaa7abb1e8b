// A Multi-Paxos trace as NDJSON (trace-check/trace.schema.json): the header
// with the spec's constants, then the lines, numbered.
import { TRACE_FORMAT, TRACE_VERSION } from '../../../trace-check/src/format.ts';
import type { MultiConfig } from './config.ts';
import { multiSpecConstants } from './spec-view.ts';
import type { MultiLine } from './trace-lines.ts';

export interface Workload {
  readonly clients: readonly string[];
  readonly keys: readonly string[];
  readonly vals: readonly string[];
}

export function multiTraceHeader(config: MultiConfig, workload: Workload, source: Record<string, unknown>): Record<string, unknown> {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: 'MultiPaxos',
    constants: multiSpecConstants(config, workload),
    // Every step of every node is logged, crashes included.
    complete: true,
    deployment: { servers: config.servers, weights: config.weights, window: config.window, maxBatch: config.maxBatch },
    source,
  };
}

export function multiTraceText(config: MultiConfig, workload: Workload, lines: readonly MultiLine[], source: Record<string, unknown> = {}): string {
  const out = [JSON.stringify(multiTraceHeader(config, workload, source))];
  lines.forEach((l, k) => out.push(JSON.stringify({ seq: k + 1, ...l })));
  return `${out.join('\n')}\n`;
}
