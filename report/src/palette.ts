// Colours and short names of message types and actions.  One hue per phase,
// the same for a message and for the step that sends it (a Phase2a step is
// amber like its 2a arrows), so that the eye follows a phase down the chart.
import type { TraceMessage, TraceValue } from '../../trace-check/src/format.ts';

export interface Kind {
  /** CSS class suffix: m-1a, a-Phase1a. */
  readonly id: string;
  readonly name: string;
  /** What textbooks call it. */
  readonly classic: string;
  readonly color: string;
  /** A light tint for step boxes. */
  readonly tint: string;
}

export const MESSAGE_KINDS: readonly Kind[] = [
  { id: 'request', name: 'request', classic: 'client request', color: '#475569', tint: '#f1f5f9' },
  { id: '1a', name: '1a', classic: 'prepare', color: '#2563eb', tint: '#dbeafe' },
  { id: '1b', name: '1b', classic: 'promise', color: '#0891b2', tint: '#cffafe' },
  { id: '2a', name: '2a', classic: 'accept', color: '#d97706', tint: '#fef3c7' },
  { id: '2b', name: '2b', classic: 'accepted', color: '#16a34a', tint: '#dcfce7' },
  { id: 'nack', name: 'nack', classic: 'rejected', color: '#dc2626', tint: '#fee2e2' },
  { id: 'decided', name: 'decided', classic: 'decision notice', color: '#7c3aed', tint: '#ede9fe' },
  // Multi-Paxos adds these (report/src/multi-messages.ts).
  { id: 'reply', name: 'reply', classic: 'answer to a client', color: '#0f766e', tint: '#ccfbf1' },
  { id: 'redirect', name: 'redirect', classic: 'not the leader', color: '#a16207', tint: '#fef9c3' },
  { id: 'heartbeat', name: 'heartbeat', classic: 'leader alive', color: '#a8a29e', tint: '#f5f5f4' },
  { id: 'progress', name: 'progress', classic: 'applied so far', color: '#4d7c0f', tint: '#ecfccb' },
  { id: 'catch-up', name: 'catch-up', classic: 'asks for decided slots', color: '#db2777', tint: '#fce7f3' },
  { id: 'chosen', name: 'chosen', classic: 'commit notice', color: '#9333ea', tint: '#f3e8ff' },
];

/** The kinds a Basic Paxos trace uses, in the legend's order. */
export const BASIC_KINDS: readonly string[] = ['request', '1a', '1b', '2a', '2b', 'nack', 'decided'];

export const OTHER: Kind = { id: 'other', name: 'other', classic: 'other', color: '#6b7280', tint: '#f3f4f6' };

const byType = new Map(MESSAGE_KINDS.map((k) => [k.id, k]));
export const messageKind = (type: string): Kind => byType.get(type) ?? OTHER;

/** The message a spec action sends (or the phase it belongs to), for its colour: Paxos and MultiPaxos actions. */
export const ACTION_KINDS: Readonly<Record<string, string>> = {
  Request: 'request',
  Phase1a: '1a',
  Phase1b: '1b',
  BecomeLeader: '1b',
  Phase2a: '2a',
  Propose: '2a',
  Phase2b: '2b',
  Learn: 'decided',
  Decide: 'decided',
  Receive: 'reply',
  Abandon: 'other',
};
export const actionKind = (action: string): Kind => messageKind(ACTION_KINDS[action] ?? 'other');

/** A TLA+ value as the spec would print it: None, "s1", {1, 2}, [a |-> 1]. */
export function showValue(v: TraceValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return `{${v.map(showValue).join(', ')}}`;
  if (typeof v === 'object') return `[${Object.entries(v).map(([k, x]) => `${k} |-> ${showValue(x)}`).join(', ')}]`;
  return JSON.stringify(v);
}

/** A value in a short label: strings unquoted. */
const bare = (v: TraceValue | undefined): string => (typeof v === 'string' ? v : v === undefined ? '?' : showValue(v));

/** The few characters on an arrow; the full message is in its tooltip. */
export function messageLabel(m: TraceMessage): string {
  switch (m.type) {
    case 'request':
      return `request ${bare(m.val)}`;
    case '1a':
      return `1a b${bare(m.bal)}`;
    case '1b':
      return m.mval === null || m.mval === undefined ? `1b b${bare(m.bal)}` : `1b b${bare(m.bal)} ⟨${bare(m.mbal)}, ${bare(m.mval)}⟩`;
    case '2a':
      return `2a b${bare(m.bal)} ${bare(m.val)}`;
    case '2b':
      return `2b b${bare(m.bal)} ${bare(m.val)}`;
    case 'nack':
      return `nack b${bare(m.bal)} < ${bare(m.promised)}`;
    case 'decided':
      return `decided ${bare(m.val)}`;
    default: {
      const { type, ...rest } = m;
      return [type, ...Object.values(rest).map(bare)].join(' ').slice(0, 28);
    }
  }
}

/** Parameters that only repeat who took the step (Phase1b's a is the node itself). */
const SELF_PARAMS = new Set(['a', 'p', 'l', 'Q']);

/** The text in a step's box: the action and the parameters that say what it did. */
export function stepLabel(action: string, params: Readonly<Record<string, TraceValue>>): string {
  const shown = Object.entries(params)
    .filter(([k]) => !SELF_PARAMS.has(k))
    .map(([k, v]) => (k === 'b' ? `b${bare(v)}` : bare(v)));
  const text = [action, ...shown].join(' ');
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
