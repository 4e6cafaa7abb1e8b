import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Rng } from './rng.ts';
import { parseFaults, showFaults } from './faults.ts';

describe('Rng', () => {
  test('a seed gives one sequence; another seed another', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, ((r) => () => r.next())(new Rng(seed)));
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
  });

  test('int, between and shuffle stay in range and shuffle is a permutation', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 50 }), (seed, n) => {
        const r = new Rng(seed);
        const i = r.int(n);
        const b = r.between(3, 3 + n);
        const items = Array.from({ length: n }, (_, k) => k);
        const shuffled = r.shuffle(items);
        return i >= 0 && i < n && b >= 3 && b <= 3 + n && [...shuffled].sort((x, y) => x - y).join() === items.join();
      }),
    );
  });
});

describe('parseFaults', () => {
  test('reads every fault and shows them back', () => {
    expect(showFaults(parseFaults('loss=0.2,dup=0.1,crash=0.01,partition=0.001,delay=2-9'))).toBe('loss=0.2,dup=0.1,crash=0.01,partition=0.001,delay=2-9');
    expect(parseFaults('none')).toEqual(parseFaults(''));
  });

  test.each([
    ['loss=1.5', /loss must be a probability in \[0, 1\], got '1.5'/],
    ['loss', /'loss' is not name=value/],
    ['drop=0.1', /unknown fault 'drop'/],
    ['delay=5-2', /delay needs 1 <= MIN <= MAX/],
    ['loss=1', /loses every message/],
  ])('refuses %s', (text, message) => {
    expect(() => parseFaults(text)).toThrow(message);
  });
});
