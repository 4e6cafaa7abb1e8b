// A node's trace file across restarts: the clock goes on from the last
// line, and a line a crash left without its newline is cut off.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceFile } from './trace-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-trace-file-'));

describe('TraceFile', () => {
  it('a new file starts the clock at 0; reopened, at its last line\'s clock, however long the file', () => {
    const path = join(dir, 'a.ndjson');
    const first = TraceFile.open(path);
    expect(first.lastClock).toBe(0);
    // Lines longer than the 64 KB the reader takes at a time from the end.
    const big = 'x'.repeat(100_000);
    first.append([{ lc: 1, pad: big }, { lc: 7, pad: big }]);
    first.close();
    const second = TraceFile.open(path);
    expect(second.lastClock).toBe(7);
    expect(second.tornTail).toBe(0);
    second.append([{ lc: 8 }]);
    second.close();
    expect(TraceFile.open(path).lastClock).toBe(8);
  });

  it('a torn last line is cut off, and the clock is the line before it', () => {
    const path = join(dir, 'b.ndjson');
    const t = TraceFile.open(path);
    t.append([{ lc: 3 }, { lc: 4 }]);
    t.close();
    const torn = '{"lc":5,"node":"s0","act';
    appendFileSync(path, torn);
    const again = TraceFile.open(path);
    expect(again.tornTail).toBe(torn.length);
    expect(again.lastClock).toBe(4);
    again.close();
    expect(readFileSync(path, 'utf8')).toBe('{"lc":3}\n{"lc":4}\n');
  });

  it('a last line without a clock is refused, naming the file', () => {
    const path = join(dir, 'c.ndjson');
    appendFileSync(path, '{"node":"s0"}\n');
    expect(() => TraceFile.open(path)).toThrow(`${path}: the last line has no clock (field lc); cannot go on with this trace`);
  });
});
