// The failure cases of the classic descriptions of Paxos, each scripted
// event by event on the real reducers.  After every step the world checks
// Agreement, Validity and LearnedIsChosen; each test also checks the
// outcome the scenario is about.
import { describe, expect, test } from 'vitest';
import { makeConfig } from '../../basic/config.ts';
import { chosenValues } from '../../basic/spec-view.ts';
import { World, type WorldEvent } from './world.ts';
import { all, any, deliverWhere, dropWhere, fireTimers, from, ofType, runUntil, settle, to } from './script.ts';
import { Rng } from './rng.ts';

const config = makeConfig({ proposers: ['p0', 'p1'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1', 'l2'] });

function world(seed = 0) {
  const events: WorldEvent[] = [];
  const w = new World(config, { rng: new Rng(seed), onEvent: (e) => events.push(e) });
  return { w, events };
}

const chosen = (w: World) => [...chosenValues(config, w.msgs.values())];
const learnedBy = (w: World, l: string) => w.node(l).learner!.durable.learned;
const actions = (events: WorldEvent[], name: string) => events.filter((e) => (e.kind === 'step' || e.kind === 'crash') && e.action.action === name);

describe('failure of an acceptor', () => {
  test('with one of three acceptors down, a quorum remains and a value is chosen and learned', () => {
    const { w } = world();
    w.crash('a3');
    w.request('c', 'p0', 'v');
    settle(w);
    expect(chosen(w)).toEqual(['v']);
    expect([learnedBy(w, 'l1'), learnedBy(w, 'l2')]).toEqual(['v', 'v']);
    expect(w.violation).toBeNull();
  });

  test('an acceptor that crashes after promising still honours the promise after restarting (it was on disk)', () => {
    const { w } = world();
    w.request('c', 'p1', 'v1');
    deliverWhere(w, ofType('request', '1a')); // every acceptor promises ballot 1
    w.crash('a1');
    w.recover('a1');
    expect(w.node('a1').acceptor!.durable.maxBal).toBe(1);
    w.request('c', 'p0', 'v0');
    deliverWhere(w, all(to('p0'), ofType('request'))); // p0 begins ballot 0, below the promise
    deliverWhere(w, all(to('a1'), ofType('1a'), from('p0')));
    expect(w.inFlight.filter(ofType('nack')).map((e) => e.msg)).toContainEqual({ type: 'nack', acc: 'a1', bal: 0, promised: 1 });
    expect(w.violation).toBeNull();
  });
});

describe('failure of a redundant learner', () => {
  test('the other learner learns; the failed one catches up after restarting, when a client asks again', () => {
    const { w } = world();
    w.crash('l2');
    w.request('c', 'p0', 'v');
    settle(w);
    expect(learnedBy(w, 'l1')).toBe('v');
    expect(learnedBy(w, 'l2')).toBeNull();
    w.recover('l2');
    w.request('c', 'p0', 'v'); // the client retries; p0 knows the decision and passes it on
    settle(w);
    expect(learnedBy(w, 'l2')).toBe('v');
    expect(w.violation).toBeNull();
  });
});

describe('failure of the proposer after proposing', () => {
  test('its value reached one acceptor only: the next proposer may choose its own value', () => {
    const { w } = world();
    w.request('c0', 'p0', 'v0');
    deliverWhere(w, any(ofType('request', '1a'), ofType('1b')));
    expect(w.inFlight.filter(ofType('2a'))).toHaveLength(3);
    deliverWhere(w, all(ofType('2a'), to('a1'))); // a1 votes v0 in ballot 0
    w.crash('p0');
    dropWhere(w, any(ofType('2a'), ofType('2b'))); // the other 2a and a1's vote are lost
    w.request('c1', 'p1', 'v1');
    // p1's phase 1 hears from a2 and a3, which never voted: v1 is safe.
    settle(w, any(all(ofType('1a'), to('a1')), ofType('nack')));
    expect(chosen(w)).toEqual(['v1']);
    expect(w.violation).toBeNull();
  });

  test('its value reached a quorum: the next proposer must find it and choose it again, not its own', () => {
    const { w, events } = world();
    w.request('c0', 'p0', 'v0');
    deliverWhere(w, any(ofType('request', '1a'), ofType('1b')));
    deliverWhere(w, all(ofType('2a'), any(to('a1'), to('a2')))); // v0 chosen in ballot 0 by {a1, a2}
    w.crash('p0');
    dropWhere(w, any(ofType('2a'), ofType('2b')));
    expect(chosen(w)).toEqual(['v0']);
    w.request('c1', 'p1', 'v1');
    settle(w);
    const proposals = actions(events, 'Phase2a').map((e) => (e.kind === 'step' ? e.action : null));
    expect(proposals).toContainEqual({ action: 'Phase2a', p: 1, Q: expect.any(Array), v: 'v0' });
    expect(chosen(w)).toEqual(['v0']);
    expect([learnedBy(w, 'l1'), learnedBy(w, 'l2')]).toEqual(['v0', 'v0']);
    expect(w.violation).toBeNull();
  });
});

describe('duelling proposers', () => {
  test('each pre-empts the other for several rounds; then the randomized backoff lets one win', () => {
    const { w, events } = world(7);
    w.request('c0', 'p0', 'v0');
    w.request('c1', 'p1', 'v1');
    deliverWhere(w, ofType('request'));
    // Both began a ballot.  Each round, the loser's 2a arrives after the
    // winner's 1a: the acceptors nack it and the loser backs off and comes
    // back with a higher ballot, pre-empting the other in turn.
    const rounds = 4;
    let [loser, winner] = ['p0', 'p1'];
    for (let round = 0; round < rounds; round++) {
      deliverWhere(w, any(all(ofType('1a'), from(loser)), all(ofType('1b'), to(loser)))); // loser completes phase 1, its 2a is in flight
      deliverWhere(w, any(all(ofType('1a'), from(winner)), all(ofType('1b'), to(winner)))); // winner's higher ballot overtakes it
      deliverWhere(w, any(all(ofType('2a'), from(loser)), all(ofType('nack'), to(loser)))); // loser's 2a is refused
      expect(w.node(loser).proposer!.round.phase).toBe('idle');
      fireTimers(w, loser, 'backoff'); // loser retries with a higher ballot
      [loser, winner] = [winner, loser];
    }
    // Two first ballots, then one more per pre-empted round.
    expect(actions(events, 'Phase1a').length).toBe(2 + rounds);
    expect(Math.max(w.node('p0').proposer!.durable.pBal, w.node('p1').proposer!.durable.pBal)).toBe(1 + rounds);
    expect(w.violation).toBeNull();
    // Now let the world run on its own timers and delays.
    expect(runUntil(w, () => learnedBy(w, 'l1') !== null && learnedBy(w, 'l2') !== null)).toBe(true);
    expect(chosen(w)).toHaveLength(1);
    expect(w.violation).toBeNull();
  });
});

describe('communication failures', () => {
  test('lost promises: the round times out, the proposer backs off and succeeds with a higher ballot', () => {
    const { w } = world();
    w.request('c', 'p0', 'v');
    deliverWhere(w, any(ofType('request'), ofType('1a')));
    expect(dropWhere(w, ofType('1b'))).toBe(3);
    fireTimers(w, 'p0', 'round');
    expect(w.node('p0').proposer!.round.phase).toBe('idle');
    fireTimers(w, 'p0', 'backoff');
    expect(w.node('p0').proposer!.durable.pBal).toBe(2);
    settle(w);
    expect(chosen(w)).toEqual(['v']);
  });

  test('lost accept requests: the retry finds the one vote that got through and keeps its value', () => {
    const { w } = world();
    w.request('c', 'p0', 'v');
    deliverWhere(w, any(ofType('request', '1a'), ofType('1b')));
    deliverWhere(w, all(ofType('2a'), to('a3')));
    dropWhere(w, ofType('2a', '2b'));
    fireTimers(w, 'p0', 'round');
    fireTimers(w, 'p0', 'backoff');
    w.request('c', 'p0', 'other'); // a different request now cannot change the value
    settle(w);
    expect(chosen(w)).toEqual(['v']);
    expect(w.violation).toBeNull();
  });

  test('duplicated messages: a promise or vote counted once, a repeated 1a answered with the same promise', () => {
    const { w } = world();
    w.request('c', 'p0', 'v');
    deliverWhere(w, ofType('request'));
    for (const e of w.inFlight.filter(ofType('1a'))) w.duplicate(e);
    deliverWhere(w, ofType('1a'));
    const promises = w.inFlight.filter(ofType('1b'));
    expect(promises).toHaveLength(6); // a repeated 1a of the ballot joined gets the same promise again
    expect(new Set(promises.map((e) => JSON.stringify(e.msg))).size).toBe(3);
    deliverWhere(w, all(ofType('1b'), from('a1')));
    expect(w.node('p0').proposer!.round.phase).toBe('phase1'); // a1 twice is not a quorum
    deliverWhere(w, ofType('1b'));
    for (const e of w.inFlight.filter(all(ofType('2a'), to('a1')))) w.duplicate(e);
    deliverWhere(w, ofType('2a'));
    const votesToL1 = w.inFlight.filter(all(ofType('2b'), to('l1'), from('a1')));
    expect(votesToL1).toHaveLength(2);
    for (const e of votesToL1) w.deliver(e);
    expect(learnedBy(w, 'l1')).toBeNull(); // a1's vote twice is not a quorum
    settle(w);
    expect(learnedBy(w, 'l1')).toBe('v');
  });

  test('a late accept request from an old ballot is refused, and cannot change the value', () => {
    const { w } = world();
    w.request('c0', 'p0', 'v0');
    deliverWhere(w, any(ofType('request', '1a'), ofType('1b'))); // p0's 2a(0, v0) in flight, held back
    w.request('c1', 'p1', 'v1');
    deliverWhere(w, any(ofType('request', '1a', '1b'), all(ofType('2a'), from('p1'))));
    // Everything of p1's ballot got through; p0's 2a arrives late and is nacked.
    settle(w);
    expect(chosen(w)).toEqual(['v1']);
    expect(w.violation).toBeNull();
  });

  test('a partition that cuts the proposer off from a quorum blocks progress, and healing restores it', () => {
    const { w } = world(3);
    w.startPartition([['p0', 'a1'], ['p1', 'a2', 'a3', 'l1', 'l2']]);
    w.request('c', 'p0', 'v');
    expect(runUntil(w, () => learnedBy(w, 'l1') !== null, 300)).toBe(false);
    w.heal();
    w.request('c', 'p0', 'v');
    expect(runUntil(w, () => learnedBy(w, 'l1') !== null && learnedBy(w, 'l2') !== null)).toBe(true);
    expect(chosen(w)).toEqual(['v']);
  });
});
