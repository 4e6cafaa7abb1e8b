// Labels that never overlap: each label tries a few places along its arrow
// and takes the first that is free of the step boxes and of the labels
// already placed; with no free place it is left out (the arrow's colour
// still says its type, and its tooltip says everything).
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Boxes bucketed by height band, so that a page of a thousand labels stays fast. */
export class Occupancy {
  private readonly bands = new Map<number, Box[]>();
  readonly placed: Box[] = [];
  private static readonly BAND = 48;

  add(b: Box): void {
    this.placed.push(b);
    for (let k = Math.floor(b.y / Occupancy.BAND); k <= Math.floor((b.y + b.h) / Occupancy.BAND); k++) {
      const list = this.bands.get(k);
      if (list) list.push(b);
      else this.bands.set(k, [b]);
    }
  }

  free(b: Box): boolean {
    for (let k = Math.floor(b.y / Occupancy.BAND); k <= Math.floor((b.y + b.h) / Occupancy.BAND); k++) {
      for (const o of this.bands.get(k) ?? []) if (overlaps(b, o)) return false;
    }
    return true;
  }

  /** The first candidate box that is free, now taken; null when none is. */
  take(candidates: Iterable<Box>): Box | null {
    for (const c of candidates) {
      if (this.free(c)) {
        this.add(c);
        return c;
      }
    }
    return null;
  }
}
