import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makeConfig } from './config.ts';
import { durableOf, initServer, recoverServer, serverStep } from './server.ts';
import { acceptorStep } from './acceptor.ts';
import type { Input } from './io.ts';

const config = makeConfig({ proposers: ['s1', 's2'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });

describe('collapsed server', () => {
  test('plays the roles its id has in the configuration', () => {
    const s1 = initServer(config, 's1');
    const s3 = initServer(config, 's3');
    expect([!!s1.proposer, !!s1.acceptor, !!s1.learner]).toEqual([true, true, true]);
    expect([!!s3.proposer, !!s3.acceptor, !!s3.learner]).toEqual([false, true, true]);
  });

  test('hands a message to the role it is for, with exactly that role’s outputs', () => {
    const s = initServer(config, 's1');
    const input: Input = { kind: 'receive', from: 's2', msg: { type: '1a', bal: 1 } };
    const r = serverStep(config, s, input);
    expect(r.outputs).toEqual(acceptorStep(config, s.acceptor!, input).outputs);
    expect(r.state.proposer).toBe(s.proposer);
    expect(r.state.learner).toBe(s.learner);
  });

  test('a step that changes nothing returns the same state object', () => {
    const s = initServer(config, 's3');
    expect(serverStep(config, s, { kind: 'timer', timer: 'round', bal: 0 }).state).toBe(s);
  });

  test('recovers every role from its durable part', () => {
    let s = initServer(config, 's1');
    s = serverStep(config, s, { kind: 'receive', from: 'c', msg: { type: 'request', val: 'v' } }).state;
    s = serverStep(config, s, { kind: 'receive', from: 's2', msg: { type: '1a', bal: 3 } }).state;
    const back = recoverServer(config, 's1', durableOf(s));
    expect(durableOf(back)).toEqual(durableOf(s));
    expect(back.proposer!.round.phase).toBe('idle');
    expect(serverStep(config, s, { kind: 'recover' }).state).toEqual(back);
  });
});

describe('malformed and unexpected input', () => {
  // Whatever arrives (unknown senders, ballots that are negative, fractional
  // or not numbers at all, missing values), a step never throws: the
  // reducers ignore what they cannot use.
  const junk = fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.string({ maxLength: 3 }), fc.constantFrom('s1', 's2', 's3', 'zz'));
  const message = fc.record({
    type: fc.constantFrom('request', '1a', '1b', '2a', '2b', 'nack', 'decided', 'bogus'),
    acc: junk,
    bal: junk,
    mbal: junk,
    mval: junk,
    val: junk,
    promised: junk,
  });
  const input = fc.oneof(
    message.map((msg) => ({ kind: 'receive', from: 'x', msg }) as unknown as Input),
    fc.record({ kind: fc.constant('timer'), timer: fc.constantFrom('round', 'backoff'), bal: junk }).map((t) => t as unknown as Input),
    fc.constant<Input>({ kind: 'recover' }),
    fc.constant({ kind: 'bogus' } as unknown as Input),
  );

  test('no sequence of inputs makes a server throw', () => {
    fc.assert(
      fc.property(fc.constantFrom('s1', 's2', 's3'), fc.array(input, { maxLength: 40 }), (id, inputs) => {
        let s = initServer(config, id);
        for (const i of inputs) s = serverStep(config, s, i).state;
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
