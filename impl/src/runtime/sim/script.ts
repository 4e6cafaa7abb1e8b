// Helpers to drive a World by hand, for the named scenario tests: deliver
// what matches, drop what matches, fire timers, run until quiet.
import type { Message, NodeId } from '../../basic/messages.ts';
import type { TimerName } from '../../basic/io.ts';
import type { Envelope, World } from './world.ts';

export type EnvelopePredicate = (e: Envelope) => boolean;

export const to = (node: NodeId): EnvelopePredicate => (e) => e.to === node;
export const from = (node: NodeId): EnvelopePredicate => (e) => e.from === node;
export const ofType = (...types: Message['type'][]): EnvelopePredicate => (e) => types.includes(e.msg.type);
export const all = (...ps: EnvelopePredicate[]): EnvelopePredicate => (e) => ps.every((p) => p(e));
export const any = (...ps: EnvelopePredicate[]): EnvelopePredicate => (e) => ps.some((p) => p(e));
export const not = (p: EnvelopePredicate): EnvelopePredicate => (e) => !p(e);

/** Deliver, in sending order, every message in flight that matches, and what they cause, until none match. */
export function deliverWhere(world: World, p: EnvelopePredicate, limit = 10_000): number {
  let delivered = 0;
  for (;;) {
    const next = world.inFlight.filter(p).sort((a, b) => a.id - b.id)[0];
    if (!next) return delivered;
    if (++delivered > limit) throw new Error(`deliverWhere: more than ${limit} deliveries; a message loop?`);
    world.deliver(next);
  }
}

/** Lose every message in flight that matches. */
export function dropWhere(world: World, p: EnvelopePredicate): number {
  const doomed = world.inFlight.filter(p);
  for (const e of doomed) world.drop(e);
  return doomed.length;
}

/** Fire the pending timers of a node (of one kind, if given), in the order set. */
export function fireTimers(world: World, node: NodeId, timer?: TimerName): number {
  const due = world.timers.filter((t) => t.node === node && (!timer || t.timer === timer)).sort((a, b) => a.id - b.id);
  for (const t of due) world.fire(t);
  return due.length;
}

/** Deliver everything, dropping what matches `lose`, until no message is in flight. */
export function settle(world: World, lose: EnvelopePredicate = () => false): void {
  dropWhere(world, lose);
  let guard = 0;
  while (world.inFlight.length > 0) {
    if (++guard > 100_000) throw new Error('settle: the network never went quiet');
    const next = [...world.inFlight].sort((a, b) => a.id - b.id)[0]!;
    world.deliver(next);
    dropWhere(world, lose);
  }
}

/** Run the world's own schedule (messages and timers by due time) until `done` or the step budget is spent. */
export function runUntil(world: World, done: () => boolean, steps = 10_000): boolean {
  for (let i = 0; i < steps && !done(); i++) {
    const due = world.nextDue();
    if (!due) return done();
    if (due.kind === 'deliver') world.deliver(due.envelope);
    else world.fire(due.timer);
  }
  return done();
}
