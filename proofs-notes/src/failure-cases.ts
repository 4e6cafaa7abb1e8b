// The classic failure cases, each driven event by event on the real
// reducers in the deterministic simulator (impl/src/runtime/sim/), and
// written as a trace in the checker's format.  proofs-notes/failure-cases.md
// walks through them; draw-failure-cases.ts draws them with the report's
// message-sequence charts.  Same code, same trace: the test beside this
// file checks that the committed diagrams are what this draws today.
import { makeConfig } from '../../impl/src/basic/config.ts';
import { NO_FAULTS } from '../../impl/src/runtime/sim/faults.ts';
import { World } from '../../impl/src/runtime/sim/world.ts';
import { Rng } from '../../impl/src/runtime/sim/rng.ts';
import { traceHeader, traceLine } from '../../impl/src/runtime/sim/trace.ts';
import { all, any, deliverWhere, dropWhere, fireTimers, from, ofType, settle, to } from '../../impl/src/runtime/sim/script.ts';

export const config = makeConfig({ proposers: ['p0', 'p1'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1', 'l2'] });

export interface FailureCase {
  readonly name: string;
  readonly title: string;
  readonly script: (w: World) => void;
}

export const FAILURE_CASES: readonly FailureCase[] = [
  {
    name: 'acceptor-failure',
    title: 'An acceptor fails: the other two are a quorum',
    script: (w) => {
      w.crash('a3');
      w.request('c', 'p0', 'v');
      settle(w);
    },
  },
  {
    name: 'learner-failure',
    title: 'A redundant learner fails: the other learns; the failed one catches up when asked again',
    script: (w) => {
      w.crash('l2');
      w.request('c', 'p0', 'v');
      settle(w);
      w.recover('l2');
      w.request('c', 'p0', 'v');
      settle(w);
    },
  },
  {
    name: 'proposer-failure',
    title: 'The proposer fails after its value was chosen: the next proposer finds it and proposes it again',
    script: (w) => {
      w.request('c0', 'p0', 'v0');
      deliverWhere(w, any(ofType('request', '1a'), ofType('1b')));
      deliverWhere(w, all(ofType('2a'), any(to('a1'), to('a2'))));
      w.crash('p0');
      dropWhere(w, any(ofType('2a'), ofType('2b')));
      w.request('c1', 'p1', 'v1');
      settle(w);
    },
  },
  {
    name: 'dueling-proposers',
    title: 'Dueling proposers: each pre-empts the other, then one wins',
    script: (w) => {
      w.request('c0', 'p0', 'v0');
      w.request('c1', 'p1', 'v1');
      deliverWhere(w, ofType('request'));
      let [loser, winner] = ['p0', 'p1'];
      for (let round = 0; round < 2; round++) {
        deliverWhere(w, any(all(ofType('1a'), from(loser)), all(ofType('1b'), to(loser))));
        deliverWhere(w, any(all(ofType('1a'), from(winner)), all(ofType('1b'), to(winner))));
        deliverWhere(w, any(all(ofType('2a'), from(loser)), all(ofType('nack'), to(loser))));
        fireTimers(w, loser, 'backoff');
        [loser, winner] = [winner, loser];
      }
      settle(w);
    },
  },
  {
    name: 'communication-failure',
    title: 'Lost accept requests: the retry finds the one vote that got through and keeps its value',
    script: (w) => {
      w.request('c', 'p0', 'v');
      deliverWhere(w, any(ofType('request', '1a'), ofType('1b')));
      deliverWhere(w, all(ofType('2a'), to('a3')));
      dropWhere(w, ofType('2a', '2b'));
      fireTimers(w, 'p0', 'round');
      fireTimers(w, 'p0', 'backoff');
      settle(w);
    },
  },
];

/** The case run on a fresh world, as trace text; throws if safety failed on the way. */
export function failureCaseTrace(c: FailureCase): string {
  const lines = [traceHeader(config, { kind: 'simulate', seed: 0, steps: 0, faults: NO_FAULTS })];
  let seq = 0;
  const w = new World(config, { rng: new Rng(0), onEvent: (e) => lines.push(traceLine({ ...e, seq: ++seq, instance: 0 })) });
  c.script(w);
  if (w.violation) throw new Error(`${c.name}: ${JSON.stringify(w.violation)}`);
  return `${lines.join('\n')}\n`;
}
