import { describe, expect, test } from 'vitest';
import { initProposer, proposerStep, type ProposerState } from './proposer.ts';
import { nextBallot } from './config.ts';
import { threeAcceptors } from './test-config.ts';
import type { Input, Output } from './io.ts';
import type { Message } from './messages.ts';

const config = threeAcceptors();
const receive = (msg: Message): Input => ({ kind: 'receive', from: 'x', msg });
const promise = (acc: string, bal: number, mbal = -1, mval: string | null = null): Message => ({ type: '1b', acc, bal, mbal, mval });
const run = (s: ProposerState, ...inputs: Input[]) => inputs.reduce((st, i) => proposerStep(config, st, i).state, s);
const sends = (outputs: readonly Output[]) => outputs.filter((o) => o.kind === 'send').map((o) => (o.kind === 'send' ? [o.to, o.msg] : null));

describe('ballots', () => {
  test('are owned by proposer index in the low part, and the next one overtakes what was seen', () => {
    expect([nextBallot(config, 0, -1), nextBallot(config, 1, -1), nextBallot(config, 0, 0), nextBallot(config, 1, 4), nextBallot(config, 0, 5)]).toEqual([0, 1, 2, 5, 6]);
  });
});

describe('proposer', () => {
  test('a client request starts a ballot: persist the ballot, then 1a to every acceptor, then a round timer', () => {
    const r = proposerStep(config, initProposer(config, 'p1'), receive({ type: 'request', val: 'v' }));
    expect(r.state.durable.pBal).toBe(1);
    expect(r.state.round).toEqual({ phase: 'phase1', promises: {} });
    expect(r.outputs).toEqual([
      { kind: 'persist', role: 'proposer', durable: { pBal: 1 } },
      { kind: 'send', to: 'a1', msg: { type: '1a', bal: 1 } },
      { kind: 'send', to: 'a2', msg: { type: '1a', bal: 1 } },
      { kind: 'send', to: 'a3', msg: { type: '1a', bal: 1 } },
      { kind: 'set-timer', timer: 'round', bal: 1, delay: config.timing.roundTimeout, jitter: 0 },
    ]);
  });

  test('with a quorum of promises and no votes reported, proposes the client’s value', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'mine' }), receive(promise('a1', 0)));
    expect(s.round.phase).toBe('phase1');
    const r = proposerStep(config, s, receive(promise('a3', 0)));
    expect(r.state.round).toEqual({ phase: 'phase2', val: 'mine' });
    expect(sends(r.outputs)).toEqual(['a1', 'a2', 'a3'].map((a) => [a, { type: '2a', bal: 0, val: 'mine' }]));
  });

  test('proposes the value of the highest-ballot vote reported, not its own', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'nack', acc: 'a1', bal: -5, promised: 3 }), receive({ type: 'request', val: 'mine' }));
    expect(s.durable.pBal).toBe(4);
    const r = proposerStep(config, run(s, receive(promise('a1', 4, 1, 'old'))), receive(promise('a2', 4, 3, 'newer')));
    expect(r.state.round).toEqual({ phase: 'phase2', val: 'newer' });
  });

  test('a duplicated promise does not count twice towards a quorum', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }), receive(promise('a1', 0)), receive(promise('a1', 0)));
    expect(s.round.phase).toBe('phase1');
  });

  test('ignores promises of another ballot and from non-acceptors', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }), receive(promise('a1', 2)), receive(promise('zz', 0)), receive(promise('a2', 0)));
    expect(s.round.phase).toBe('phase1');
  });

  test('free to choose but without a client value, it waits for a request, then proposes it', () => {
    let s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }));
    s = { ...s, value: null }; // as if the value were lost: recovery below shows the real path
    s = run(s, receive(promise('a1', 0)), receive(promise('a2', 0)));
    expect(s.round.phase).toBe('phase1');
    const r = proposerStep(config, s, receive({ type: 'request', val: 'late' }));
    expect(r.state.round).toEqual({ phase: 'phase2', val: 'late' });
  });

  test('a nack for its ballot makes it give up and back off; the backoff timer starts a higher ballot', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }));
    const r = proposerStep(config, s, receive({ type: 'nack', acc: 'a2', bal: 0, promised: 7 }));
    expect(r.state.round.phase).toBe('idle');
    expect(r.outputs).toEqual([{ kind: 'set-timer', timer: 'backoff', bal: 0, delay: config.timing.backoffBase, jitter: config.timing.backoffBase }]);
    const retry = proposerStep(config, r.state, { kind: 'timer', timer: 'backoff', bal: 0 });
    expect(retry.state.durable.pBal).toBe(8);
    expect(retry.state.round.phase).toBe('phase1');
  });

  test('backoff doubles with each consecutive failure, up to the cap', () => {
    let s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }));
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = proposerStep(config, s, { kind: 'timer', timer: 'round', bal: s.durable.pBal });
      const t = r.outputs[0];
      delays.push(t?.kind === 'set-timer' ? t.delay : -1);
      s = run(r.state, { kind: 'timer', timer: 'backoff', bal: r.state.durable.pBal });
    }
    expect(delays).toEqual([10, 20, 40, 80, 160, 200, 200, 200]);
  });

  test('a stale timer (set for an older ballot) does nothing', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }), receive({ type: 'nack', acc: 'a1', bal: 0, promised: 1 }), { kind: 'timer', timer: 'backoff', bal: 0 });
    expect(s.durable.pBal).toBe(2);
    expect(proposerStep(config, s, { kind: 'timer', timer: 'round', bal: 0 })).toEqual({ state: s, outputs: [] });
  });

  test('recovery keeps only the ballot: the next ballot is higher', () => {
    const s = run(initProposer(config, 'p1'), receive({ type: 'request', val: 'v' }), { kind: 'recover' });
    expect(s.durable.pBal).toBe(1);
    expect(s.value).toBeNull();
    expect(s.round.phase).toBe('idle');
    expect(run(s, receive({ type: 'request', val: 'w' })).durable.pBal).toBe(3);
  });

  test('a decision stops it; a client asking again makes it tell the learners', () => {
    const s = run(initProposer(config, 'p0'), receive({ type: 'request', val: 'v' }), receive({ type: 'decided', bal: 1, val: 'w' }));
    expect(s.round).toEqual({ phase: 'decided', bal: 1, val: 'w' });
    expect(proposerStep(config, s, { kind: 'timer', timer: 'round', bal: 0 }).outputs).toEqual([]);
    expect(proposerStep(config, s, receive({ type: 'request', val: 'v' })).outputs).toEqual([
      { kind: 'send', to: 'l1', msg: { type: 'decided', bal: 1, val: 'w' } },
    ]);
  });
});
