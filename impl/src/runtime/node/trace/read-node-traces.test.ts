// Bad per-node trace files: the merge stops at the first bad field with one
// line naming the file, the line and the field.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClientTraces, readServerTrace } from './read-node-traces.ts';
import { clientTraceDir, serverTracePath } from './trace-file.ts';

const start = (lc: number) => JSON.stringify({ lc, event: 'start', node: 's0', pid: 1, vars: {} });
const step = (lc: number, extra: Record<string, unknown> = {}) => JSON.stringify({ lc, node: 's0', action: 'Phase1a', params: { s: 0, b: 0 }, sent: [{ msg: { type: '1a', bal: 0 } }], vars: { lBal: { '0': 0 } }, ...extra });

function serverFile(lines: string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-read-traces-'));
  const file = serverTracePath(dir, 's0');
  mkdirSync(join(dir, 's0'));
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return { dir, file };
}

describe('reading per-node trace files', () => {
  it('a good server file reads as its records', () => {
    const { dir } = serverFile([start(1), step(2)]);
    const t = readServerTrace(dir, 's0');
    expect(t.records.map((r) => r.lc)).toEqual([1, 2]);
  });

  const bad: [string, string[], (file: string) => string][] = [
    ['a clock that goes back', [start(2), step(2)], (f) => `${f}:2: lc: 2 is not above the line before's 2: a node's clock only grows`],
    ['no clock', [start(1), JSON.stringify({ node: 's0' })], (f) => `${f}:2: lc: missing or not a positive integer (undefined)`],
    ['another node\'s line', [start(1), step(2, { node: 's1' })], (f) => `${f}:2: node: expected "s0" (the file's server), got "s1"`],
    ['a step before the start record', [step(1)], (f) => `${f}:1: event: the first line must be the server's start record ({"event":"start",...})`],
    // (The step's fields are checked by the checker's own reader, trace-check/src/format.ts, in its words.)
    ['vars that are not entries', [start(1), step(2, { vars: { lBal: 3 } })], (f) => `${f}:2: vars.lBal: `],
    ['not JSON', [start(1), '{"lc":2,'], (f) => `${f}:2: not JSON`],
  ];
  for (const [what, lines, message] of bad) {
    it(`${what}: one line naming file, line and field`, () => {
      const { dir, file } = serverFile(lines);
      expect(() => readServerTrace(dir, 's0')).toThrow(message(file));
    });
  }

  it('a torn last line (no newline) is named as such', () => {
    const { dir, file } = serverFile([start(1)]);
    writeFileSync(file, `${start(1)}\n${step(2)}`);
    expect(() => readServerTrace(dir, 's0')).toThrow(`${file}:2: the last line has no newline`);
  });

  it('a client record with a bad command names the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-read-traces-'));
    mkdirSync(clientTraceDir(dir));
    const file = join(clientTraceDir(dir), 'c1.ndjson');
    const before = { name: 'c1', sent: 0, busy: false, cmd: null, target: 0 };
    writeFileSync(file, `${JSON.stringify({ lc: 1, client: 'c1', before, action: { action: 'Request', c: 'c1', cmd: { op: 'cas', key: 'x' } } })}\n`);
    expect(() => readClientTraces(dir)).toThrow(`${file}:1: action.cmd.op: "cas" is neither "put" nor "get"`);
  });
});
