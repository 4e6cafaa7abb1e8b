// Seeded spec bugs.  A model checker is only trusted if it can fail: each
// mutant is the spec with one classic Paxos mistake written in, and the
// embedded engine must reject it with a counterexample to one of the
// properties users care about (not merely to the inductive invariant, which
// is a proof device).  Edits are exact text replacements that must each
// match once, so a change to the spec that makes a mutant stale fails loudly.
import { readFileSync } from 'node:fs';
import { loadModel, modelsDir, type Model } from './models.ts';
import { join } from 'node:path';

export interface Edit {
  find: string;
  replace: string;
}

export interface SpecMutant {
  name: string;
  /** The seeded bug, in one line. */
  bug: string;
  /** The model it runs on (its cfg, with cfgEdits applied). */
  model: string;
  specEdits: Edit[];
  cfgEdits: Edit[];
  /** The properties checked. */
  properties: string[];
  /** The property whose counterexample the engine must find. */
  violates: string;
}

const PAXOS_PROPERTIES = ['Agreement', 'Validity', 'LearnedIsChosen'];

export const paxosMutants: SpecMutant[] = [
  {
    name: 'quorums-do-not-intersect',
    bug: 'quorums of 1 of 3 acceptors, with the intersection assumption dropped',
    model: 'Paxos.small',
    specEdits: [{ find: '    /\\ \\A Q1, Q2 \\in Quorums : Q1 \\cap Q2 # {}\n', replace: '' }],
    cfgEdits: [{ find: 'Quorums = {{a1, a2}, {a1, a3}, {a2, a3}, {a1, a2, a3}}', replace: 'Quorums = {{a1}, {a2}, {a3}}' }],
    properties: PAXOS_PROPERTIES,
    violates: 'Agreement',
  },
  {
    name: 'phase2a-ignores-reported-votes',
    bug: 'in phase 2a the proposer proposes any requested value, ignoring the highest-ballot vote in the promises',
    model: 'Paxos.small',
    specEdits: [
      {
        find: `SafeToPropose(b, Q, v) ==
    \\/ /\\ ReportedVotes(b, Q) = {}
       /\\ Requested(v)
    \\/ \\E m \\in ReportedVotes(b, Q) :
          /\\ m.mval = v
          /\\ \\A m2 \\in ReportedVotes(b, Q) : m2.mbal =< m.mbal`,
        replace: 'SafeToPropose(b, Q, v) == Requested(v)',
      },
    ],
    cfgEdits: [],
    properties: PAXOS_PROPERTIES,
    violates: 'Agreement',
  },
  {
    name: 'accept-below-promise',
    bug: 'an acceptor votes in a ballot below the one it promised (phase 2b without its guard)',
    model: 'Paxos.small',
    specEdits: [{ find: '    /\\ b >= maxBal[a]\n', replace: '' }],
    cfgEdits: [],
    properties: PAXOS_PROPERTIES,
    violates: 'Agreement',
  },
  {
    name: 'promise-omits-last-vote',
    bug: 'an acceptor’s promise (1b) reports no vote even when it has voted',
    model: 'Paxos.small',
    specEdits: [{ find: 'Send(Msg1b(a, b, maxVBal[a], maxVal[a]))', replace: 'Send(Msg1b(a, b, NoBallot, None))' }],
    cfgEdits: [],
    properties: PAXOS_PROPERTIES,
    violates: 'Agreement',
  },
  {
    name: 'proposer-reuses-ballot',
    bug: 'a restarted proposer may begin the ballot it already used (b >= pBal[p] instead of b > pBal[p])',
    model: 'Paxos.small',
    specEdits: [{ find: '    /\\ b > pBal[p]\n', replace: '    /\\ b >= pBal[p]\n' }],
    cfgEdits: [],
    properties: PAXOS_PROPERTIES,
    violates: 'Agreement',
  },
  {
    name: 'learner-adds-votes-across-ballots',
    bug: 'a learner counts a quorum of votes for v cast in different ballots',
    model: 'Paxos.small',
    specEdits: [
      {
        find: '    /\\ ChosenAt(b, v)\n    /\\ learned\' =',
        replace: '    /\\ \\E Q \\in Quorums : \\A a \\in Q : \\E c \\in Ballots : VotedFor(a, c, v)\n    /\\ learned\' =',
      },
    ],
    cfgEdits: [],
    properties: PAXOS_PROPERTIES,
    violates: 'LearnedIsChosen',
  },
];

function applyEdits(text: string, edits: Edit[], what: string, mutant: string): string {
  return edits.reduce((t, e) => {
    const count = t.split(e.find).length - 1;
    if (count !== 1) {
      throw new Error(`mutant ${mutant} is stale: its edit of ${what} matches ${count} times (must match once): ${JSON.stringify(e.find.slice(0, 60))}`);
    }
    return t.replace(e.find, e.replace);
  }, text);
}

export interface MutantSources {
  model: Model;
  spec: string;
  cfg: string;
}

/** The mutated spec and cfg, the cfg checking exactly the mutant's properties. */
export function mutantSources(mutant: SpecMutant): MutantSources {
  const model = loadModel(join(modelsDir, `${mutant.model}.cfg`));
  const spec = applyEdits(readFileSync(model.specFile, 'utf8'), mutant.specEdits, model.specFile, mutant.name);
  // The INVARIANTS section: the keyword at the start of a line, names on it
  // and on the indented lines after it.
  const cfg = applyEdits(readFileSync(model.cfgFile, 'utf8'), mutant.cfgEdits, model.cfgFile, mutant.name).replace(
    /^INVARIANTS?\b.*(\n[ \t]+\S.*)*/m,
    `INVARIANTS ${mutant.properties.join(' ')}`,
  );
  return { model, spec, cfg };
}

const MULTI_PROPERTIES = ['SlotAgreement', 'DecidedIsChosen', 'LogPrefix', 'AppliedWasRequested', 'NoDoubleExecution', 'Linearizable'];
// Two slots, for the bugs that need a second slot to show.
const TWO_SLOTS: Edit[] = [
  { find: '    MaxSlot = 1\n', replace: '    MaxSlot = 2\n' },
  { find: '    Window = 1\n', replace: '    Window = 2\n' },
  { find: '    MaxBallot = 1\n', replace: '    MaxBallot = 0\n' },
];

/**
 * The leader bugs need no leader to step down: with Abandon out of Next the
 * model is a quarter the size (25,863 states rather than 98,123), so the
 * counterexample is found in seconds rather than minutes.  Taking an action
 * away can only hide violations, never invent one.
 */
const WITHOUT_ABANDON = { find: '    \\/ \\E s \\in Servers : Abandon(s)\n', replace: '' };

export const multiPaxosMutants: SpecMutant[] = [
  {
    name: 'new-leader-ignores-reported-votes',
    bug: 'a new leader does not re-propose the highest-ballot vote the promises report in a slot',
    model: 'MultiPaxos.small',
    specEdits: [
      {
        find: 'SafeEntries(b, Q, low) == [slot \\in Slots |-> IF slot > low THEN SafeEntry(b, Q, slot) ELSE None]',
        replace: 'SafeEntries(b, Q, low) == [slot \\in Slots |-> None]',
      },
      {
        find: 'Reproposals(b, Q, low) ==\n    {Msg2a(b, slot, SafeEntry(b, Q, slot)) : slot \\in {j \\in Slots : j > low /\\ SafeEntry(b, Q, j) # None}}',
        replace: 'Reproposals(b, Q, low) == {}',
      },
      WITHOUT_ABANDON,
    ],
    cfgEdits: [],
    properties: MULTI_PROPERTIES,
    violates: 'SlotAgreement',
  },
  {
    name: 'phase1-skips-first-unapplied-slot',
    bug: "a candidate's 1a asks from one slot too far (applied + 2): promises omit the first slot it may propose in",
    model: 'MultiPaxos.small',
    specEdits: [{ find: '    /\\ Send(Msg1a(b, applied[s] + 1))', replace: '    /\\ Send(Msg1a(b, applied[s] + 2))' }, WITHOUT_ABANDON],
    cfgEdits: [],
    properties: MULTI_PROPERTIES,
    violates: 'SlotAgreement',
  },
  {
    name: 'leader-skips-phase1',
    bug: 'a server proposes in its new ballot before phase 1 has told it what may be chosen',
    model: 'MultiPaxos.small',
    specEdits: [{ find: '    /\\ lPhase[s] = "p2"\n    /\\ lProp[s][i] = None', replace: '    /\\ lPhase[s] # "idle"\n    /\\ lProp[s][i] = None' }, WITHOUT_ABANDON],
    cfgEdits: [],
    properties: MULTI_PROPERTIES,
    violates: 'SlotAgreement',
  },
  {
    name: 'decide-from-mixed-ballots',
    bug: 'a server decides a slot from a quorum of votes cast in different ballots',
    model: 'MultiPaxos.small',
    specEdits: [
      {
        find: "    /\\ ChosenAt(m.slot, m.bal, m.entry)\n    /\\ decided' =",
        replace: "    /\\ \\E Q \\in Quorums : \\A a \\in Q : \\E c \\in Ballots : Msg2b(a, c, m.slot, m.entry) \\in msgs\n    /\\ decided' =",
      },
      WITHOUT_ABANDON,
    ],
    cfgEdits: [],
    properties: MULTI_PROPERTIES,
    violates: 'DecidedIsChosen',
  },
  {
    name: 'replica-applies-out-of-order',
    bug: 'a replica applies a slot while a lower slot is still undecided, leaving a hole in its applied log',
    model: 'MultiPaxos.small',
    specEdits: [
      {
        find: 'NextSlot(s) == applied[s] + 1',
        replace: 'NextSlot(s) == IF decided[s][applied[s] + 1] = None /\\ applied[s] + 2 =< MaxSlot THEN applied[s] + 2 ELSE applied[s] + 1',
      },
    ],
    cfgEdits: TWO_SLOTS,
    properties: MULTI_PROPERTIES,
    violates: 'AppliedWasRequested',
  },
  {
    name: 'duplicate-request-executed-twice',
    bug: 'a replica executes a request again when a retry got it decided in a second slot',
    model: 'MultiPaxos.small',
    specEdits: [{ find: 'Skippable(s, e) == e = Noop \\/ AlreadyExecuted(s, e)', replace: 'Skippable(s, e) == e = Noop' }],
    cfgEdits: TWO_SLOTS,
    properties: MULTI_PROPERTIES,
    violates: 'NoDoubleExecution',
  },
];

export const allMutants: SpecMutant[] = [...paxosMutants, ...multiPaxosMutants];
