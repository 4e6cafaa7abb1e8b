// A client history: what the clients of the store saw, one entry per
// operation with the times it was called and returned.  This, and only this,
// is what linearizability is about: the checker never looks inside the
// cluster.
import { formatCommand, formatResult, type KvCommand, type KvResult } from './commands.ts';

export interface Operation {
  readonly client: string;
  /** Unique per client; (client, id) names the operation. */
  readonly id: number;
  readonly command: KvCommand;
  readonly call: number;
  /** null: no reply ever came (the op may or may not have taken effect) */
  readonly ret: number | null;
  readonly result: KvResult | null;
}

export type History = readonly Operation[];

/** `c1#4` */
export function opName(op: Pick<Operation, 'client' | 'id'>): string {
  return `${op.client}#${op.id}`;
}

/** `c1#4 get("x") -> "a"  [12, 15]`, or `… -> ?  [12, no reply]`. */
export function formatOperation(op: Operation): string {
  const result = op.result === null ? '?' : formatResult(op.result);
  const interval = `[${op.call}, ${op.ret === null ? 'no reply' : op.ret}]`;
  return `${opName(op)} ${formatCommand(op.command)} -> ${result}  ${interval}`;
}

/**
 * Everything wrong with a history's shape, one message per problem (empty
 * when it is well formed).  A malformed history is a bug in whatever
 * recorded it, not a linearizability verdict, so the checker refuses it.
 */
export function validateHistory(history: History): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  history.forEach((op, index) => {
    const where = `operation ${index} (${opName(op)})`;
    const name = JSON.stringify([op.client, op.id]);
    if (seen.has(name)) errors.push(`${where}: another operation has the same client and id`);
    seen.add(name);
    if (!Number.isFinite(op.call)) errors.push(`${where}: call time ${op.call} is not a finite number`);
    if (op.ret !== null) {
      if (!Number.isFinite(op.ret)) errors.push(`${where}: return time ${op.ret} is not a finite number`);
      else if (op.ret < op.call) errors.push(`${where}: returned at ${op.ret}, before it was called at ${op.call}`);
    }
    if ((op.ret === null) !== (op.result === null)) {
      errors.push(
        op.ret === null
          ? `${where}: has a result but no return time (an operation without a reply has neither)`
          : `${where}: returned at ${op.ret} but has no result`,
      );
    }
    if (op.result !== null && op.result.op !== op.command.op) {
      errors.push(`${where}: a ${op.command.op} command with a ${op.result.op} result`);
    }
  });
  return errors;
}

export class InvalidHistoryError extends Error {
  constructor(readonly problems: readonly string[]) {
    const shown = problems.slice(0, 10).map((p) => `  ${p}`);
    if (problems.length > 10) shown.push(`  … and ${problems.length - 10} more`);
    super(`invalid history:\n${shown.join('\n')}`);
    this.name = 'InvalidHistoryError';
  }
}

export function assertValidHistory(history: History): void {
  const problems = validateHistory(history);
  if (problems.length > 0) throw new InvalidHistoryError(problems);
}

/**
 * Records a history as it happens: `invoke` when a client sends a command,
 * `complete` when its reply arrives.  Operations never completed appear with
 * no return time and no result: under faults a reply can be lost while the
 * command still takes effect, and the checker must allow for both.
 */
export class HistoryRecorder {
  private readonly ops: Operation[] = [];
  /** Index in `ops` of each operation not yet completed, by (client, id) as JSON. */
  private readonly open = new Map<string, number>();
  private readonly nextId = new Map<string, number>();

  /** The new operation's id: the client's next (0, 1, 2, …). */
  invoke(client: string, command: KvCommand, call: number): number {
    const id = this.nextId.get(client) ?? 0;
    this.nextId.set(client, id + 1);
    this.open.set(JSON.stringify([client, id]), this.ops.length);
    this.ops.push({ client, id, command, call, ret: null, result: null });
    return id;
  }

  complete(client: string, id: number, result: KvResult, ret: number): void {
    const name = opName({ client, id });
    const index = this.open.get(JSON.stringify([client, id]));
    if (index === undefined) throw new Error(`complete ${name}: no such operation in progress (never invoked, or already completed)`);
    const op = this.ops[index]!;
    if (result.op !== op.command.op) throw new Error(`complete ${name}: a ${result.op} result for a ${op.command.op} command`);
    if (ret < op.call) throw new Error(`complete ${name}: return time ${ret} is before the call time ${op.call}`);
    this.open.delete(JSON.stringify([client, id]));
    this.ops[index] = { ...op, ret, result };
  }

  /** A snapshot, in invocation order. */
  history(): History {
    return [...this.ops];
  }
}
