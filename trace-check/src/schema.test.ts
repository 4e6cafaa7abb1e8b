// trace.schema.json is what other implementations write against: every
// line the simulator writes must validate, and lines the reader rejects
// must not.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { parseTrace } from './format.ts';
import { MULTIPAXOS } from './profiles.ts';
import { walkSpec } from './spec-walk.ts';

const schema = JSON.parse(readFileSync(new URL('../trace.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);

describe('trace.schema.json', () => {
  it('accepts every line of a simulated run with every kind of fault', () => {
    const config = makeConfig({ proposers: ['p0', 'p1'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1'], weights: { a1: 2, a2: 1, a3: 1 } });
    const { text } = simulateToTrace({ config, seed: 3, steps: 3000, faults: parseFaults('loss=0.2,dup=0.1,crash=0.02,partition=0.01') });
    const lines = text.trimEnd().split('\n');
    const kinds = new Set<string>();
    for (const [i, line] of lines.entries()) {
      const x = JSON.parse(line) as Record<string, unknown>;
      kinds.add(i === 0 ? 'header' : typeof x.event === 'string' ? x.event : 'step');
      expect(validate(x), `line ${i + 1}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
    }
    expect([...kinds].sort()).toEqual(['duplicated', 'header', 'heal', 'lost', 'partition', 'recover', 'step']);
    expect(() => parseTrace('sim.ndjson', text)).not.toThrow();
  });

  it('accepts every line of a Multi-Paxos trace written from the spec', () => {
    const { text } = walkSpec({
      profile: MULTIPAXOS,
      constants: { NumServers: 3, Quorums: [[0, 1], [0, 2], [1, 2], [0, 1, 2]], Clients: ['c1'], MaxRequests: 2, Keys: ['k1'], Vals: ['v1'], MaxSlot: 2, MaxBallot: 1, Window: 2, Replicas: [0, 1] },
      steps: 40,
      seed: 3,
    });
    for (const [i, line] of text.trimEnd().split('\n').entries()) expect(validate(JSON.parse(line)), `line ${i + 1}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
  });

  it.each([
    ['a line that is neither a step nor an event', { seq: 3, node: 's1' }],
    ['a step without vars', { seq: 3, node: 's1', action: 'Phase1a', params: {}, sent: [] }],
    ['a step whose message has no type', { seq: 3, node: 's1', action: 'Stutter', params: {}, sent: [{ msg: { bal: 1 } }], vars: {} }],
    ['a fractional ballot', { seq: 3, node: 's1', action: 'Phase1a', params: { p: 0, b: 1.5 }, sent: [], vars: {} }],
    ['a header of another version', { format: 'paxos-ref/trace', version: 2, spec: 'Paxos', constants: {} }],
  ])('rejects %s, as the reader does', (_name, line) => {
    expect(validate(line)).toBe(false);
    const header = JSON.stringify({ format: 'paxos-ref/trace', version: 1, spec: 'Paxos', constants: {} });
    const text = 'format' in line ? `${JSON.stringify(line)}\n` : `${header}\n${JSON.stringify(line)}\n`;
    expect(() => parseTrace('t.ndjson', text)).toThrow();
  });
});
