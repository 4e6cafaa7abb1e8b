// Basic Paxos (spec Paxos): one value per instance, chosen when a quorum of
// acceptors has voted for it in one ballot; learners learn it.
import { findChosen, quorumTest } from './chosen.ts';
import { formatCount } from '../../cli/progress.ts';
import { STAR_KEY, swatch } from './legend-keys.ts';
import { messageLabel, showValue, stepLabel } from './palette.ts';
import type { Figure, Protocol } from './protocol.ts';

const valueText = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '?' : showValue(v as never));

export const BASIC: Protocol = {
  spec: 'Paxos',
  kinds: ['request', '1a', '1b', '2a', '2b', 'nack', 'decided'],
  messageLabel,
  stepLabels(run) {
    const out = new Map<number, string>();
    for (const e of run.entries) if (e.kind === 'step') out.set(e.line, stepLabel(e.step.action, e.step.params));
    return out;
  },
  stepClass: (e) => (e.step.action === 'Learn' ? 'learn-mark' : ''),
  stepNote: (e) => (e.step.action === 'Learn' ? `${e.step.node} learned ${valueText(e.step.params.v)}` : null),
  chosen(entries, header) {
    return findChosen(entries, quorumTest(header.constants)).map((c, i) => {
      const value = valueText(c.value);
      return {
        line: c.line,
        what: i > 0 ? `also chosen: ${value} (Agreement broken)` : `chosen: ${value}`,
        how: `ballot ${showValue(c.ballot)} · quorum {${c.voters.join(', ')}}`,
        conflict: i > 0,
        short: value,
      };
    });
  },
  deployment(lines) {
    const clients = lines.filter((l) => l.kind === 'client');
    const nodes = lines.filter((l) => l.kind === 'node');
    const servers = nodes.every((n) => n.role === 'server');
    const what = servers ? `${nodes.length} servers (${nodes.map((n) => n.name).join(' ')}), each proposer, acceptor and learner` : nodes.map((n) => `${n.name} ${n.role}`).join(', ');
    return `${what}${clients.length > 0 ? `; ${clients.length} client${clients.length === 1 ? '' : 's'}` : ''}`;
  },
  outcome(run, views): Figure[] {
    const learn = run.entries.filter((e) => e.kind === 'step' && e.step.action === 'Learn').length;
    return [
      { n: views.length, label: 'instances' },
      { n: views.filter((v) => v.chosen.length > 0).length, label: 'decided (chosen)', cls: 'good', title: 'instances in which a quorum voted for one value in one ballot' },
      { n: learn, label: 'Learn steps' },
    ];
  },
  outcomeText: (f) => `instances: ${formatCount(f[0]!.n)} (${formatCount(f[1]!.n)} with a value chosen)`,
  instanceName: (i) => `Instance ${i}`,
  instanceMeta: (v) => `${formatCount(v.steps)} steps · ${v.chosen.length > 0 ? `chosen ${v.chosen.map((c) => c.short).join(' and ')}` : 'nothing chosen'}`,
  legendMarks: () => [
    `<span class="key">${swatch(STAR_KEY)}value chosen</span>`,
    `<span class="key">${swatch('<rect x="1" y="2" width="28" height="12" rx="6" fill="#7c3aed"/>')}Learn</span>`,
  ],
};
