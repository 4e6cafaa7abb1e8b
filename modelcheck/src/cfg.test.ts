import { describe, expect, test } from 'vitest';
import { parseCfg, CfgError, showCfgValue } from './cfg.ts';

const valid = `\\* a comment
CONSTANTS
    Values = {v1, v2}   \\* trailing comment
    Quorums = {{a1, a2}, {a2, a3}}
    N = 2
    Name = "x"
    None = None
(* a block
   comment *)
INIT Init
NEXT Next
INVARIANTS
    TypeOK
    Agreement
CHECK_DEADLOCK FALSE
`;

describe('parseCfg', () => {
  test('reads constants, nested sets, invariants and CHECK_DEADLOCK', () => {
    const c = parseCfg('m.cfg', valid);
    expect(showCfgValue(c.constants.get('Quorums')!)).toBe('{{a1, a2}, {a2, a3}}');
    expect(c.constants.get('N')).toEqual({ kind: 'int', value: 2 });
    expect(c.constants.get('Name')).toEqual({ kind: 'string', value: 'x' });
    expect(c.constants.get('None')).toEqual({ kind: 'model', name: 'None' });
    expect(c.invariants).toEqual(['TypeOK', 'Agreement']);
    expect([c.init, c.next, c.checkDeadlock]).toEqual(['Init', 'Next', false]);
  });

  const rejects: [string, string, RegExp][] = [
    ['substitution', 'CONSTANTS\n  N <- Three\nINIT Init\nNEXT Next\nINVARIANT I\n', /m\.cfg:2: '<-'/],
    ['PROPERTY', 'INIT Init\nNEXT Next\nINVARIANT I\nPROPERTY Live\n', /m\.cfg:4: PROPERTY is TLC-only/],
    ['ACTION_CONSTRAINT', 'INIT Init\nNEXT Next\nINVARIANT I\nACTION_CONSTRAINT A\n', /m\.cfg:4: ACTION_CONSTRAINT is silently ignored/],
    ['SYMMETRY', 'INIT Init\nNEXT Next\nINVARIANT I\nSYMMETRY S\n', /m\.cfg:4: SYMMETRY/],
    ['no invariant', 'INIT Init\nNEXT Next\n', /lists no INVARIANT/],
    ['no Next', 'INIT Init\nINVARIANT I\n', /neither SPECIFICATION nor both INIT and NEXT/],
    ['a tuple value', 'CONSTANTS\n  T = <<1, 2>>\nINIT Init\nNEXT Next\nINVARIANT I\n', /m\.cfg:2: unexpected '<'/],
    ['an unterminated set', 'CONSTANTS\n  S = {a, b\nINIT Init\n', /m\.cfg:3: expected ',' or '}', found 'INIT'/],
    ['a constant set twice', 'CONSTANTS\n  N = 1\n  N = 2\nINIT Init\nNEXT Next\nINVARIANT I\n', /m\.cfg:3: constant N is assigned twice/],
    ['a bad CHECK_DEADLOCK', 'INIT Init\nNEXT Next\nINVARIANT I\nCHECK_DEADLOCK maybe\n', /m\.cfg:4: CHECK_DEADLOCK takes TRUE or FALSE/],
  ];
  test.each(rejects)('rejects %s with file and line', (_, source, message) => {
    expect(() => parseCfg('m.cfg', source)).toThrow(CfgError);
    expect(() => parseCfg('m.cfg', source)).toThrow(message);
  });
});
