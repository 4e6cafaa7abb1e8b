// Reading the per-node trace files of a cluster run (trace-file.ts) for the
// merge: every field the merge relies on is checked, and the first bad one
// stops it with file, line and field (TraceFormatError, as the checker's own
// reader does), so that no half-understood file is merged into a trace.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientAction, ClientState } from '../../../multi/client.ts';
import type { SpecVars } from '../../../multi/spec-view.ts';
import type { MultiLine } from '../../../multi/trace-lines.ts';
import { parseStepOrEvent, TraceFormatError } from '../../../../../trace-check/src/format.ts';
import { checkMessage } from '../net/message-check.ts';
import { clientTraceDir, serverTracePath, type ClientRecord, type ServerStartRecord, type ServerStepRecord } from './trace-file.ts';

export type ServerRecord = ServerStepRecord | ServerStartRecord;

export interface NodeTrace<R> {
  readonly file: string;
  readonly node: string;
  readonly records: readonly R[];
}

type Fail = (field: string | null, reason: string) => never;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The lines of one file, parsed, each with a fail() that names file, line and field. */
function readLines(file: string): { value: unknown; fail: Fail }[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out: { value: unknown; fail: Fail }[] = [];
  lines.forEach((line, k) => {
    const fail: Fail = (field, reason) => {
      throw new TraceFormatError(file, k + 1, field, reason);
    };
    if (k === lines.length - 1) {
      if (line !== '') fail(null, 'the last line has no newline: the node was killed while writing it, or the file was cut (restarting the node repairs it)');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      fail(null, `not JSON (${(e as Error).message})`);
    }
    out.push({ value, fail });
  });
  return out;
}

function checkClock(x: Record<string, unknown>, previous: number, fail: Fail): number {
  const lc = x.lc;
  if (!Number.isSafeInteger(lc) || (lc as number) < 1) fail('lc', `missing or not a positive integer (${JSON.stringify(lc)})`);
  if ((lc as number) <= previous) fail('lc', `${String(lc)} is not above the line before's ${previous}: a node's clock only grows`);
  return lc as number;
}

function checkVars(v: unknown, fail: Fail): SpecVars {
  if (!isObject(v)) fail('vars', 'missing or not an object');
  for (const [name, entries] of Object.entries(v as object)) if (!isObject(entries)) fail(`vars.${name}`, 'not an object of entries');
  return v as SpecVars;
}

export function readServerTrace(dataDir: string, id: string): NodeTrace<ServerRecord> {
  const file = serverTracePath(dataDir, id);
  if (!existsSync(file)) throw new Error(`${file}: no trace for server ${id} (was the cluster first started with --trace?)`);
  const records: ServerRecord[] = [];
  let lc = 0;
  for (const { value, fail } of readLines(file)) {
    if (!isObject(value)) fail(null, 'not a JSON object');
    const x = value as Record<string, unknown>;
    lc = checkClock(x, lc, fail);
    if (x.node !== id) fail('node', `expected ${JSON.stringify(id)} (the file's server), got ${JSON.stringify(x.node)}`);
    if ('event' in x) {
      if (x.event !== 'start') fail('event', `expected "start", got ${JSON.stringify(x.event)}`);
      if (!Number.isSafeInteger(x.pid)) fail('pid', 'missing or not an integer');
      if (x.forgotten !== undefined && !(Number.isSafeInteger(x.forgotten) && (x.forgotten as number) >= 0)) fail('forgotten', 'not a slot number (an integer >= 0)');
      records.push({ lc, event: 'start', node: id, pid: x.pid as number, vars: checkVars(x.vars, fail), ...(x.forgotten ? { forgotten: x.forgotten as number } : {}) });
      continue;
    }
    if (records.length === 0) fail('event', 'the first line must be the server\'s start record ({"event":"start",...})');
    // A step line is a trace step without its seq: the checker's reader checks it.
    const { lc: _lc, ...line } = x;
    parseStepOrEvent({ seq: 1, ...line }, fail);
    records.push({ lc, ...(line as unknown as MultiLine) });
  }
  if (records.length === 0) throw new TraceFormatError(file, 0, null, 'empty: the server never started with tracing on');
  return { file, node: id, records };
}

function checkCommand(v: unknown, field: string, fail: Fail): void {
  if (!isObject(v)) fail(field, 'not an object');
  const c = v as Record<string, unknown>;
  if (typeof c.key !== 'string') fail(`${field}.key`, 'not a string');
  if (c.op === 'put' ? typeof c.value !== 'string' : c.op !== 'get') fail(`${field}.${c.op === 'put' ? 'value' : 'op'}`, c.op === 'put' ? 'not a string' : `${JSON.stringify(c.op)} is neither "put" nor "get"`);
}

export function readClientTraces(dataDir: string): NodeTrace<ClientRecord>[] {
  const dir = clientTraceDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((f) => readClientTrace(join(dir, f), f.slice(0, -'.ndjson'.length)));
}

function readClientTrace(file: string, name: string): NodeTrace<ClientRecord> {
  const records: ClientRecord[] = [];
  let lc = 0;
  for (const { value, fail } of readLines(file)) {
    if (!isObject(value)) fail(null, 'not a JSON object');
    const x = value as Record<string, unknown>;
    lc = checkClock(x, lc, fail);
    if (x.client !== name) fail('client', `expected ${JSON.stringify(name)} (the file's client), got ${JSON.stringify(x.client)}`);
    if (!isObject(x.before)) fail('before', 'missing or not an object (the client state the action was taken in)');
    const before = x.before as Record<string, unknown>;
    if (before.name !== name) fail('before.name', `expected ${JSON.stringify(name)}`);
    if (!Number.isSafeInteger(before.sent) || (before.sent as number) < 0) fail('before.sent', 'not a non-negative integer');
    if (typeof before.busy !== 'boolean') fail('before.busy', 'not a boolean');
    if (!isObject(x.action)) fail('action', 'missing or not an object');
    const a = x.action as Record<string, unknown>;
    if (a.c !== name) fail('action.c', `expected ${JSON.stringify(name)}`);
    if (a.action === 'Request') checkCommand(a.cmd, 'action.cmd', fail);
    else if (a.action === 'Receive') {
      const m = checkMessage(a.m);
      if (!m.ok) fail('action.m', m.reason);
      else if (m.msg.type !== 'reply') fail('action.m.type', `expected "reply", got ${JSON.stringify(m.msg.type)}`);
    } else fail('action.action', `expected "Request" or "Receive", got ${JSON.stringify(a.action)}`);
    records.push({ lc, client: name, before: before as unknown as ClientState, action: a as unknown as ClientAction });
  }
  return { file, node: name, records };
}
