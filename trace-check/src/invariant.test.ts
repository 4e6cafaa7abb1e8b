// A logged state that breaks an invariant.  Against the real spec that
// cannot happen (every step must be a spec step, and the spec's reachable
// states satisfy its invariants), so the test checks a run of the
// accept-below-promise implementation bug against a spec with the same
// bug: Phase2b without its guard b >= maxBal[a], keeping the higher of the
// two ballots as the implementation does.  Every step is then a step of
// that spec, and the checker must stop at the first state that breaks one
// of its invariants.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { checkTrace } from './check.ts';
import { parseTrace } from './format.ts';
import { PAXOS } from './profiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'trace-inv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a logged state that violates an invariant', () => {
  it('is reported at its line, with the invariant and its false conjunct', async () => {
    const guard = "    /\\ b >= maxBal[a]\n    /\\ maxBal' = [maxBal EXCEPT ![a] = b]\n";
    const spec = readFileSync(PAXOS.file, 'utf8');
    expect(spec.split(guard)).toHaveLength(2);
    const specFile = join(dir, 'Paxos.tla');
    writeFileSync(specFile, spec.replace(guard, "    /\\ maxBal' = [maxBal EXCEPT ![a] = IF b > maxBal[a] THEN b ELSE maxBal[a]]\n"));
    const ids = ['s1', 's2', 's3'];
    const config = makeConfig({ proposers: ids, acceptors: ids, learners: ids, bugs: { acceptBelowPromise: true } });
    const { text, result } = simulateToTrace({ config, seed: 1, steps: 1500, faults: parseFaults('loss=0.15,dup=0.2,crash=0.02') });
    expect(result.violation?.violation.property).toBe('Agreement');

    const r = await checkTrace(parseTrace('bug.ndjson', text), { specFile });
    const f = r.failure?.failure;
    expect(f?.kind).toBe('invariant');
    if (f?.kind !== 'invariant') return;
    expect(['Agreement', 'Inv']).toContain(f.invariant);
    expect(r.failure?.diagnosis.headline).toMatch(new RegExp(`violates the invariant ${f.invariant}`));
    // The explanation goes down to the witness: a promise (1b) whose sender
    // has since voted in a ballot the promise said it had skipped.
    const why = r.failure?.diagnosis.details.join('\n') ?? '';
    expect(why).toMatch(/this conjunct is false: MessageInv/);
    expect(why).toMatch(/it fails for m = \[acc \|-> "s\d", bal \|-> \d+, mbal \|-> -?\d+, mval \|-> .*, type \|-> "1b"\]/);
    expect(why).toMatch(/it fails for c = \d+/);
    // Against the real spec the same trace fails earlier or at the same
    // line: the vote below the promise is not a step of Paxos.
    const real = await checkTrace(parseTrace('bug.ndjson', text));
    expect(real.failure?.failure.kind).toBe('not-a-step');
    expect(real.failure!.failure.line).toBeLessThanOrEqual(f.line);
  });
});
