// The definition of linearizability, executed literally, for checking the
// checker on small histories (tests only): try every order of the
// operations, over the whole store (not key by key: this also tests the
// checker's split by key), that respects real time, with each operation
// without a reply either placed somewhere after its call or left out.
// Exponential; meant for histories of up to about 8 operations.
import { isDeepStrictEqual } from 'node:util';
import { applyCommand, emptyKvState, type KvState } from './commands.ts';
import type { History, Operation } from './history.ts';

export function bruteForceLinearizable(history: History): boolean {
  const used = new Array<boolean>(history.length).fill(false);
  const completed = history.filter((op) => op.ret !== null).length;
  const search = (state: KvState, placed: number): boolean => {
    if (placed === completed) return true;
    for (let i = 0; i < history.length; i++) {
      if (used[i]) continue;
      const op = history[i]!;
      // op may come next only if every operation that returned before op
      // was called is already placed.
      if (history.some((p, j) => !used[j] && p.ret !== null && p.ret < op.call)) continue;
      const { state: after, result } = applyCommand(state, op.command);
      if (op.result !== null && !isDeepStrictEqual(result, op.result)) continue;
      used[i] = true;
      if (search(after, placed + (op.ret === null ? 0 : 1))) return true;
      used[i] = false;
    }
    return false;
  };
  return search(emptyKvState, 0);
}

/** Why `order` is not a linearization of `history`, or null if it is one. */
export function linearizationError(history: History, order: readonly Operation[]): string | null {
  const position = new Map(order.map((op, i) => [op, i]));
  if (position.size !== order.length) return 'an operation appears twice';
  for (const op of history) if (op.ret !== null && !position.has(op)) return `completed ${op.client}#${op.id} is missing`;
  for (const op of order) if (!history.includes(op)) return `${op.client}#${op.id} is not in the history`;
  for (const a of order) {
    for (const b of order) {
      if (a.ret !== null && a.ret < b.call && position.get(a)! > position.get(b)!) return `${a.client}#${a.id} returned before ${b.client}#${b.id} was called but comes after it`;
    }
  }
  let state = emptyKvState;
  for (const op of order) {
    const step = applyCommand(state, op.command);
    if (op.result !== null && !isDeepStrictEqual(step.result, op.result)) return `${op.client}#${op.id} would return ${JSON.stringify(step.result)}`;
    state = step.state;
  }
  return null;
}
