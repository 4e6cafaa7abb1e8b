// The explorer's configuration: defaults, a JSON file (`paxos explore
// --config FILE`), and command-line flags on top.  Every field is checked,
// and an error names the file and the field.
import { readFileSync } from 'node:fs';
import type { ExploreOptions } from './explorer.ts';
import { makeConfig } from '../../basic/config.ts';
import type { Bugs } from '../../basic/bugs.ts';

export interface ExploreConfig {
  proposers: number;
  acceptors: number;
  learners: number;
  /** Quorum weights per acceptor, in order; all 1 (majorities) by default. */
  weights?: number[];
  values: string[];
  requests: 'own' | 'any';
  maxBallot: number;
  crashes: boolean;
  maxStates: number;
}

/** The default small configuration: the spec's Paxos.small model, for the real reducers. */
export const DEFAULT_EXPLORE: ExploreConfig = {
  proposers: 2,
  acceptors: 3,
  learners: 1,
  values: ['x', 'y'],
  requests: 'own',
  maxBallot: 1,
  crashes: false,
  maxStates: 5_000_000,
};

const FIELDS: Record<keyof ExploreConfig, (v: unknown) => string | null> = {
  proposers: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'a positive integer'),
  acceptors: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'a positive integer'),
  // Votes are sent to learners: without one, no value could be seen chosen.
  learners: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'a positive integer (votes go to learners; without one nothing is seen chosen)'),
  weights: (v) => (Array.isArray(v) && v.every((w) => Number.isInteger(w) && w >= 0) ? null : 'an array of non-negative integers'),
  values: (v) => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '') && new Set(v).size === v.length ? null : 'a non-empty array of distinct non-empty strings'),
  requests: (v) => (v === 'own' || v === 'any' ? null : '"own" or "any"'),
  maxBallot: (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'a non-negative integer'),
  crashes: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  maxStates: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'a positive integer'),
};

export function readExploreConfig(file: string): Partial<ExploreConfig> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: expected a JSON object`);
  return validate(data as Record<string, unknown>, file);
}

export function validate(data: Record<string, unknown>, where: string): Partial<ExploreConfig> {
  for (const [key, value] of Object.entries(data)) {
    const check = FIELDS[key as keyof ExploreConfig];
    if (!check) throw new Error(`${where}: unknown field '${key}' (known: ${Object.keys(FIELDS).join(', ')})`);
    const problem = check(value);
    if (problem) throw new Error(`${where}: field '${key}' must be ${problem}, got ${JSON.stringify(value)}`);
  }
  return data as Partial<ExploreConfig>;
}

export function exploreOptions(c: ExploreConfig, bugs: Bugs = {}): ExploreOptions {
  const names = (prefix: string, n: number, from: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + from}`);
  const acceptors = names('a', c.acceptors, 1);
  if (c.weights && c.weights.length !== c.acceptors) throw new Error(`weights: ${c.weights.length} given for ${c.acceptors} acceptors`);
  const config = makeConfig({
    proposers: names('p', c.proposers, 0),
    acceptors,
    learners: names('l', c.learners, 1),
    ...(c.weights ? { weights: Object.fromEntries(acceptors.map((a, i) => [a, c.weights![i]!])) } : {}),
    bugs,
  });
  return { config, values: c.values, requests: c.requests, maxBallot: c.maxBallot, crashes: c.crashes, maxStates: c.maxStates };
}
