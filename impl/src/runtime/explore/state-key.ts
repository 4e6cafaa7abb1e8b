// A canonical string for a server's state: equal for equal states, whatever
// order their records were built in.  Cached per object, since a step
// changes one node and the explorer shares the others between states.
import type { ServerState } from '../../basic/server.ts';
import type { ProposerState } from '../../basic/proposer.ts';
import type { LearnerState } from '../../basic/learner.ts';

const cache = new WeakMap<ServerState, string>();

export function stateKey(s: ServerState): string {
  let k = cache.get(s);
  if (k === undefined) {
    k = `${s.proposer ? proposerKey(s.proposer) : ''}|${s.acceptor ? `${s.acceptor.durable.maxBal},${s.acceptor.durable.maxVBal},${s.acceptor.durable.maxVal}` : ''}|${s.learner ? learnerKey(s.learner) : ''}`;
    cache.set(s, k);
  }
  return k;
}

function sortedEntries<T>(r: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function proposerKey(p: ProposerState): string {
  const head = `${p.durable.pBal},${p.value},${p.highestSeen},${p.failures},${p.round.phase}`;
  switch (p.round.phase) {
    case 'idle':
      return head;
    case 'phase1':
      // replies exists only under the quorumCountsDuplicates bug; two rounds
      // that differ in it are different states.
      return `${head}:${sortedEntries(p.round.promises).map(([a, v]) => `${a}=${v.mbal}/${v.mval}`).join(';')}${p.round.replies === undefined ? '' : `#${p.round.replies}`}`;
    case 'phase2':
      return `${head}:${p.round.val}`;
    case 'decided':
      return `${head}:${p.round.bal}/${p.round.val}`;
  }
}

function learnerKey(l: LearnerState): string {
  const votes = sortedEntries(l.votes).map(([bal, byAcc]) => `${bal}:${sortedEntries(byAcc).map(([a, v]) => `${a}=${v}`).join(';')}`);
  return `${l.durable.learned}:${votes.join('/')}`;
}
