// Multi-Paxos (spec MultiPaxos): a log of slots.  Servers s0, s1, ... are
// each acceptor, leader and replica; clients send requests and get replies.
// Something is chosen per slot (a quorum of 2b for one ballot, slot and
// entry); replicas apply the chosen entries in slot order.
import { formatCount } from '../../cli/progress.ts';
import { canonical } from './messages.ts';
import { STAR_KEY, swatch } from './legend-keys.ts';
import { findSlotsChosen, multiChosenMarks } from './multi-chosen.ts';
import { multiMessageLabel } from './multi-messages.ts';
import { multiStates } from './multi-state.ts';
import { multiStepLabels } from './multi-steps.ts';
import type { Figure, Protocol } from './protocol.ts';

export const MULTI: Protocol = {
  spec: 'MultiPaxos',
  kinds: ['request', 'reply', 'redirect', '1a', '1b', '2a', '2b', 'nack', 'heartbeat', 'progress', 'decided', 'chosen', 'catch-up'],
  messageLabel: multiMessageLabel,
  stepLabels: multiStepLabels,
  stepClass: (e) => (e.step.action === 'ApplyExecute' ? 'apply-mark' : e.step.action === 'ApplySkip' ? 'apply-mark skip' : ''),
  stepNote: () => null,
  stepStates: multiStates,
  chosen: multiChosenMarks,
  deployment(lines) {
    const clients = lines.filter((l) => l.kind === 'client');
    const servers = lines.filter((l) => l.kind === 'node');
    return `${servers.length} servers (${servers.map((n) => n.name).join(' ')}), each acceptor, leader and replica; ${clients.length} client${clients.length === 1 ? '' : 's'}`;
  },
  outcome(run): Figure[] {
    const chosen = findSlotsChosen(run.entries, run.trace.header);
    const slots = new Set(chosen.map((c) => c.slot));
    const commands = new Set(
      chosen.flatMap((c) => {
        const e = c.entry;
        return typeof e === 'object' && e !== null && !Array.isArray(e) && typeof e.client === 'string' ? [canonical([e.client, e.id ?? null])] : [];
      }),
    );
    let applied = 0;
    let replies = 0;
    let leaderChanges = 0;
    let leader: string | null = null;
    for (const e of run.entries) {
      if (e.kind !== 'step') continue;
      for (const v of Object.values(e.step.vars.applied ?? {})) if (typeof v === 'number') applied = Math.max(applied, v);
      if (e.step.action === 'Receive') replies++;
      if (e.step.action === 'BecomeLeader') {
        if (leader !== null && leader !== e.step.node) leaderChanges++;
        leader = e.step.node;
      }
    }
    return [
      { n: slots.size, label: 'slots chosen', cls: 'good', title: 'slots in which a quorum voted for one entry in one ballot (the spec’s ChosenAt)' },
      { n: applied, label: 'slots applied', title: 'the highest slot a replica applied (executed or skipped), in slot order' },
      { n: commands.size, label: 'commands committed', cls: 'good', title: 'distinct client requests chosen in some slot' },
      { n: replies, label: 'replies received', title: 'Receive steps: a client got the answer to its request' },
      { n: leaderChanges, label: 'leader changes', title: 'BecomeLeader by another server than the last one to become leader' },
    ];
  },
  outcomeText: (f) => `slots chosen: ${formatCount(f[0]!.n)}, applied: ${formatCount(f[1]!.n)}; commands committed: ${formatCount(f[2]!.n)}; replies: ${formatCount(f[3]!.n)}; leader changes: ${formatCount(f[4]!.n)}`,
  instanceName: () => 'The log',
  instanceMeta: (v) => {
    const slots = v.chosen.reduce((n, c) => n + (c.conflict ? 0 : (c.slots?.length ?? 0)), 0);
    return `${formatCount(v.steps)} steps · ${formatCount(slots)} slot${slots === 1 ? '' : 's'} chosen`;
  },
  legendMarks: () => [
    `<span class="key">${swatch(STAR_KEY)}slot chosen (quorum of 2b)</span>`,
    `<span class="key">${swatch('<rect x="1" y="2" width="28" height="12" rx="6" fill="#4c1d95"/>')}Apply (executes a slot)</span>`,
    `<span class="key">${swatch('<rect x="1" y="2" width="28" height="12" rx="6" fill="#ede9fe" stroke="#7c3aed"/>')}Skip (noop or done)</span>`,
  ],
};
