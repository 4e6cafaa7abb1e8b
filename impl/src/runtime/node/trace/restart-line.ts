// A server's restart as a trace line.  The simulator knows a crashed
// server's state and calls crashLine(before, rebuilt) (multi/trace-lines.ts);
// a real process that was SIGKILLed took its state with it, and the new one
// knows only what it recovered.  So the merger keeps, per server, the spec
// entries its lines have set (folded from the start record and every line
// since), and the restart line is crashLine's rule applied to them: Abandon
// if the last logged lPhase was not "idle", else Stutter, with every entry
// the recovery changed - what was volatile (lPhase, lProp); anything durable
// that differs means the disk and the trace disagree, and the checker says so.
import type { MultiConfig } from '../../../multi/config.ts';
import { initServer } from '../../../multi/server.ts';
import { serverNumber, serverSpecEntry, type Json, type SpecVars } from '../../../multi/spec-view.ts';
import type { ServerState } from '../../../multi/state.ts';
import type { MultiLine } from '../../../multi/trace-lines.ts';

/** A server's spec entries as its lines left them: variable -> key path -> value; sets ("0+") held whole at "0". */
export class LoggedServer {
  private readonly entries = new Map<string, Map<string, Json>>();
  private readonly fresh: ServerState;

  constructor(
    private readonly config: MultiConfig,
    readonly id: string,
  ) {
    this.fresh = initServer(config, id).state;
  }

  /** The entry's value: as logged, else a fresh server's. */
  get(variable: string, path: string): Json {
    return this.entries.get(variable)?.get(path) ?? serverSpecEntry(this.fresh, variable, path) ?? null;
  }

  /** Apply a line's (or a start record's) vars. */
  apply(vars: SpecVars): void {
    for (const [variable, paths] of Object.entries(vars)) {
      const row = this.entries.get(variable) ?? new Map<string, Json>();
      this.entries.set(variable, row);
      for (const [path, value] of Object.entries(paths)) {
        if (path.endsWith('+')) {
          const at = path.slice(0, -1);
          row.set(at, union(this.get(variable, at), value));
        } else row.set(path, value);
      }
    }
  }

  /** Every (variable, path) logged. */
  keys(): [string, string][] {
    return [...this.entries].flatMap(([v, row]) => [...row.keys()].map((p): [string, string] => [v, p]));
  }

  /**
   * The line for a restart whose recovered state differs from a fresh
   * server's by `recovered` (the start record's vars); afterwards this
   * holds the recovered state.
   */
  restart(recovered: SpecVars): MultiLine {
    const now = new LoggedServer(this.config, this.id);
    now.apply(recovered);
    const s = String(serverNumber(this.config, this.id));
    const vars: SpecVars = {};
    const seen = new Set<string>();
    for (const [variable, path] of [...this.keys(), ...now.keys()]) {
      if (seen.has(`${variable} ${path}`)) continue;
      seen.add(`${variable} ${path}`);
      const was = this.get(variable, path);
      const is = now.get(variable, path);
      if (JSON.stringify(was) === JSON.stringify(is)) continue;
      const row = (vars[variable] ??= {});
      // A set that only grew is written as what it gained, as lines write it.
      const gained = Array.isArray(was) && Array.isArray(is) && was.every((x) => is.some((y) => JSON.stringify(x) === JSON.stringify(y)));
      if (gained) row[`${path}+`] = (is as Json[]).filter((y) => !(was as Json[]).some((x) => JSON.stringify(x) === JSON.stringify(y)));
      else row[path] = is;
    }
    const action = this.get('lPhase', s) === 'idle' ? 'Stutter' : 'Abandon';
    this.entries.clear();
    this.apply(recovered);
    return { node: this.id, action, params: action === 'Abandon' ? { s: Number(s) } : {}, sent: [], vars };
  }
}

function union(set: Json, added: Json): Json {
  const a = Array.isArray(set) ? set : [];
  const b = Array.isArray(added) ? added : [added];
  const out = [...a];
  for (const x of b) if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
  return out.every((x) => typeof x === 'number') ? (out as number[]).sort((p, q) => p - q) : out;
}
