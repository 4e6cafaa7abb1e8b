import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseCfg } from './cfg.ts';
import { checkQuorumRule, quorumsByWeight, weightsOf } from './quorums.ts';

const constants = (quorums: string) =>
  parseCfg('m.cfg', `CONSTANTS\n Acceptors = {a1, a2, a3}\n Quorums = ${quorums}\nINIT I\nNEXT N\nINVARIANT T\n`).constants;

describe('weighted quorums', () => {
  test('majority of three', () => {
    expect(quorumsByWeight(weightsOf('majority', ['a1', 'a2', 'a3']))).toEqual([
      ['a1', 'a2'], ['a1', 'a3'], ['a2', 'a3'], ['a1', 'a2', 'a3'],
    ]);
  });

  test('a heavy acceptor is in every quorum', () => {
    const qs = quorumsByWeight(weightsOf('weights a1=2 a2=1 a3=1', ['a1', 'a2', 'a3']));
    expect(qs.every((q) => q.includes('a1'))).toBe(true);
    expect(qs).not.toContainEqual(['a2', 'a3']);
  });

  test('any two quorums by weight intersect, whatever the weights', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }), (ws) => {
        const weights = new Map(ws.map((w, i) => [`a${i}`, w] as [string, number]));
        const qs = quorumsByWeight(weights);
        return qs.every((q1) => qs.every((q2) => q1.some((a) => q2.includes(a))));
      }),
    );
  });

  test('a model whose Quorums follow its rule passes', () => {
    expect(checkQuorumRule('majority', constants('{{a1, a2}, {a1, a3}, {a2, a3}, {a1, a2, a3}}'))).toEqual([]);
  });

  test('a model whose Quorums break its rule is named', () => {
    expect(checkQuorumRule('majority', constants('{{a1}, {a2, a3}, {a1, a3}, {a1, a2}, {a1, a2, a3}}'))).toEqual([
      "Quorums has {a1} not allowed by 'majority'",
    ]);
    expect(checkQuorumRule('weights a1=2 a2=1 a3=1', constants('{{a1, a2}, {a1, a2, a3}}'))).toEqual([
      "Quorums lacks {a1,a3} required by 'weights a1=2 a2=1 a3=1'",
    ]);
  });

  test('weights must name exactly the acceptors', () => {
    expect(checkQuorumRule('weights a1=2 a2=1', constants('{{a1, a2}}'))[0]).toMatch(/missing: a3/);
  });
});

describe('numbered servers (MultiPaxos.tla)', () => {
  const constants = (quorums: string) => parseCfg('m.cfg', `CONSTANTS\n    NumServers = 3\n    Quorums = ${quorums}\nINIT Init\nNEXT Next\nINVARIANT TypeOK\n`).constants;
  test('the majorities of servers 0..2 match the rule', () => {
    expect(checkQuorumRule('majority', constants('{{0, 1}, {0, 2}, {1, 2}, {0, 1, 2}}'))).toEqual([]);
  });
  test('a quorum of one server is refused', () => {
    expect(checkQuorumRule('majority', constants('{{0}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}}'))).toEqual(["Quorums has {0} not allowed by 'majority'"]);
  });
});
