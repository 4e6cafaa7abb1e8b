// The lifelines of the chart: one per node of the deployment and per
// client, in the order people draw Paxos - clients on the left, then
// proposers, acceptors, learners - and the same columns on every page, so
// that a node stays where the eye expects it from page to page.
import type { Run } from './entries.ts';
import { eventField } from './entries.ts';

export interface Lifeline {
  readonly name: string;
  /** What it is, for the head of the lifeline: "client", "server", "acceptor", "proposer · learner", ... */
  readonly role: string;
  readonly kind: 'client' | 'node';
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((e): e is string => typeof e === 'string') : []);
const field = (x: unknown, k: string): unknown => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>)[k] : undefined);
const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function lifelines(run: Run): Lifeline[] {
  const { header } = run.trace;
  // The deployment is free-form in the format; the spec's constants name
  // the acceptors and learners too, for traces that leave it out.
  const proposers = strings(field(header.deployment, 'proposers'));
  const acceptors = strings(field(header.deployment, 'acceptors'));
  const learners = strings(field(header.deployment, 'learners'));
  // MultiPaxos deployments name servers, each acceptor, leader and replica.
  const servers = strings(field(header.deployment, 'servers'));
  if (acceptors.length === 0) acceptors.push(...strings(header.constants.Acceptors));
  if (learners.length === 0) learners.push(...strings(header.constants.Learners));
  const deployed = [...new Set([...servers, ...proposers, ...acceptors, ...learners])];

  const seen = new Set<string>();
  const requesters = new Set<string>();
  const note = (n: string | undefined) => {
    if (n !== undefined) seen.add(n);
  };
  for (const e of run.entries) {
    if (e.kind === 'step') {
      note(e.step.node);
      if (e.step.action === 'Request') requesters.add(e.step.node);
      note(e.step.received?.from);
      for (const s of e.step.sent) note(s.to);
    } else {
      note(eventField(e.event, 'node'));
      note(eventField(e.event, 'from'));
      note(eventField(e.event, 'to'));
    }
  }
  const roleOf = (n: string) => {
    if (servers.includes(n)) return 'server';
    const roles = [proposers.includes(n) && 'proposer', acceptors.includes(n) && 'acceptor', learners.includes(n) && 'learner'].filter((r): r is string => r !== false);
    return roles.length === 3 ? 'server' : roles.join(' · ');
  };
  const others = [...seen].filter((n) => !deployed.includes(n)).sort(natural);
  const clients = others.filter((n) => requesters.has(n));
  const rest = others.filter((n) => !requesters.has(n));
  return [
    ...clients.map((name) => ({ name, role: 'client', kind: 'client' as const })),
    ...deployed.map((name) => ({ name, role: roleOf(name), kind: 'node' as const })),
    ...rest.map((name) => ({ name, role: 'node', kind: 'node' as const })),
  ];
}
