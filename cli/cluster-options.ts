// The cluster shape options shared by `simulate` and `explore`.
import { InvalidArgumentError, type Command } from 'commander';
import { makeConfig, type PaxosConfig, type Timing } from '../impl/src/basic/config.ts';
import { BUG_CATALOGUE, type Bugs } from '../impl/src/basic/bugs.ts';

export interface ClusterFlags {
  servers?: number;
  proposers?: number;
  acceptors?: number;
  learners?: number;
  weights?: string;
  bug?: string[];
}

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} takes a positive integer, got '${value}'`);
    return n;
  };
}

export const nonNegativeInt = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a non-negative integer, got '${value}'`);
  return n;
};

const BUGS: ReadonlyMap<string, keyof Bugs> = new Map(BUG_CATALOGUE.map((b) => [b.flag, b.name]));
/** The known --bug names, for help texts and errors. */
export const BUG_FLAGS = [...BUGS.keys()].join(', ');

export function addClusterOptions(cmd: Command, defaults: { servers?: number }): Command {
  return cmd
    .option('--servers <n>', `servers that are each proposer, acceptor and learner${defaults.servers ? ` (default ${defaults.servers})` : ''}`, positiveInt('--servers'))
    .option('--proposers <n>', 'separate proposers (with --acceptors and --learners, instead of --servers)', positiveInt('--proposers'))
    .option('--acceptors <n>', 'separate acceptors', positiveInt('--acceptors'))
    .option('--learners <n>', 'separate learners', positiveInt('--learners'))
    .option('--weights <list>', 'acceptor quorum weights in order, e.g. 2,1,1 (default: all 1, majorities)')
    .option('--bug <name...>', `seed a bug into the reducers, to see it caught (${BUG_FLAGS})`);
}

export function clusterConfig(flags: ClusterFlags, defaults: { servers?: number; proposers?: number; acceptors?: number; learners?: number }, timing?: Timing): PaxosConfig {
  const separate = flags.proposers !== undefined || flags.acceptors !== undefined || flags.learners !== undefined;
  if (separate && flags.servers !== undefined) throw new Error('give either --servers or --proposers/--acceptors/--learners, not both');
  let proposers: string[];
  let acceptors: string[];
  let learners: string[];
  if (separate || defaults.servers === undefined) {
    proposers = names('p', flags.proposers ?? defaults.proposers ?? 2, 0);
    acceptors = names('a', flags.acceptors ?? defaults.acceptors ?? 3, 1);
    learners = names('l', flags.learners ?? defaults.learners ?? 1, 1);
  } else {
    const servers = names('s', flags.servers ?? defaults.servers, 1);
    [proposers, acceptors, learners] = [servers, servers, servers];
  }
  let weights: Record<string, number> | undefined;
  if (flags.weights !== undefined) {
    const ws = flags.weights.split(',').map((w) => Number(w.trim()));
    if (ws.length !== acceptors.length || ws.some((w) => !Number.isInteger(w) || w < 0)) {
      throw new Error(`--weights needs ${acceptors.length} non-negative integers (one per acceptor: ${acceptors.join(' ')}), got '${flags.weights}'`);
    }
    weights = Object.fromEntries(acceptors.map((a, i) => [a, ws[i]!]));
  }
  return makeConfig({ proposers, acceptors, learners, ...(weights ? { weights } : {}), ...(timing ? { timing } : {}), bugs: bugsFromNames(flags.bug ?? []) });
}

export function bugsFromNames(names: readonly string[]): Bugs {
  const bugs: { -readonly [K in keyof Bugs]: Bugs[K] } = {};
  for (const name of names) {
    const key = BUGS.get(name);
    if (!key) throw new Error(`--bug: unknown bug '${name}' (known: ${BUG_FLAGS})`);
    bugs[key] = true;
  }
  return bugs;
}

function names(prefix: string, n: number, from: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + from}`);
}
