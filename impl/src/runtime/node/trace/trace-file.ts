// A node's own trace file (DATA/<id>/trace.ndjson, DATA/clients/<name>.ndjson):
// append-only NDJSON, one record a line, each stamped with the writer's
// Lamport clock (`lc`), so that `paxos cluster merge-traces` can put the
// files of all nodes in one causally consistent order.
//
// Lines are written with writeSync: once the call returns the line is in the
// kernel, and a SIGKILL cannot lose it (only a power cut could, and the
// cluster's fault model is process crashes).  A restarted process reads the
// last clock from its file, so that its lines sort after its earlier ones.
import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClientAction, ClientState } from '../../../multi/client.ts';
import type { SpecVars } from '../../../multi/spec-view.ts';
import type { MultiLine } from '../../../multi/trace-lines.ts';

export const serverTracePath = (dataDir: string, id: string) => join(dataDir, id, 'trace.ndjson');
export const clientTraceDir = (dataDir: string) => join(dataDir, 'clients');
export const clientTracePath = (traceDir: string, name: string) => join(traceDir, `${name}.ndjson`);

/** A server step's line: what trace-lines.ts gives, with the clock. */
export type ServerStepRecord = { readonly lc: number } & MultiLine;
/**
 * A server process began (first start or restart): its spec variables as
 * recovered from its disk, as entries that differ from a fresh server's.
 * The merger turns a restart into the crash line the spec needs.
 */
export interface ServerStartRecord {
  readonly lc: number;
  readonly event: 'start';
  readonly node: string;
  readonly pid: number;
  readonly vars: SpecVars;
  /** Slots 1 .. forgotten are forgotten (multi/forget.ts): `vars` says nothing of them. Absent: 0. */
  readonly forgotten?: number;
}
/**
 * A client's spec action (Request or Receive) with the state it was taken
 * in; the line itself is made at merge time, because the spec's history
 * variables (hMax, hFloor) are shared by all clients.
 */
export interface ClientRecord {
  readonly lc: number;
  readonly client: string;
  readonly before: ClientState;
  readonly action: ClientAction;
}

export class TraceFile {
  private constructor(
    private fd: number | null,
    /** The highest clock the file holds (0 if empty). */
    readonly lastClock: number,
    /** What was cut off the end: a line a crash left half written. */
    readonly tornTail: number,
  ) {}

  static open(path: string): TraceFile {
    mkdirSync(dirname(path), { recursive: true });
    const existed = existsSync(path);
    const fd = openSync(path, 'a+');
    if (!existed) return new TraceFile(fd, 0, 0);
    const { text, start } = lastLine(fd);
    const size = fstatSync(fd).size;
    let torn = 0;
    // A line without its newline was cut short: drop it, as the log drops a torn write.
    if (size > 0 && !text.endsWith('\n')) {
      torn = size - start;
      ftruncateSync(fd, start);
      const again = lastLine(fd);
      return new TraceFile(fd, clockOf(again.text, path), torn);
    }
    return new TraceFile(fd, clockOf(text, path), torn);
  }

  append(records: readonly object[]): void {
    if (this.fd === null || records.length === 0) return;
    writeSync(this.fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function clockOf(line: string, path: string): number {
  if (line.trim() === '') return 0;
  let lc: unknown;
  try {
    lc = (JSON.parse(line) as { lc?: unknown }).lc;
  } catch {
    throw new Error(`${path}: the last line is not JSON; cannot go on with this trace`);
  }
  if (!Number.isSafeInteger(lc)) throw new Error(`${path}: the last line has no clock (field lc); cannot go on with this trace`);
  return lc as number;
}

/** The file's last line (with its newline if it has one) and where it starts, read backwards in chunks. */
function lastLine(fd: number): { text: string; start: number } {
  const size = fstatSync(fd).size;
  if (size === 0) return { text: '', start: 0 };
  let from = size;
  let tail = Buffer.alloc(0);
  for (;;) {
    const next = Math.max(0, from - 64 * 1024);
    const buf = Buffer.alloc(from - next);
    readSync(fd, buf, 0, buf.length, next);
    tail = Buffer.concat([buf, tail]);
    from = next;
    // The newline that ends the line before the last (not the last line's own).
    const limit = tail[tail.length - 1] === 0x0a ? tail.length - 2 : tail.length - 1;
    const nl = limit >= 0 ? tail.lastIndexOf(0x0a, limit) : -1;
    if (nl >= 0) return { text: tail.subarray(nl + 1).toString('utf8'), start: from + nl + 1 };
    if (from === 0) return { text: tail.toString('utf8'), start: 0 };
  }
}
