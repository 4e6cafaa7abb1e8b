// The Multi-Paxos simulator from a seed: the same seed gives the same trace
// byte for byte, and under every mix of faults tried the spec's safety
// properties hold after every step and the clients' history is linearizable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFaults } from '../sim/faults.ts';
import { simulateMulti } from './run.ts';
import { simulateMultiToTrace } from './trace.ts';

describe('the Multi-Paxos simulator', () => {
  it('same seed, same trace, byte for byte; another seed, another run', () => {
    const opts = { seed: 11, steps: 3000, faults: parseFaults('loss=0.1,dup=0.05,crash=0.01,partition=0.01') };
    const a = simulateMultiToTrace(opts);
    const b = simulateMultiToTrace(opts);
    expect(a.text).toBe(b.text);
    expect(a.result.committed).toBeGreaterThan(0);
    expect(simulateMultiToTrace({ ...opts, seed: 12 }).text).not.toBe(a.text);
    const header = JSON.parse(a.text.slice(0, a.text.indexOf('\n'))) as Record<string, unknown>;
    expect(header).toMatchObject({ spec: 'MultiPaxos', complete: true, constants: { NumServers: 3, Keys: ['k1', 'k2', 'k3'], Vals: ['v1', 'v2', 'v3', 'v4'] } });
  });

  it('without faults every command is committed, applied everywhere, and the history is linearizable', () => {
    const r = simulateMulti({ seed: 1, steps: 4000, faults: parseFaults('none'), clients: 4 });
    expect(r.violation).toBeUndefined();
    expect(r.committed).toBeGreaterThan(100);
    expect(r.applied.min).toBeGreaterThan(r.applied.max - 10);
    expect(r.leaderChanges).toBe(0);
    expect(r.linearizable?.ok).toBe(true);
  });

  it('under faults: zero violations and a linearizable history, for any seed and mix', () => {
    const mix = fc.record({
      loss: fc.constantFrom(0, 0.05, 0.2),
      dup: fc.constantFrom(0, 0.1, 0.3),
      crash: fc.constantFrom(0, 0.005, 0.02),
      partition: fc.constantFrom(0, 0.005, 0.02),
      delayMax: fc.constantFrom(1, 10, 40),
    });
    fc.assert(
      fc.property(fc.nat(1_000_000), mix, (seed, m) => {
        const faults = parseFaults(`loss=${m.loss},dup=${m.dup},crash=${m.crash},partition=${m.partition},delay=1-${m.delayMax}`);
        const r = simulateMulti({ seed, steps: 1500, faults, clients: 3, maxBatch: 4, window: 4 });
        expect(r.violation?.violation.message).toBeUndefined();
        expect(r.linearizable?.ok).toBe(true);
      }),
      { numRuns: 25, seed: 42 },
    );
  });
});
