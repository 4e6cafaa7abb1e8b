import { describe, expect, it } from 'vitest';
import { makeMultiConfig } from './config.ts';
import { NOOP, type Entry } from './messages.ts';
import { initServer, serverStep } from './server.ts';
import type { ServerState } from './state.ts';

const config = makeMultiConfig({ servers: ['s0', 's1', 's2'] });

/** s2 hears s0's 2b for slots first.. (one vote of the two a decision needs). */
const vote = (state: ServerState, first: number, n: number): ServerState =>
  serverStep(config, state, { kind: 'receive', from: 's0', msg: { type: '2b', acc: 's0', bal: 0, first, entries: Array.from({ length: n }, (): Entry => NOOP) } }).state;

describe('vote counting', () => {
  it('a slot is decided by a quorum in one ballot, and its tally is dropped then', () => {
    let s = vote(initServer(config, 's2').state, 1, 2);
    expect([s.replica.tallies.has(1), s.replica.decided.has(1)]).toEqual([true, false]);
    s = serverStep(config, s, { kind: 'receive', from: 's1', msg: { type: '2b', acc: 's1', bal: 0, first: 1, entries: [NOOP] } }).state;
    expect([s.replica.tallies.has(1), s.replica.decided.has(1), s.replica.tallies.has(2)]).toEqual([false, true, true]);
  });

  it('a vote shares the tallies of every other open slot (a flat map copied per vote made a lagging replica slower the further it lagged)', () => {
    const lagging = vote(initServer(config, 's2').state, 1, 10_000);
    const after = vote(lagging, 10_001, 1);
    const pages = (s: ServerState) => (s.replica.tallies as unknown as { pages: unknown[] }).pages;
    expect(pages(after).filter((p, i) => p !== pages(lagging)[i])).toHaveLength(1);
    expect(after.replica.tallies.get(5_000)).toBe(lagging.replica.tallies.get(5_000));
  });
});
