// The TLC form of a generated trace module.  TLC itself is not installed
// on our machines (and nothing in CI may need it), so this checks what can
// be checked without it: the constants TLC will substitute evaluate, in the
// embedded engine, to the values the embedded run uses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../modelcheck/src/embedded/wasm.ts';
import { cfgText, extendModule } from './generate.ts';
import { PAXOS } from './profiles.ts';
import { parseSpecModule } from './spec-module.ts';
import { tlcFiles } from './tlc.ts';
import { canonical, type EngineValue } from './values.ts';

const spec = parseSpecModule(readFileSync(PAXOS.file, 'utf8'));
const constants = new Map<string, EngineValue>([
  ['Values', ['x', 'y']],
  ['Acceptors', ['s1', 's2', 's3']],
  ['Quorums', [['s1', 's2'], ['s1', 's3'], ['s2', 's3'], ['s1', 's2', 's3']]],
  ['NumProposers', 2],
  ['Learners', ['s1']],
  ['MaxBallot', 3],
  ['None', { __model: 'None' }],
]);

describe('trace modules for TLC', () => {
  const module = extendModule(spec, 'TraceCheck', ['TraceInit == tracePos = 0 /\\ Init', 'TraceNext == Next /\\ UNCHANGED tracePos']);
  const cfg = cfgText({ constants, modelValues: ['None'], init: 'TraceInit', next: 'TraceNext', invariants: ['TypeOK'], checkDeadlock: true });
  const tlc = tlcFiles(module, constants, ['None'], cfg);

  it('substitutes every constant but the model values from a definition', () => {
    expect(tlc.cfg).toMatch(/^CONSTANTS\n/);
    for (const name of ['Values', 'Acceptors', 'Quorums', 'NumProposers', 'Learners', 'MaxBallot']) expect(tlc.cfg).toContain(`    ${name} <- TraceConst_${name}\n`);
    expect(tlc.cfg).toContain('    None = None\n');
    expect(tlc.cfg).toMatch(/INIT TraceInit\nNEXT TraceNext\nINVARIANTS\n    TypeOK\nCHECK_DEADLOCK TRUE\n$/);
    expect(tlc.module).toMatch(/^-+\s*MODULE TraceCheck/);
  });

  it('defines each substituted constant as the value the embedded run gives it', () => {
    const tla = loadEngine();
    const init = JSON.parse(tla.explore_init(tlc.module, cfg, '{}')) as { states: { json: unknown }[] };
    const state = JSON.stringify(init.states[0]!.json);
    for (const [name, v] of constants) {
      if (name === 'None') continue;
      const r = JSON.parse(tla.explore_eval(tlc.module, cfg, '{}', state, `TraceConst_${name}`)) as { ok: boolean; json: EngineValue };
      expect(r.ok, name).toBe(true);
      expect(canonical(r.json), name).toBe(canonical(v));
    }
  });
});
