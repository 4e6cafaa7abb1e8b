// Which action of spec/Paxos.tla a reducer step implements, with the
// action's parameters, found from the role's spec variables before and
// after the step and the messages it sent.  A step that changes none of the
// spec's variables (a duplicate, a nack, a retransmission) is a stutter.
import type { PaxosConfig } from './config.ts';
import type { Ballot, Message, NodeId, Value } from './messages.ts';
import type { Input, Output } from './io.ts';
import type { ServerState } from './server.ts';
import { acceptorVars, learnerVars, proposerVars } from './spec-view.ts';

export type SpecAction =
  | { action: 'Request'; v: Value }
  | { action: 'Phase1a'; p: number; b: Ballot }
  | { action: 'Phase1b'; a: NodeId; b: Ballot }
  | { action: 'Phase2a'; p: number; Q: NodeId[]; v: Value }
  | { action: 'Phase2b'; a: NodeId; b: Ballot; v: Value }
  | { action: 'Learn'; l: NodeId; b: Ballot; v: Value }
  | { action: 'Abandon'; p: number }
  | { action: 'Stutter' };

const sent = (outputs: readonly Output[]): Message[] => outputs.flatMap((o) => (o.kind === 'send' ? [o.msg] : []));

export function classifyStep(config: PaxosConfig, before: ServerState, after: ServerState, input: Input, outputs: readonly Output[]): SpecAction {
  const msgs = sent(outputs);
  const received = input.kind === 'receive' ? input.msg : undefined;
  if (before.acceptor && after.acceptor) {
    const vote = msgs.find((m) => m.type === '2b');
    if (vote?.type === '2b') return { action: 'Phase2b', a: after.id, b: vote.bal, v: vote.val };
    const joined = acceptorVars(after.acceptor).maxBal;
    if (joined !== acceptorVars(before.acceptor).maxBal) return { action: 'Phase1b', a: after.id, b: joined };
  }
  if (before.proposer && after.proposer) {
    const b = proposerVars(before.proposer);
    const a = proposerVars(after.proposer);
    const p = config.proposers.indexOf(after.id);
    if (a.pBal !== b.pBal) return { action: 'Phase1a', p, b: a.pBal };
    const proposal = msgs.find((m) => m.type === '2a');
    if (proposal?.type === '2a' && before.proposer.round.phase === 'phase1') {
      // The quorum is every acceptor whose promise the proposer held,
      // including the one whose promise arrived in this very step.
      const Q = new Set(Object.keys(before.proposer.round.promises));
      if (received?.type === '1b') Q.add(received.acc);
      return { action: 'Phase2a', p, Q: [...Q].sort(), v: proposal.val };
    }
    if (b.pPreparing && !a.pPreparing) return { action: 'Abandon', p };
  }
  if (before.learner && after.learner) {
    const learned = learnerVars(after.learner).learned;
    if (learned !== null && learnerVars(before.learner).learned === null && (received?.type === '2b' || received?.type === 'decided')) {
      return { action: 'Learn', l: after.id, b: received.bal, v: learned };
    }
  }
  return { action: 'Stutter' };
}
