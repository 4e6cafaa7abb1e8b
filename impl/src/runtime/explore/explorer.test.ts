// The explorer on the real reducers: the default small configuration is
// explored in full, is safe, and conforms to the spec (conformance.ts); a
// seeded bug is found with a shortest path that replays; the bounds and the
// configuration file are checked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Explorer } from './explorer.ts';
import { DEFAULT_EXPLORE, exploreOptions, readExploreConfig } from './config-file.ts';
import { explainPath } from './explain.ts';
import { runConformance } from './conformance.ts';

describe('explorer', () => {
  test('the default small configuration (2 proposers, 3 acceptors, 1 learner, ballots 0..1) is explored in full, is safe, and conforms to the spec', async () => {
    // One run for both: the conformance check is this same exploration with
    // every transition also matched against the spec's state graph, which
    // the model checker computes alongside on another thread.
    const { result: c } = await runConformance(exploreOptions(DEFAULT_EXPLORE));
    const r = c.explore;
    expect(r.truncated).toBeUndefined();
    expect(r.violation).toBeUndefined();
    // Pinned, like the spec's models, so that a change to the reducers that
    // moves the state space is noticed.  Far more states than the spec's
    // 15,812 for the same bounds: the implementation also holds which
    // promises and votes have arrived, nacks, timers and decision notices.
    expect(r.distinct).toBe(2_387_620);
    expect(r.depth).toBe(35);
    expect(c.failure).toBeUndefined();
    expect(c.transitions).toBe(26_902_624);
    expect(c.spec.states).toBe(15_812);
    expect(c.spec.steps).toBe(51_630);
    // A quarter of the spec's states: each proposer's client asks for its own
    // value only, and proposers begin ballots only for a request.
    expect(c.statesReached).toBe(3_988);
    expect(c.specSteps).toBe(10_941);
  });

  test('an acceptor that votes below its promise is caught, with a shortest path that replays to the violation', () => {
    const explorer = new Explorer(exploreOptions(DEFAULT_EXPLORE, { acceptBelowPromise: true }));
    const r = explorer.run();
    expect(r.violation?.violation.property).toBe('Agreement');
    const { path, states } = r.violation!;
    // Breadth-first: the violation sits on the last level reached.
    expect(path.length).toBe(r.depth - 1);
    expect(explorer.safety(states.at(-1)!)).toEqual(r.violation!.violation);
    expect(explorer.safety(states.at(-2)!)).toBeNull();
    const story = explainPath(explorer, path, states);
    expect(story.filter((l) => /\[Phase2b\(/.test(l))).toHaveLength(4);
    expect(story.join('\n')).toMatch(/Phase2a\(0, \{a1,a2\}, x\)[\s\S]*Phase2a\(1, \{a1,a2\}, y\)/);
  });

  test('with crashes and restarts from disk at every moment (two acceptors, to stay small), explored in full and safe', () => {
    // Crashes multiply the space: with three acceptors this configuration
    // passes 1.5 million states; `paxos explore --crashes` runs it on demand.
    const r = new Explorer(exploreOptions({ ...DEFAULT_EXPLORE, acceptors: 2, crashes: true })).run();
    expect(r.truncated).toBeUndefined();
    expect(r.violation).toBeUndefined();
  });

  test('an acceptor that promises without persisting is caught once crashes are on: the restart forgets the promise', () => {
    // The disk is kept apart from the node only from the step that forgot to
    // persist; a crash then restores the old promise.
    const r = new Explorer(exploreOptions({ ...DEFAULT_EXPLORE, acceptors: 2, crashes: true }, { promiseNotPersisted: true })).run();
    expect(r.violation?.violation.property).toBe('Agreement');
    expect(r.violation!.path.some((t) => t.kind === 'crash')).toBe(true);
  });

  test('maxStates stops the search and says so', () => {
    const r = new Explorer(exploreOptions({ ...DEFAULT_EXPLORE, maxStates: 1000 })).run();
    expect(r.truncated).toBe(true);
    expect(r.distinct).toBe(1001);
  });

  test('a configuration file is checked field by field, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-explore-'));
    const file = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    expect(readExploreConfig(file('ok.json', '{"proposers": 1, "values": ["a"]}'))).toEqual({ proposers: 1, values: ['a'] });
    expect(() => readExploreConfig(file('bad.json', '{"proposers": 1,'))).toThrow(/bad\.json: /);
    expect(() => readExploreConfig(file('field.json', '{"learners": 0}'))).toThrow(/field\.json: field 'learners' must be a positive integer/);
    expect(() => readExploreConfig(file('unknown.json', '{"ballots": 3}'))).toThrow(/unknown\.json: unknown field 'ballots'/);
  });
});
