// The conformance check against the real model checker: a configuration
// small enough for every run passes with pinned figures; a seeded bug fails
// on the offending transition, reported; a spec altered so that one
// implementation step is two spec steps fails on that step although both
// states are reachable.  (The default configuration is checked in
// explorer.test.ts, in the same run that pins its state space.)
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEFAULT_EXPLORE, exploreOptions } from './config-file.ts';
import { runConformance, SPEC_FILE } from './conformance.ts';
import { conformanceReport } from './conformance-report.ts';

// Two acceptors, any value to any proposer: the implementation reaches 90% of
// the spec's states in a few seconds.
const CI = { ...DEFAULT_EXPLORE, acceptors: 2, requests: 'any' as const };

describe('paxos explore --conformance', () => {
  test('two proposers, two acceptors, any value to any proposer: every transition is a spec step or a stutter', async () => {
    const { explorer, result: r } = await runConformance(exploreOptions(CI));
    expect(r.failure).toBeUndefined();
    expect(r.explore.violation).toBeUndefined();
    expect(r.explore.truncated).toBeUndefined();
    // Pinned, so that a change to the reducers, the mapping or the spec that
    // moves any of them is noticed.
    expect(r.explore.distinct).toBe(258_560);
    expect(r.transitions).toBe(2_418_624);
    expect(r.spec.states).toBe(786);
    expect(r.spec.steps).toBe(2_256);
    expect(r.statesReached).toBe(706);
    expect(r.specSteps).toBe(1_894);
    // The 80 spec states never reached are exactly those where a proposer
    // began a ballot before any client asked for anything: the
    // implementation's proposers start a ballot for a request only.
    const report = conformanceReport(explorer, r, { color: false }).join('\n');
    expect(report).toMatch(/conformance holds: each of the 2,418,624 transitions is a step of the spec's Next \(1,894 distinct\) or changes no spec variable \(2,134,784\)/);
    expect(report).toMatch(/coverage: reaches 706 of 786 spec states \(89\.8%\), takes 1,894 of 2,256 spec steps \(84\.0%\)/);
  });

  test('with crashes and restarts from disk, the recovered nodes still map onto spec states', async () => {
    const { result: r } = await runConformance(exploreOptions({ ...DEFAULT_EXPLORE, acceptors: 2, crashes: true }));
    expect(r.failure).toBeUndefined();
    expect(r.explore.distinct).toBe(33_012);
    expect(r.statesReached).toBe(223);
  });

  test('an acceptor that votes below its promise: the first such vote is reported, with the spec state before and after', async () => {
    const { explorer, result: r } = await runConformance(exploreOptions({ ...DEFAULT_EXPLORE, acceptors: 2 }, { acceptBelowPromise: true }));
    const f = r.failure!;
    expect(f.kind).toBe('step');
    expect(f.unreachable).toBe(true);
    expect(f.changed).toEqual(['msgs', 'maxVBal', 'maxVal']);
    const last = f.path.at(-1)!;
    expect(last.kind === 'deliver' && last.envelope).toEqual({ from: 'p0', to: 'a1', msg: { type: '2a', bal: 0, val: 'x' } });
    // a1 promised ballot 1 before the 2a of ballot 0 arrived.
    expect(f.before!.get('maxBal')).toEqual({ kind: 'record', fields: [['a1', { kind: 'int', value: 1 }], ['a2', { kind: 'int', value: 0 }]] });
    expect(f.states).toHaveLength(f.path.length + 1);
    const report = conformanceReport(explorer, r, { color: false }).join('\n');
    expect(report).toMatch(/conformance FAILS: this implementation transition is no step of the spec's Next \(the first in breadth-first order, of [\d,]+ checked\)\n {4}a1 receives 2a\(bal=0, val=x\) from p0 {2}\[Phase2b\(a1, 0, x\)\]/);
    expect(report).toContain('the model checker says this spec state is unreachable');
    expect(report).toContain('spec variables that differ: msgs, maxVBal, maxVal');
    expect(report).toContain('maxVBal[a1]  -1 -> 0');
    expect(report).toMatch(/a shortest path of the implementation to it \(10 steps\):[\s\S]* 7\. a1 receives 1a\(bal=1\) from p1/);
  });

  test('an acceptor that promises without persisting: the restart that forgets the promise is the offending step', async () => {
    const { explorer, result: r } = await runConformance(exploreOptions({ ...DEFAULT_EXPLORE, acceptors: 2, crashes: true }, { promiseNotPersisted: true }));
    const f = r.failure!;
    expect(f.path.at(-1)).toEqual({ kind: 'crash', node: 'a1' });
    expect(f.changed).toEqual(['maxBal']);
    expect(f.unreachable).toBe(true);
    const report = conformanceReport(explorer, r, { color: false }).join('\n');
    expect(report).toMatch(/a1 crashes and restarts from its disk\n/);
    expect(report).toContain('maxBal[a1]  0 -> -1');
  });

  test('a spec where beginning a ballot and sending its 1a are two steps: the implementation does both at once, between reachable states', async () => {
    const spec = readFileSync(SPEC_FILE, 'utf8');
    const split = spec
      .replace(
        '    /\\ Send(Msg1a(b))\n    /\\ UNCHANGED <<acceptorVars, learned>>',
        '    /\\ UNCHANGED <<msgs, acceptorVars, learned>>',
      )
      .replace(
        'Next ==\n',
        'Send1a(p) ==\n    /\\ pBal[p] # NoBallot\n    /\\ Send(Msg1a(pBal[p]))\n    /\\ UNCHANGED <<acceptorVars, proposerVars, learned>>\n\nNext ==\n    \\/ \\E p \\in Proposers : Send1a(p)\n',
      );
    expect(split.match(/Send1a/g)).toHaveLength(2);
    expect(split).not.toContain('/\\ Send(Msg1a(b))');
    const { explorer, result: r } = await runConformance(exploreOptions({ ...DEFAULT_EXPLORE, acceptors: 2 }), { specSource: split });
    const f = r.failure!;
    expect(f.unreachable).toBe(false);
    expect(f.changed).toEqual(['msgs', 'pBal', 'pPreparing']);
    expect(f.path).toHaveLength(2);
    const report = conformanceReport(explorer, r, { color: false }).join('\n');
    expect(report).toContain('both spec states are reachable, but Next has no step from the one to the other');
    expect(report).toMatch(/p0 receives request\(val=x\) from client {2}\[Phase1a\(0, 0\)\]/);
  });
});
