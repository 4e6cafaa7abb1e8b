import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, framesFor, MAX_FRAME, scanFrames } from './log-frames.ts';

describe('framesFor', () => {
  it('gives exactly encodeFrame of consecutive runs of the records, each frame within MAX_FRAME, and reads back as the records', () => {
    const record = fc.oneof(fc.string({ maxLength: 20 }), fc.record({ rec: fc.constant('votes'), text: fc.string({ unit: 'grapheme', maxLength: 40 }) }), fc.string({ minLength: 60_000, maxLength: 120_000 }));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (records) => {
        const frames = framesFor(records);
        let at = 0;
        for (const f of frames) {
          expect(f.length).toBeLessThanOrEqual(MAX_FRAME);
          const n = (JSON.parse(f.subarray(8).toString('utf8')) as unknown[]).length;
          expect(f.equals(encodeFrame(records.slice(at, at + n)))).toBe(true);
          at += n;
        }
        expect(at).toBe(records.length);
        const scan = scanFrames(Buffer.concat(frames));
        expect(scan.ok && scan.records).toEqual(records);
      }),
      { numRuns: 60 },
    );
  });
});
