// The trace format (trace.schema.json documents it for other
// implementations): a header line, then one line per reducer step or event.
// The reader checks every field it relies on and stops at the first bad
// one with the file, line and field, so that no half-understood trace is
// ever "checked".
import { readFileSync } from 'node:fs';

export const TRACE_FORMAT = 'paxos-ref/trace';
export const TRACE_VERSION = 1;

/** A TLA+ value as the trace spells it: null is the spec's None, arrays are sets, objects records. */
export type TraceValue = null | boolean | number | string | TraceValue[] | { [key: string]: TraceValue };

export interface TraceMessage {
  readonly type: string;
  readonly [field: string]: TraceValue;
}

export interface Envelope {
  readonly from?: string;
  readonly to?: string;
  readonly msg: TraceMessage;
}

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly spec: string;
  readonly constants: Readonly<Record<string, TraceValue>>;
  /** The writer promises that every step of every node is logged: no hidden steps are assumed by default. */
  readonly complete?: boolean;
  readonly deployment?: unknown;
  readonly source?: unknown;
}

export interface StepLine {
  readonly seq: number;
  readonly instance?: number;
  readonly time?: number;
  readonly node: string;
  readonly action: string;
  readonly params: Readonly<Record<string, TraceValue>>;
  readonly received?: Envelope;
  readonly sent: readonly Envelope[];
  readonly vars: Readonly<Record<string, Readonly<Record<string, TraceValue>>>>;
  readonly input?: unknown;
}

export interface EventLine {
  readonly seq: number;
  readonly instance?: number;
  readonly time?: number;
  readonly event: string;
  readonly [field: string]: unknown;
}

/** A step with where it came from. */
export interface LocatedStep {
  readonly line: number;
  readonly step: StepLine;
}

export interface Trace {
  readonly file: string;
  readonly header: TraceHeader;
  readonly steps: readonly LocatedStep[];
  readonly events: number;
  readonly lines: number;
}

export class TraceFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${reason}`);
  }
}

type Fail = (field: string | null, reason: string) => never;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function checkValue(x: unknown, field: string, fail: Fail): TraceValue {
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) fail(field, `${x} is not an integer (TLA+ values here are integers, strings, booleans, sets and records)`);
    return x;
  }
  if (Array.isArray(x)) return x.map((e, i) => checkValue(e, `${field}[${i}]`, fail));
  if (isObject(x)) {
    for (const [k, v] of Object.entries(x)) checkValue(v, `${field}.${k}`, fail);
    return x as { [key: string]: TraceValue };
  }
  return fail(field, `unsupported value ${JSON.stringify(x)}`);
}

function checkEnvelope(x: unknown, field: string, fail: Fail): Envelope {
  if (!isObject(x)) return fail(field, 'must be an object {from?, to?, msg}');
  for (const k of ['from', 'to'] as const) if (k in x && typeof x[k] !== 'string') fail(`${field}.${k}`, 'must be a string');
  const msg = x.msg;
  if (!isObject(msg)) return fail(`${field}.msg`, 'missing or not an object');
  if (typeof msg.type !== 'string') return fail(`${field}.msg.type`, 'missing or not a string');
  checkValue(msg, `${field}.msg`, fail);
  return x as unknown as Envelope;
}

export function parseHeader(x: unknown, fail: Fail): TraceHeader {
  if (!isObject(x)) return fail(null, 'the first line must be the trace header, a JSON object');
  if (x.format !== TRACE_FORMAT) return fail('format', `expected "${TRACE_FORMAT}", got ${JSON.stringify(x.format)}`);
  if (x.version !== TRACE_VERSION) return fail('version', `this checker reads version ${TRACE_VERSION}, got ${JSON.stringify(x.version)}`);
  if (typeof x.spec !== 'string' || !/^[A-Za-z]\w*$/.test(x.spec)) return fail('spec', 'must name a TLA+ module, e.g. "Paxos"');
  if (!isObject(x.constants)) return fail('constants', 'missing or not an object');
  for (const [k, v] of Object.entries(x.constants)) checkValue(v, `constants.${k}`, fail);
  if ('complete' in x && typeof x.complete !== 'boolean') fail('complete', 'must be true or false');
  return x as unknown as TraceHeader;
}

export function parseStepOrEvent(x: unknown, fail: Fail): StepLine | EventLine {
  if (!isObject(x)) return fail(null, 'each line after the header must be a JSON object');
  if (!Number.isSafeInteger(x.seq) || (x.seq as number) < 1) return fail('seq', 'missing or not a positive integer');
  if ('instance' in x && (!Number.isSafeInteger(x.instance) || (x.instance as number) < 0)) fail('instance', 'must be a non-negative integer');
  if ('time' in x && typeof x.time !== 'number') fail('time', 'must be a number');
  if ('event' in x) {
    if (typeof x.event !== 'string' || x.event === '') return fail('event', 'must be a non-empty string');
    if ('action' in x) fail('action', 'a line is either a step (action) or an event, not both');
    return x as unknown as EventLine;
  }
  if (!('action' in x)) return fail('action', 'missing (a step line needs an action; a note about the run needs an event)');
  if (typeof x.action !== 'string' || !/^[A-Za-z]\w*$/.test(x.action)) return fail('action', 'must be the name of a spec action, or Stutter');
  if (typeof x.node !== 'string' || x.node === '') return fail('node', 'missing or not a non-empty string');
  if (!isObject(x.params)) return fail('params', 'missing or not an object');
  for (const [k, v] of Object.entries(x.params)) checkValue(v, `params.${k}`, fail);
  if ('received' in x) checkEnvelope(x.received, 'received', fail);
  if (!Array.isArray(x.sent)) return fail('sent', 'missing or not an array');
  x.sent.forEach((e, i) => checkEnvelope(e, `sent[${i}]`, fail));
  if (!isObject(x.vars)) return fail('vars', 'missing or not an object');
  for (const [name, entries] of Object.entries(x.vars)) {
    if (!isObject(entries)) fail(`vars.${name}`, 'must map keys of the variable to their values, e.g. {"s1": 3}');
    for (const [k, v] of Object.entries(entries as Record<string, unknown>)) checkValue(v, `vars.${name}.${k}`, fail);
  }
  return x as unknown as StepLine;
}

export function parseTrace(file: string, text: string): Trace {
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length === 0 || raw.every((l) => l.trim() === '')) throw new TraceFormatError(file, 1, null, 'the trace is empty (expected a header line)');
  let header: TraceHeader | undefined;
  const steps: LocatedStep[] = [];
  let events = 0;
  let lastSeq = 0;
  raw.forEach((text, i) => {
    const line = i + 1;
    const fail: Fail = (field, reason) => {
      throw new TraceFormatError(file, line, field, reason);
    };
    if (text.trim() === '') fail(null, 'empty line');
    let x: unknown;
    try {
      x = JSON.parse(text);
    } catch (e) {
      fail(null, `not valid JSON (${(e as Error).message})`);
    }
    if (!header) {
      header = parseHeader(x, fail);
      return;
    }
    const entry = parseStepOrEvent(x, fail);
    if (entry.seq <= lastSeq) fail('seq', `${entry.seq} does not follow ${lastSeq}: seq must increase from line to line`);
    lastSeq = entry.seq;
    if ('event' in entry) events++;
    else steps.push({ line, step: entry as StepLine });
  });
  return { file, header: header!, steps, events, lines: raw.length };
}

/** A trace file's text; a file that cannot be read is a one-line format error. */
export function readTraceText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new TraceFormatError(file, 0, null, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function readTrace(file: string): Trace {
  return parseTrace(file, readTraceText(file));
}
