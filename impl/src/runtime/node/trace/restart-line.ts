// A server's restarts in the merged trace.  The simulator knows a crashed
// server's state and calls crashLine(before, rebuilt) (multi/trace-lines.ts);
// a real process that was SIGKILLed took its state with it, and the new one
// knows only what it recovered (its start record).  So the merger keeps, per
// server, the spec entries its lines have set, and at each restart:
//
// 1. cuts off the dead process's last lines whose records its log did not
//    keep.  A server writes a step's lines before the step's records reach
//    its log, and sends nothing until they are durable (server-host.ts), so
//    the log holds the records of a prefix of the logged steps, and the
//    steps after that prefix were heard of by nobody.  The cut is the
//    longest prefix whose durable entries (all but lPhase and lProp, which
//    live in memory only) are what the new process recovered; if no prefix
//    is, nothing is cut and the restart line below shows the difference,
//    which the checker rejects - a disk that lost what was said aloud.
// 2. writes the restart line by crashLine's rule: Abandon if the last
//    logged lPhase was not "idle", else Stutter, with every entry that the
//    recovery changed (what was volatile: lPhase; and an Abandon empties
//    the whole row lProp[s], "0*", forgotten slots too).  Slots the new
//    process recovered as forgotten (its start record's `forgotten`) are
//    not compared: it holds none of them.
import type { MultiConfig } from '../../../multi/config.ts';
import { initServer } from '../../../multi/server.ts';
import { serverNumber, serverSpecEntry, SPEC_NONE, type Json, type SpecVars } from '../../../multi/spec-view.ts';
import type { ServerState } from '../../../multi/state.ts';
import type { MultiLine } from '../../../multi/trace-lines.ts';
import { TraceFormatError } from '../../../../../trace-check/src/format.ts';
import type { NodeTrace, ServerRecord } from './read-node-traces.ts';
import type { ServerStepRecord } from './trace-file.ts';

/** The spec variables a server keeps in memory only: a restart resets them (spec Abandon). */
const VOLATILE = new Set(['lPhase', 'lProp']);
/** The spec variables with an entry per slot ("0/5"). */
const PER_SLOT = new Set(['vBal', 'vVal', 'lProp', 'decided']);

type Undo = [variable: string, path: string, previous: Json | undefined][];

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

  /** The entry's value: as logged (or as its row was filled: "0*"), else a fresh server's. */
  get(variable: string, path: string): Json {
    const row = this.entries.get(variable);
    const slash = path.indexOf('/');
    return row?.get(path) ?? (slash > 0 ? row?.get(`${path.slice(0, slash)}*`) : undefined) ?? serverSpecEntry(this.fresh, variable, path) ?? null;
  }

  /** Apply a line's (or a start record's) vars; what it returns takes them back. */
  apply(vars: SpecVars): Undo {
    const undo: Undo = [];
    for (const [variable, paths] of Object.entries(vars)) {
      const row = this.entries.get(variable) ?? new Map<string, Json>();
      this.entries.set(variable, row);
      for (const [path, value] of Object.entries(paths)) {
        if (path.endsWith('*')) {
          // A whole row filled: its entries logged so far give way to the fill.
          const prefix = `${path.slice(0, -1)}/`;
          const filled = [...row].filter(([p]) => p.startsWith(prefix));
          for (const [p, old] of filled) {
            undo.push([variable, p, old]);
            row.delete(p);
          }
        }
        const at = path.endsWith('+') ? path.slice(0, -1) : path;
        undo.push([variable, at, row.get(at)]);
        row.set(at, path.endsWith('+') ? union(this.get(variable, at), value) : value);
      }
    }
    return undo;
  }

  undo(undo: Undo): void {
    for (const [variable, path, previous] of [...undo].reverse()) {
      const row = this.entries.get(variable)!;
      if (previous === undefined) row.delete(path);
      else row.set(path, previous);
    }
  }

  /** Every (variable, path) logged. */
  keys(): [string, string][] {
    return [...this.entries].flatMap(([v, row]) => [...row.keys()].map((p): [string, string] => [v, p]));
  }

  /**
   * The entries where this and `other` differ (other's values), sets that
   * only grew as what they gained.  Slots 1 .. forgotten are not compared:
   * a server that forgot them (multi/forget.ts) recovers without them.
   */
  changesTo(other: LoggedServer, forgotten: number, only: (variable: string) => boolean = () => true): SpecVars {
    const vars: SpecVars = {};
    const seen = new Set<string>();
    const held = (x: Json) => (forgotten > 0 && Array.isArray(x) ? x.filter((slot) => typeof slot !== 'number' || slot > forgotten) : x);
    for (const [variable, path] of [...this.keys(), ...other.keys()]) {
      if (!only(variable) || path.endsWith('*') || seen.has(`${variable} ${path}`)) continue;
      seen.add(`${variable} ${path}`);
      if (forgotten > 0 && PER_SLOT.has(variable) && Number(path.slice(path.indexOf('/') + 1)) <= forgotten) continue;
      const was = variable === 'executed' ? held(this.get(variable, path)) : this.get(variable, path);
      const is = variable === 'executed' ? held(other.get(variable, path)) : other.get(variable, path);
      if (same(was, is)) continue;
      const row = (vars[variable] ??= {});
      if (Array.isArray(was) && Array.isArray(is) && was.every((x) => is.some((y) => same(x, y)))) row[`${path}+`] = is.filter((y) => !was.some((x) => same(x, y)));
      else row[path] = is;
    }
    return vars;
  }

  /** Forget every entry, then apply `vars` (a start record's: the recovered state). */
  reset(vars: SpecVars): void {
    this.entries.clear();
    this.apply(vars);
  }

  recovered(vars: SpecVars): LoggedServer {
    const s = new LoggedServer(this.config, this.id);
    s.apply(vars);
    return s;
  }

  lPhase(): Json {
    return this.get('lPhase', String(serverNumber(this.config, this.id)));
  }
}

export interface ServerTimeline {
  /** The server's step lines that stay, and its restart lines, in its own order, each with its clock. */
  readonly lines: readonly ServerStepRecord[];
  readonly restarts: number;
  /** Lines cut off at restarts: steps whose records the log did not keep. */
  readonly cut: number;
}

export function serverTimeline(config: MultiConfig, trace: NodeTrace<ServerRecord>): ServerTimeline {
  const server = new LoggedServer(config, trace.node);
  const s = serverNumber(config, trace.node);
  const out: ServerStepRecord[] = [];
  let incarnation: { line: ServerStepRecord; undo: Undo }[] = [];
  let restarts = 0;
  let cut = 0;
  trace.records.forEach((r, k) => {
    if (!('event' in r)) {
      incarnation.push({ line: r, undo: server.apply(r.vars) });
      return;
    }
    if (k === 0) {
      // The spec begins at Init: the first process must have started from an empty disk.
      if (Object.keys(r.vars).length > 0) throw new TraceFormatError(trace.file, 1, 'vars', `${trace.node} first started from a disk that was not empty: its trace does not begin where the spec does (start a traced cluster in a new --dir)`);
      return;
    }
    const now = server.recovered(r.vars);
    const forgotten = r.forgotten ?? 0;
    const durable = (v: string) => !VOLATILE.has(v);
    let keep = incarnation.length;
    while (keep > 0 && Object.keys(server.changesTo(now, forgotten, durable)).length > 0) server.undo(incarnation[--keep]!.undo);
    if (Object.keys(server.changesTo(now, forgotten, durable)).length > 0) {
      // No prefix matches the disk: keep every line, and let the restart line show what the disk lost.
      for (const { line } of incarnation) server.apply(line.vars);
      keep = incarnation.length;
    }
    cut += incarnation.length - keep;
    out.push(...incarnation.slice(0, keep).map((x) => x.line));
    const action = server.lPhase() === 'idle' ? 'Stutter' : 'Abandon';
    const vars = server.changesTo(now, forgotten, (v) => v !== 'lProp');
    // Abandon empties the whole row lProp[s], forgotten slots too (spec-view.ts).
    if (action === 'Abandon') vars.lProp = { [`${s}*`]: SPEC_NONE };
    const line: MultiLine = { node: trace.node, action, params: action === 'Abandon' ? { s } : {}, sent: [], vars };
    out.push({ lc: r.lc, ...line });
    restarts++;
    incarnation = [];
    server.reset(r.vars);
  });
  out.push(...incarnation.map((x) => x.line));
  return { lines: out, restarts, cut };
}

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

function union(set: Json, added: Json): Json {
  const a = Array.isArray(set) ? set : [];
  const b = Array.isArray(added) ? added : [added];
  const out = [...a];
  for (const x of b) if (!out.some((y) => same(x, y))) out.push(x);
  return out.every((x) => typeof x === 'number') ? (out as number[]).sort((p, q) => p - q) : out;
}
