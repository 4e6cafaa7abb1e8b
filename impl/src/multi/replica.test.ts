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

describe('catching up', () => {
  // A run per heartbeat (64 slots every 50 ms, 1,280 a second) is slower
  // than a loaded cluster decides: a follower killed for 5 s under 64
  // clients had not caught up 12 s after its restart; now it takes 1.4 s.
  it('a replica far behind asks for the next run as soon as one arrives, until the leader has no more; a duplicate run asks nothing', () => {
    const leaderHas = 2_500;
    let leader = initServer(config, 's0').state;
    const decisions = Array.from({ length: leaderHas }, () => ({ bal: 0, entry: NOOP }));
    leader = { ...leader, replica: { ...leader.replica, decided: leader.replica.decided.setRun(1, decisions) } };
    let lagging = initServer(config, 's2').state;
    let ask: { type: 'catch-up'; from: string; first: number } | undefined = { type: 'catch-up', from: 's2', first: 1 };
    let rounds = 0;
    while (ask) {
      const answer = serverStep(config, leader, { kind: 'receive', from: 's2', msg: ask }).outputs.find((o) => o.kind === 'send');
      if (!answer || answer.kind !== 'send') break;
      rounds++;
      const step = serverStep(config, lagging, { kind: 'receive', from: 's0', msg: answer.msg });
      lagging = step.state;
      const next = step.outputs.find((o) => o.kind === 'send' && o.msg.type === 'catch-up');
      ask = next?.kind === 'send' && next.msg.type === 'catch-up' ? next.msg : undefined;
    }
    expect(lagging.replica.applied).toBe(leaderHas);
    // 1,024 + 1,024 + 452, then one more ask that the leader leaves unanswered.
    expect(rounds).toBe(3);
    expect(ask).toEqual({ type: 'catch-up', from: 's2', first: leaderHas + 1 });
    // The heartbeats ask too: an answer that decides nothing new starts no second chain.
    const again = serverStep(config, lagging, { kind: 'receive', from: 's0', msg: { type: 'decided', first: 1, decisions: decisions.slice(0, 10) } });
    expect(again.outputs.filter((o) => o.kind === 'send')).toEqual([]);
  });
});
