import { describe, expect, test } from 'vitest';
import { initLearner, learnerStep, type LearnerState } from './learner.ts';
import { makeConfig } from './config.ts';
import { threeAcceptors } from './test-config.ts';
import type { Input } from './io.ts';
import type { Message } from './messages.ts';

const config = threeAcceptors();
const vote = (acc: string, bal: number, val: string): Input => ({ kind: 'receive', from: acc, msg: { type: '2b', acc, bal, val } satisfies Message });
const run = (s: LearnerState, ...inputs: Input[]) => inputs.reduce((st, i) => learnerStep(config, st, i).state, s);

describe('learner', () => {
  test('learns a value voted for by a quorum in one ballot: persist, notify, tell the proposers', () => {
    const s = run(initLearner('l1'), vote('a1', 2, 'v'));
    expect(s.durable.learned).toBeNull();
    const r = learnerStep(config, s, vote('a3', 2, 'v'));
    expect(r.state.durable.learned).toBe('v');
    expect(r.outputs).toEqual([
      { kind: 'persist', role: 'learner', durable: { learned: 'v' } },
      { kind: 'learned', val: 'v' },
      { kind: 'send', to: 'p0', msg: { type: 'decided', bal: 2, val: 'v' } },
      { kind: 'send', to: 'p1', msg: { type: 'decided', bal: 2, val: 'v' } },
    ]);
  });

  test('does not add up votes from different ballots', () => {
    expect(run(initLearner('l1'), vote('a1', 0, 'v'), vote('a2', 1, 'v')).durable.learned).toBeNull();
  });

  test('does not count one acceptor twice', () => {
    expect(run(initLearner('l1'), vote('a1', 0, 'v'), vote('a1', 0, 'v')).durable.learned).toBeNull();
  });

  test('weighted quorums: a heavy acceptor and one other suffice, two light ones do not', () => {
    const weighted = makeConfig({ proposers: ['p0'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1'], weights: { a1: 2, a2: 1, a3: 1 } });
    const step = (s: LearnerState, ...inputs: Input[]) => inputs.reduce((st, i) => learnerStep(weighted, st, i).state, s);
    expect(step(initLearner('l1'), vote('a2', 0, 'v'), vote('a3', 0, 'v')).durable.learned).toBeNull();
    expect(step(initLearner('l1'), vote('a1', 0, 'v'), vote('a3', 0, 'v')).durable.learned).toBe('v');
  });

  test('a learner that missed the votes learns from a decision notice', () => {
    const r = learnerStep(config, initLearner('l1'), { kind: 'receive', from: 'p0', msg: { type: 'decided', bal: 3, val: 'v' } });
    expect(r.state.durable.learned).toBe('v');
    expect(r.outputs[0]).toEqual({ kind: 'persist', role: 'learner', durable: { learned: 'v' } });
  });

  test('keeps what it learned across a crash', () => {
    const s = run(initLearner('l1'), vote('a1', 0, 'v'), vote('a2', 0, 'v'), { kind: 'recover' });
    expect(s.durable.learned).toBe('v');
  });
});
