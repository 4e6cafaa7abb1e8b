import { describe, expect, test } from 'vitest';
import { createProgress } from './progress.ts';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (t: string) => written.push(t) }, written };
}

describe('progress lines', () => {
  test('on a terminal, each update redraws the line in place', () => {
    const { stream, written } = sink(true);
    const p = createProgress(stream);
    p.update('a');
    p.update('b');
    p.clear();
    expect(written).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kb', '\r\x1b[2K']);
  });

  test('off a terminal, a plain line at most once per interval and no control codes', () => {
    const { stream, written } = sink(false);
    let now = 0;
    const p = createProgress(stream, { intervalMs: 10_000, now: () => now });
    for (now = 0; now <= 35_000; now += 1_000) p.update(`t=${now / 1000}`);
    p.clear();
    expect(written).toEqual(['t=0\n', 't=10\n', 't=20\n', 't=30\n']);
  });
});
