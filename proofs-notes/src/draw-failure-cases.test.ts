// The diagrams of proofs-notes/failure-cases.md are what the simulator and
// the report draw today (so they cannot go stale), their traces pass
// trace-check against spec/Paxos.tla, and each case ends as the page says.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diagramsDir, drawFailureCase } from './draw-failure-cases.ts';
import { FAILURE_CASES, config } from './failure-cases.ts';
import { World } from '../../impl/src/runtime/sim/world.ts';
import { Rng } from '../../impl/src/runtime/sim/rng.ts';
import { chosenValues } from '../../impl/src/basic/spec-view.ts';

const scratch = mkdtempSync(join(tmpdir(), 'failure-cases-'));

describe.each(FAILURE_CASES.map((c) => [c.name, c] as const))('failure case %s', (name, c) => {
  test('its committed trace and diagram are what the code draws today (else run npx tsx proofs-notes/src/draw-failure-cases.ts)', async () => {
    const drawn = await drawFailureCase(c, scratch);
    expect(drawn.checkFailure).toBeNull();
    expect(readFileSync(join(diagramsDir, `${name}.ndjson`), 'utf8')).toBe(drawn.trace);
    expect(readFileSync(join(diagramsDir, `${name}.svg`), 'utf8')).toBe(drawn.svg);
  });

  test('ends with one value chosen, learned by every learner that is up, and safety held throughout', () => {
    const w = new World(config, { rng: new Rng(0) });
    c.script(w);
    expect(w.violation).toBeNull();
    const chosen = [...chosenValues(config, w.msgs.values())];
    expect(chosen).toHaveLength(1);
    for (const l of config.learners) expect(w.node(l).learner!.durable.learned).toBe(chosen[0]);
  });
});

test('the proposer-failure case re-proposes the value chosen before the crash, not its own', () => {
  const c = FAILURE_CASES.find((x) => x.name === 'proposer-failure')!;
  const w = new World(config, { rng: new Rng(0) });
  c.script(w);
  expect([...chosenValues(config, w.msgs.values())]).toEqual(['v0']);
});
