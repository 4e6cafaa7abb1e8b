import { describe, expect, it } from 'vitest';
import { parseTrace, TraceFormatError } from './format.ts';

const HEADER = JSON.stringify({ format: 'paxos-ref/trace', version: 1, spec: 'Paxos', constants: { Acceptors: ['a1'], Quorums: [['a1']], NumProposers: 1, Learners: ['l1'] } });
const STEP = { seq: 1, node: 'p0', action: 'Phase1a', params: { p: 0, b: 0 }, sent: [{ to: 'a1', msg: { type: '1a', bal: 0 } }], vars: { pBal: { '0': 0 } } };

function formatError(text: string): TraceFormatError {
  try {
    parseTrace('t.ndjson', text);
  } catch (e) {
    if (e instanceof TraceFormatError) return e;
    throw e;
  }
  throw new Error('expected a format error');
}

describe('reading a trace', () => {
  it('reads a header, steps and events, with their line numbers', () => {
    const t = parseTrace('t.ndjson', [HEADER, JSON.stringify(STEP), JSON.stringify({ seq: 2, event: 'lost', msg: { type: '1a', bal: 0 } })].join('\n') + '\n');
    expect(t.header.spec).toBe('Paxos');
    expect(t.steps).toHaveLength(1);
    expect(t.steps[0]!.line).toBe(2);
    expect(t.events).toBe(1);
    expect(t.lines).toBe(3);
  });

  it.each([
    ['an empty file', '', 1, null, /empty/],
    ['bad JSON', `${HEADER}\n{"seq": 1,`, 2, null, /not valid JSON/],
    ['a wrong format', JSON.stringify({ format: 'other', version: 1 }), 1, 'format', /paxos-ref\/trace/],
    ['a wrong version', JSON.stringify({ format: 'paxos-ref/trace', version: 7, spec: 'Paxos', constants: {} }), 1, 'version', /version 1/],
    ['a header without constants', JSON.stringify({ format: 'paxos-ref/trace', version: 1, spec: 'Paxos' }), 1, 'constants', /missing/],
    ['a step without action', `${HEADER}\n${JSON.stringify({ ...STEP, action: undefined })}`, 2, 'action', /missing/],
    ['a step without vars', `${HEADER}\n${JSON.stringify({ ...STEP, vars: undefined })}`, 2, 'vars', /missing/],
    ['a sent entry without a message', `${HEADER}\n${JSON.stringify({ ...STEP, sent: [{ to: 'a1' }] })}`, 2, 'sent[0].msg', /missing/],
    ['a message without a type', `${HEADER}\n${JSON.stringify({ ...STEP, sent: [{ to: 'a1', msg: { bal: 0 } }] })}`, 2, 'sent[0].msg.type', /missing/],
    ['a fractional number', `${HEADER}\n${JSON.stringify({ ...STEP, params: { p: 0, b: 0.5 } })}`, 2, 'params.b', /not an integer/],
    ['a seq that goes back', `${HEADER}\n${JSON.stringify(STEP)}\n${JSON.stringify(STEP)}`, 3, 'seq', /does not follow/],
    ['an empty line', `${HEADER}\n\n${JSON.stringify(STEP)}`, 2, null, /empty line/],
  ])('rejects %s with file, line and field', (_name, text, line, field, reason) => {
    const e = formatError(text);
    expect(e.file).toBe('t.ndjson');
    expect(e.line).toBe(line);
    expect(e.field).toBe(field);
    expect(e.reason).toMatch(reason);
    expect(e.message.split('\n')).toHaveLength(1);
    expect(e.message.startsWith(`t.ndjson:${line}: `)).toBe(true);
  });
});
