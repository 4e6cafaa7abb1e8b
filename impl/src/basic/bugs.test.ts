// Each seeded bug, driven through the reducers next to the correct ones: the
// behaviour differs in exactly the intended way, and the buggy step is still
// reported as the spec action it pretends to be (which is what lets the
// trace checker find the broken guard).
import { describe, expect, test } from 'vitest';
import { BUG_CATALOGUE, type Bugs } from './bugs.ts';
import { makeConfig, nextBallot, type PaxosConfig } from './config.ts';
import { initServer, recoverServer, serverStep, type ServerDurable, type ServerState } from './server.ts';
import { classifyStep, type SpecAction } from './spec-actions.ts';
import { threeAcceptors } from './test-config.ts';
import type { Input, Output, Step } from './io.ts';
import type { Message, NodeId } from './messages.ts';

const correct = threeAcceptors();
const receive = (msg: Message): Input => ({ kind: 'receive', from: 'x', msg });
const request = (val: string): Input => receive({ type: 'request', val });
const promise = (acc: string, bal: number, mbal = -1, mval: string | null = null): Input => receive({ type: '1b', acc, bal, mbal, mval });
const vote = (acc: string, bal: number, val: string): Input => receive({ type: '2b', acc, bal, val });

interface Driven {
  /** The node before the last input. */
  readonly before: ServerState;
  /** The step the last input caused. */
  readonly last: Step<ServerState>;
  /** What the last step is reported as. */
  readonly action: SpecAction;
  /** What the node's disk holds at the end: only what persist outputs wrote. */
  readonly disk: ServerDurable;
}

/** Node `id` of `config`, fed `inputs` in order, from `start` (a fresh node by default). */
function drive(config: PaxosConfig, id: NodeId, inputs: readonly Input[], start?: { node: ServerState; disk: ServerDurable }): Driven {
  let node = start?.node ?? initServer(config, id);
  let disk: ServerDurable = start?.disk ?? {};
  let before = node;
  let last: Step<ServerState> = { state: node, outputs: [] };
  let action: SpecAction = { action: 'Stutter' };
  for (const input of inputs) {
    before = node;
    last = serverStep(config, node, input);
    action = classifyStep(config, before, last.state, input, last.outputs);
    for (const o of last.outputs) if (o.kind === 'persist') disk = { ...disk, [o.role]: o.durable };
    node = last.state;
  }
  return { before, last, action, disk };
}

const sends = (outputs: readonly Output[]): Message[] => outputs.flatMap((o) => (o.kind === 'send' ? [o.msg] : []));
const proposal = (d: Driven) => (d.last.state.proposer?.round.phase === 'phase2' ? d.last.state.proposer.round.val : null);

describe('promiseNotPersisted', () => {
  const buggy = threeAcceptors({ promiseNotPersisted: true });

  test('the promise is sent and kept in memory, but never written to disk', () => {
    const good = drive(correct, 'a1', [receive({ type: '1a', bal: 3 })]);
    const bad = drive(buggy, 'a1', [receive({ type: '1a', bal: 3 })]);
    expect(good.last.outputs[0]).toEqual({ kind: 'persist', role: 'acceptor', durable: { maxBal: 3, maxVBal: -1, maxVal: null } });
    expect(bad.last.outputs).toEqual(good.last.outputs.slice(1));
    expect(bad.last.state.acceptor?.durable).toEqual(good.last.state.acceptor?.durable);
    expect(bad.disk).toEqual({});
    expect(bad.action).toEqual({ action: 'Phase1b', a: 'a1', b: 3 });
  });

  test('after a crash the acceptor has forgotten its promise and votes below it', () => {
    const promised = drive(buggy, 'a1', [receive({ type: '1a', bal: 3 })]);
    const rebuilt = recoverServer(buggy, 'a1', promised.disk);
    expect(rebuilt.acceptor?.durable.maxBal).toBe(-1);
    const below = drive(buggy, 'a1', [receive({ type: '2a', bal: 2, val: 'v' })], { node: rebuilt, disk: promised.disk });
    expect(below.last.state.acceptor?.durable).toEqual({ maxBal: 2, maxVBal: 2, maxVal: 'v' });
    // The correct acceptor remembers it and refuses.
    const kept = recoverServer(correct, 'a1', drive(correct, 'a1', [receive({ type: '1a', bal: 3 })]).disk);
    expect(drive(correct, 'a1', [receive({ type: '2a', bal: 2, val: 'v' })], { node: kept, disk: {} }).last.outputs).toEqual([
      { kind: 'send', to: 'p0', msg: { type: 'nack', acc: 'a1', bal: 2, promised: 3 } },
    ]);
  });

  test('a later vote persists the whole durable state, promise included', () => {
    const bad = drive(buggy, 'a1', [receive({ type: '1a', bal: 3 }), receive({ type: '2a', bal: 3, val: 'v' })]);
    expect(bad.disk).toEqual({ acceptor: { maxBal: 3, maxVBal: 3, maxVal: 'v' } });
  });
});

describe('promiseOmitsVote', () => {
  test('the promise reports no vote though the acceptor voted; its state is the same', () => {
    const inputs = [receive({ type: '2a', bal: 0, val: 'x' }), receive({ type: '1a', bal: 1 })];
    const good = drive(correct, 'a1', inputs);
    const bad = drive(threeAcceptors({ promiseOmitsVote: true }), 'a1', inputs);
    expect(sends(good.last.outputs)).toEqual([{ type: '1b', acc: 'a1', bal: 1, mbal: 0, mval: 'x' }]);
    expect(sends(bad.last.outputs)).toEqual([{ type: '1b', acc: 'a1', bal: 1, mbal: -1, mval: null }]);
    expect(bad.last.state).toEqual(good.last.state);
    expect(bad.action).toEqual({ action: 'Phase1b', a: 'a1', b: 1 });
  });
});

describe('proposeOwnValue', () => {
  const buggy = threeAcceptors({ proposeOwnValue: true });
  // p0 is pushed to ballot 4 by a nack, then hears two promises reporting votes.
  const toBallot4 = [receive({ type: 'nack', acc: 'a1', bal: -5, promised: 3 }), request('mine')];
  const votesReported = [promise('a1', 4, 1, 'old'), promise('a2', 4, 3, 'newer')];

  test('proposes its client’s value instead of the highest vote reported', () => {
    const good = drive(correct, 'p0', [...toBallot4, ...votesReported]);
    const bad = drive(buggy, 'p0', [...toBallot4, ...votesReported]);
    expect(proposal(good)).toBe('newer');
    expect(proposal(bad)).toBe('mine');
    expect(sends(bad.last.outputs)).toEqual(['a1', 'a2', 'a3'].map(() => ({ type: '2a', bal: 4, val: 'mine' })));
    expect(bad.action).toEqual({ action: 'Phase2a', p: 0, Q: ['a1', 'a2'], v: 'mine' });
  });

  test('without a value of its own it still adopts the highest vote reported', () => {
    const { proposer } = drive(buggy, 'p0', toBallot4).last.state;
    if (!proposer) throw new Error('p0 is a proposer');
    const noValue: ServerState = { id: 'p0', proposer: { ...proposer, value: null } }; // as in the proposer tests: no client value
    expect(proposal(drive(buggy, 'p0', votesReported, { node: noValue, disk: {} }))).toBe('newer');
  });
});

describe('proposeLowestVote', () => {
  test('adopts the lowest-ballot vote reported', () => {
    const inputs = [receive({ type: 'nack', acc: 'a1', bal: -5, promised: 3 }), request('mine'), promise('a1', 4, 1, 'old'), promise('a3', 4, 3, 'newer')];
    const good = drive(correct, 'p0', inputs);
    const bad = drive(threeAcceptors({ proposeLowestVote: true }), 'p0', inputs);
    expect(proposal(good)).toBe('newer');
    expect(proposal(bad)).toBe('old');
    expect(bad.action).toEqual({ action: 'Phase2a', p: 0, Q: ['a1', 'a3'], v: 'old' });
  });
});

describe('quorumCountsDuplicates', () => {
  const inputs = [request('v'), promise('a1', 0), promise('a1', 0)];

  test('a duplicated promise completes a “quorum” of one acceptor; Q is reported as the one acceptor', () => {
    const good = drive(correct, 'p0', inputs);
    const bad = drive(threeAcceptors({ quorumCountsDuplicates: true }), 'p0', inputs);
    expect(good.last.state.proposer?.round).toEqual({ phase: 'phase1', promises: { a1: { mbal: -1, mval: null } } });
    expect(proposal(bad)).toBe('v');
    expect(bad.before.proposer?.round).toEqual({ phase: 'phase1', promises: { a1: { mbal: -1, mval: null } }, replies: 1 });
    expect(bad.action).toEqual({ action: 'Phase2a', p: 0, Q: ['a1'], v: 'v' });
  });

  test('weighted: each reply counts its sender’s weight, against more than half of the total', () => {
    const weights = { a1: 2, a2: 1, a3: 1 };
    const bad = makeConfig({ proposers: ['p0'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1'], weights, bugs: { quorumCountsDuplicates: true } });
    const good = makeConfig({ proposers: ['p0'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1'], weights });
    const twice = [request('v'), promise('a2', 0), promise('a2', 0)];
    expect(drive(bad, 'p0', twice).last.state.proposer?.round.phase).toBe('phase1'); // 2 of 4: not more than half
    expect(proposal(drive(bad, 'p0', [...twice, promise('a2', 0)]))).toBe('v'); // 3 of 4
    expect(drive(good, 'p0', [...twice, promise('a2', 0)]).last.state.proposer?.round.phase).toBe('phase1');
  });
});

describe('ballotsNotUnique', () => {
  const buggy = threeAcceptors({ ballotsNotUnique: true });

  test('the next ballot is the highest seen + 1, whoever owns it', () => {
    expect([nextBallot(correct, 1, -1), nextBallot(correct, 0, 4)]).toEqual([1, 6]);
    expect([nextBallot(buggy, 1, -1), nextBallot(buggy, 0, 4)]).toEqual([0, 5]);
  });

  test('two proposers begin the same ballot; the non-owner’s step is still Phase1a', () => {
    const p0 = drive(buggy, 'p0', [request('v')]);
    const p1 = drive(buggy, 'p1', [request('w')]);
    expect([p0.last.state.proposer?.durable.pBal, p1.last.state.proposer?.durable.pBal]).toEqual([0, 0]);
    expect(drive(correct, 'p1', [request('w')]).last.state.proposer?.durable.pBal).toBe(1);
    expect(p1.action).toEqual({ action: 'Phase1a', p: 1, b: 0 });
  });
});

describe('learnerMinority', () => {
  test('learns from the first vote', () => {
    const good = drive(correct, 'l1', [vote('a1', 2, 'v')]);
    const bad = drive(threeAcceptors({ learnerMinority: true }), 'l1', [vote('a1', 2, 'v')]);
    expect(good.last.state.learner?.durable.learned).toBeNull();
    expect(bad.last.state.learner?.durable.learned).toBe('v');
    expect(bad.last.outputs).toContainEqual({ kind: 'learned', val: 'v' });
    expect(bad.action).toEqual({ action: 'Learn', l: 'l1', b: 2, v: 'v' });
  });
});

describe('learnerMixesBallots', () => {
  const buggy = threeAcceptors({ learnerMixesBallots: true });

  test('adds up votes for a value across ballots', () => {
    const inputs = [vote('a1', 0, 'v'), vote('a2', 1, 'v')];
    expect(drive(correct, 'l1', inputs).last.state.learner?.durable.learned).toBeNull();
    const bad = drive(buggy, 'l1', inputs);
    expect(bad.last.state.learner?.durable.learned).toBe('v');
    expect(bad.action).toEqual({ action: 'Learn', l: 'l1', b: 1, v: 'v' });
  });

  test('still counts only votes for that value, and each acceptor once', () => {
    expect(drive(buggy, 'l1', [vote('a1', 0, 'w'), vote('a2', 1, 'v')]).last.state.learner?.durable.learned).toBeNull();
    expect(drive(buggy, 'l1', [vote('a1', 0, 'v'), vote('a1', 1, 'v')]).last.state.learner?.durable.learned).toBeNull();
  });
});

describe('the catalogue', () => {
  test('lists every switch once, with its kebab-case flag and a description', () => {
    const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    expect(BUG_CATALOGUE.map((b) => b.flag)).toEqual([
      'accept-below-promise',
      'promise-not-persisted',
      'promise-omits-vote',
      'propose-own-value',
      'propose-lowest-vote',
      'quorum-counts-duplicates',
      'ballots-not-unique',
      'learner-minority',
      'learner-mixes-ballots',
    ]);
    for (const b of BUG_CATALOGUE) {
      expect(b.flag).toBe(kebab(b.name));
      expect(b.description).toMatch(/^[A-Z].*\.$/);
    }
  });

  test('each switch alone changes what some reducer does (none is dead)', () => {
    // One input sequence per switch on which its reducer's outputs differ.
    const witnesses: Record<keyof Required<Bugs>, { id: NodeId; inputs: Input[] }> = {
      acceptBelowPromise: { id: 'a1', inputs: [receive({ type: '1a', bal: 3 }), receive({ type: '2a', bal: 2, val: 'v' })] },
      promiseNotPersisted: { id: 'a1', inputs: [receive({ type: '1a', bal: 3 })] },
      promiseOmitsVote: { id: 'a1', inputs: [receive({ type: '2a', bal: 0, val: 'x' }), receive({ type: '1a', bal: 1 })] },
      proposeOwnValue: { id: 'p0', inputs: [receive({ type: 'nack', acc: 'a1', bal: 0, promised: 1 }), request('mine'), promise('a1', 2, 0, 'old'), promise('a2', 2)] },
      proposeLowestVote: { id: 'p1', inputs: [receive({ type: 'nack', acc: 'a1', bal: 1, promised: 4 }), request('mine'), promise('a1', 5, 1, 'old'), promise('a2', 5, 3, 'new')] },
      quorumCountsDuplicates: { id: 'p0', inputs: [request('v'), promise('a1', 0), promise('a1', 0)] },
      ballotsNotUnique: { id: 'p1', inputs: [request('v')] },
      learnerMinority: { id: 'l1', inputs: [vote('a1', 0, 'v')] },
      learnerMixesBallots: { id: 'l1', inputs: [vote('a1', 0, 'v'), vote('a2', 1, 'v')] },
    };
    for (const { name } of BUG_CATALOGUE) {
      const { id, inputs } = witnesses[name];
      const good = drive(correct, id, inputs);
      const bad = drive(threeAcceptors({ [name]: true }), id, inputs);
      expect({ name, outputs: bad.last.outputs }).not.toEqual({ name, outputs: good.last.outputs });
    }
  });
});
