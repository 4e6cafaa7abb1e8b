// The proof checks can fail.  A weakened Inv, or a spec with a seeded bug,
// must be caught: a state that satisfies Inv with a step of Next to one
// that does not (not inductive), a state of Inv where Agreement fails (Inv
// too weak), or a step of Paxos that is no step of Consensus.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { listProofModels, checkProofModel } from './proof-models.ts';

const models = listProofModels();
const model = (name: string) => models.find((m) => m.name === name)!;

function edit(text: string, find: string, replace: string): string {
  // Each edit must apply exactly once, or the test would check nothing.
  expect(text.split(find).length - 1, `"${find}" occurs once`).toBe(1);
  return text.replace(find, replace);
}

async function run(name: string, specEdits: [string, string][], cfgEdits: [string, string][]) {
  const m = model(name);
  let spec = readFileSync(m.specFile, 'utf8');
  let cfg = readFileSync(m.cfgFile, 'utf8');
  for (const [f, r] of specEdits) spec = edit(spec, f, r);
  for (const [f, r] of cfgEdits) cfg = edit(cfg, f, r);
  return checkProofModel(m, { specSource: spec, cfgSource: cfg, ignorePins: true });
}

// One acceptor, two values, two proposers with a ballot each: the smallest
// bounds where these failures exist, so each run takes about a second.
const twoBallots: [string, string][] = [
  ['Values = {v1}', 'Values = {v1, v2}'],
  ['NumProposers = 1', 'NumProposers = 2'],
  ['MaxBallot = 0', 'MaxBallot = 1'],
];

describe('the inductiveness check has teeth', () => {
  test('without "a proposer in phase 1 has sent no 2a of its ballot", Inv is not inductive: a second 2a follows', async () => {
    const report = await run(
      'PaxosInductive.tiny',
      [
        ['        /\\ pPreparing[p] => \\A v \\in Values : Msg2a(pBal[p], v) \\notin msgs\n', ''],
        // IInit's matching shortcut goes too, or it would still skip those states.
        ['f[p] => (pb[p] # NoBallot /\\ \\A v \\in Values : Msg2a(pb[p], v) \\notin A2)}', 'f[p] => pb[p] # NoBallot}'],
      ],
      [['Values = {v1}', 'Values = {v1, v2}']],
    );
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('Inv');
    const states = report.violation!.states;
    expect(states).toHaveLength(2);
    expect(states[1]!.action).toMatch(/^Phase2a/);
  });

  test('without SafeAt in what a 2a message says, Inv no longer implies Agreement', async () => {
    const report = await run('PaxosInductive.tiny', [['              /\\ SafeAt(m.bal, m.val)\n', '']], twoBallots);
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('Agreement');
    expect(report.violation!.states).toHaveLength(1);
  });

  test('with the spec bug "phase 2b votes below its promise", Inv is not inductive', async () => {
    const report = await run('PaxosInductive.tiny', [['    /\\ b >= maxBal[a]\n', '']], twoBallots);
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('Inv');
    expect(report.violation!.states.at(-1)!.action).toMatch(/^Phase2b/);
  });
});

// MultiPaxosInductive.ballot0's bounds (one server, one ballot, one slot,
// one request): a few seconds each.
describe("the Multi-Paxos inductiveness check has teeth", () => {
  test('without "a 1a asks from no further than the slot after what its owner applied", Inv is not inductive: a 2a below from follows', async () => {
    const report = await run(
      'MultiPaxosInductive.ballot0',
      [
        ['          /\\ m.from =< applied[Owner(m.bal)] + 1\n', ''],
        // IInit's matching shortcut goes too, or it would still skip those states.
        ['f \\in 1 .. (ap[Owner(b)] + 1)}', 'f \\in 1 .. (MaxSlot + 1)}'],
      ],
      [],
    );
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('Inv');
    const states = report.violation!.states;
    expect(states).toHaveLength(2);
    expect(states[1]!.action).toMatch(/^Propose/);
  });

  // On MultiPaxosInductive.tiny's bounds (two ballots): one to two minutes,
  // as the weakened Inv admits many more initial states than Inv does.
  test('without SafeAt in what a 2a says and in a leader\'s free slots, Inv no longer implies SlotAgreement', async () => {
    const report = await run(
      'MultiPaxosInductive.tiny',
      [
        ['        /\\ m.type = "2a" => SafeAt(m.bal, m.slot, m.entry)\n', ''],
        [' /\\ SafeAt(lBal[s], i, e))', ')'],
      ],
      [],
    );
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('SlotAgreement');
    expect(report.violation!.states).toHaveLength(1);
  });

  test('without "no slot up to hFloor[c][i] holds request i", Inv is not inductive: an answer at its floor follows', async () => {
    const report = await run(
      'MultiPaxosInductive.ballot0',
      [['FloorOK(c, i) == IF i > cSent[c] THEN hFloor[c][i] = 0 ELSE FloorChosen(c, i)', 'FloorOK(c, i) == IF i > cSent[c] THEN hFloor[c][i] = 0 ELSE TRUE']],
      [],
    );
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('Inv');
    const states = report.violation!.states;
    expect(states).toHaveLength(2);
    expect(states[1]!.action).toMatch(/^ApplyExecute/);
  });
});

describe('the refinement check has teeth', () => {
  test('with quorums that do not intersect, Chosen changes a second time: no step of Consensus', async () => {
    const report = await run(
      'PaxosRefinesConsensus.small',
      [['    /\\ \\A Q1, Q2 \\in Quorums : Q1 \\cap Q2 # {}\n', '']],
      [['Quorums = {{a1, a2}, {a1, a3}, {a2, a3}, {a1, a2, a3}}', 'Quorums = {{a1}, {a2}, {a3}}']],
    );
    expect(report.outcome).toBe('violation');
    expect(report.violation?.property).toBe('RefinesConsensus');
  });
});
