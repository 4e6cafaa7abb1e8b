// One step of a server, as the spec sees it: the reducer builds its result
// as a sequence of parts, each ONE spec action (Phase2b in slot 5, Decide
// in slot 5, ApplyExecute, ...) with the state after it and the spec
// messages it sent, so that a runtime can log a line per action and the
// trace checker can hold every part to the spec.  Changes that are no
// spec action (timers, tallies, the queue, the known leader) are made with
// `set` and must leave the spec's variables alone: a stutter.
import type { Ballot, Entry, NodeId, Slot, Vote } from './messages.ts';
import type { Output } from './io.ts';
import type { ServerState } from './state.ts';

/** The spec's messages, one per slot (a batched 2a or 2b is several). */
export type SpecMsg =
  | { readonly type: '1a'; readonly bal: Ballot; readonly from: Slot }
  | { readonly type: '1b'; readonly acc: NodeId; readonly bal: Ballot; readonly votes: readonly Vote[] }
  | { readonly type: '2a'; readonly bal: Ballot; readonly slot: Slot; readonly entry: Entry }
  | { readonly type: '2b'; readonly acc: NodeId; readonly bal: Ballot; readonly slot: Slot; readonly entry: Entry }
  | { readonly type: 'reply'; readonly client: string; readonly id: number; readonly slot: Slot; readonly result: string | null };

export type Msg2a = Extract<SpecMsg, { type: '2a' }>;

/** A spec action of a server, with its parameters (servers by name). */
export type ServerAction =
  | { readonly action: 'Phase1a'; readonly s: NodeId; readonly b: Ballot }
  | { readonly action: 'Phase1b'; readonly a: NodeId; readonly m: Extract<SpecMsg, { type: '1a' }> }
  | { readonly action: 'BecomeLeader'; readonly s: NodeId; readonly Q: readonly NodeId[] }
  | { readonly action: 'Propose'; readonly s: NodeId; readonly i: Slot; readonly e: Entry }
  | { readonly action: 'Phase2b'; readonly a: NodeId; readonly m: Msg2a }
  | { readonly action: 'Decide'; readonly s: NodeId; readonly m: Msg2a }
  | { readonly action: 'ApplySkip'; readonly s: NodeId }
  | { readonly action: 'ApplyExecute'; readonly s: NodeId }
  | { readonly action: 'Abandon'; readonly s: NodeId };

export interface Part {
  readonly action: ServerAction;
  readonly after: ServerState;
  /** The spec message the action consumed, if it consumed one. */
  readonly received?: SpecMsg;
  readonly sent: readonly SpecMsg[];
}

export interface ServerStep {
  readonly state: ServerState;
  readonly outputs: readonly Output[];
  readonly parts: readonly Part[];
}

/** The builder a step threads through the roles (mutated only inside one reducer call). */
export class Tx {
  readonly outputs: Output[] = [];
  readonly parts: Part[] = [];
  constructor(public state: ServerState) {}

  /** One spec action: the state after it, what it sent and consumed as the spec sees it. */
  act(action: ServerAction, state: ServerState, sent: readonly SpecMsg[] = [], received?: SpecMsg): void {
    this.state = state;
    this.parts.push(received ? { action, after: state, sent, received } : { action, after: state, sent });
  }

  /** A change the spec does not see. */
  set(state: ServerState): void {
    this.state = state;
  }

  out(...outputs: Output[]): void {
    this.outputs.push(...outputs);
  }

  done(): ServerStep {
    return { state: this.state, outputs: this.outputs, parts: this.parts };
  }
}
