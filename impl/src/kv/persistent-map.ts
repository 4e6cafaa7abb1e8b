// A persistent (immutable, structure-sharing) map from strings, for the
// replica's key-value store and its per-client table of last answers.
// The reducers never modify a state they were given, so a plain Map there
// had to be copied whole for every command: a put cost the size of the
// store, and a cluster slowed down as its store grew (1,263 then 432
// writes/s over three 5 s runs filling 20,000 keys).  Here a put copies one
// path of a hash trie (a hash array mapped trie: 32-way nodes, a bitmap
// saying which of the 32 children are present), so it costs O(log32 n).
//
// It is a ReadonlyMap, so code that only reads a state (the spec view,
// state keys of the explorer, tests) does not know the difference.  There
// is no delete: a register never goes back to null, and a client's last
// answer is only ever replaced.

const BITS = 5;
const MASK = (1 << BITS) - 1;
/** Past this shift the 32-bit hash is used up: keys with equal hashes share a collision list. */
const MAX_SHIFT = 30;

interface Leaf<V> {
  readonly kind: 'leaf';
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}

interface Branch<V> {
  readonly kind: 'branch';
  /** Bit i set: a child for hash fragment i, at index popcount(bitmap below bit i). */
  readonly bitmap: number;
  readonly children: readonly Trie<V>[];
}

interface Collision<V> {
  readonly kind: 'collision';
  readonly hash: number;
  readonly leaves: readonly Leaf<V>[];
}

type Trie<V> = Leaf<V> | Branch<V> | Collision<V>;

/** FNV-1a over UTF-16 code units: deterministic across runs and processes, as a reducer's state must be. */
export function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

const fragment = (hash: number, shift: number) => (hash >>> shift) & MASK;

/** One branch (or a chain of them, while the two hashes agree) holding two leaves of different keys. */
function join<V>(a: Leaf<V>, b: Leaf<V>, shift: number): Trie<V> {
  if (shift > MAX_SHIFT || a.hash === b.hash) return { kind: 'collision', hash: a.hash, leaves: [a, b] };
  const fa = fragment(a.hash, shift);
  const fb = fragment(b.hash, shift);
  if (fa === fb) return { kind: 'branch', bitmap: 1 << fa, children: [join(a, b, shift + BITS)] };
  return { kind: 'branch', bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a] };
}

/** The trie with `leaf` put in; `added` says whether its key is new. */
function insert<V>(t: Trie<V>, leaf: Leaf<V>, shift: number, added: { yes: boolean }): Trie<V> {
  switch (t.kind) {
    case 'leaf':
      if (t.key === leaf.key) return t.value === leaf.value ? t : leaf;
      added.yes = true;
      return join(t, leaf, shift);
    case 'collision': {
      if (t.hash !== leaf.hash) {
        // Only reached below MAX_SHIFT: split by the next fragment.
        added.yes = true;
        const branch: Branch<V> = { kind: 'branch', bitmap: 1 << fragment(t.hash, shift), children: [t] };
        return insert(branch, leaf, shift, added);
      }
      const i = t.leaves.findIndex((l) => l.key === leaf.key);
      if (i < 0) added.yes = true;
      if (i >= 0 && t.leaves[i]!.value === leaf.value) return t;
      const leaves = t.leaves.slice();
      if (i < 0) leaves.push(leaf);
      else leaves[i] = leaf;
      return { kind: 'collision', hash: t.hash, leaves };
    }
    case 'branch': {
      const bit = 1 << fragment(leaf.hash, shift);
      const at = popcount(t.bitmap & (bit - 1));
      const children = t.children.slice();
      if ((t.bitmap & bit) === 0) {
        added.yes = true;
        children.splice(at, 0, leaf);
        return { kind: 'branch', bitmap: t.bitmap | bit, children };
      }
      const child = insert(t.children[at]!, leaf, shift + BITS, added);
      if (child === t.children[at]) return t;
      children[at] = child;
      return { kind: 'branch', bitmap: t.bitmap, children };
    }
  }
}

function lookup<V>(t: Trie<V>, hash: number, key: string): Leaf<V> | undefined {
  for (let shift = 0; ; shift += BITS) {
    switch (t.kind) {
      case 'leaf':
        return t.key === key ? t : undefined;
      case 'collision':
        return t.leaves.find((l) => l.key === key);
      case 'branch': {
        const bit = 1 << fragment(hash, shift);
        if ((t.bitmap & bit) === 0) return undefined;
        t = t.children[popcount(t.bitmap & (bit - 1))]!;
      }
    }
  }
}

function* leavesOf<V>(t: Trie<V>): Generator<Leaf<V>> {
  switch (t.kind) {
    case 'leaf':
      yield t;
      return;
    case 'collision':
      yield* t.leaves;
      return;
    case 'branch':
      for (const c of t.children) yield* leavesOf(c);
  }
}

const EMPTY: Branch<never> = { kind: 'branch', bitmap: 0, children: [] };

/** Iteration order is the trie's (by hash), not insertion order: readers that need an order sort. */
export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private constructor(
    private readonly root: Trie<V>,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(EMPTY, 0);
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let m = PersistentMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  /** A new map with key set to value; this one is unchanged (and returned as is when nothing changes). */
  set(key: string, value: V): PersistentMap<V> {
    const added = { yes: false };
    const root = insert(this.root, { kind: 'leaf', hash: hashOf(key), key, value }, 0, added);
    return root === this.root ? this : new PersistentMap(root, this.size + (added.yes ? 1 : 0));
  }

  get(key: string): V | undefined {
    return lookup(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return lookup(this.root, hashOf(key), key) !== undefined;
  }

  *entries(): MapIterator<[string, V]> {
    for (const l of leavesOf(this.root)) yield [l.key, l.value];
  }

  *keys(): MapIterator<string> {
    for (const l of leavesOf(this.root)) yield l.key;
  }

  *values(): MapIterator<V> {
    for (const l of leavesOf(this.root)) yield l.value;
  }

  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const l of leavesOf(this.root)) f(l.value, l.key, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
