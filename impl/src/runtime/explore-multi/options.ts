// The Multi-Paxos explorer's configuration: a few numbers, with defaults
// small enough for a test (and for the CI), turned into the reducers'
// MultiConfig and a workload.
import type { KvCommand } from '../../kv/commands.ts';
import type { MultiBugs } from '../../multi/bugs.ts';
import { makeMultiConfig } from '../../multi/config.ts';
import type { MultiExploreOptions } from './explorer.ts';

export interface MultiExploreConfig {
  servers: number;
  clients: number;
  /** Commands per client: put(x, "<client>-1"), then get(x), then put(x, "<client>-3"), ... */
  commands: number;
  maxBallots: number;
  window: number;
  maxBatch: number;
  crashes: boolean;
  retries: boolean;
  heartbeats: boolean;
  maxStates: number;
}

/**
 * The default: three servers, one client with one command, one ballot:
 * 1,149 states in a tenth of a second (8,669 while every acceptor sent its
 * votes to every server).  The space grows fast: two commands are 14,685
 * states, a second ballot with three servers more than three million;
 * leader changes are explored with two servers (--servers 2 --max-ballots
 * 2: 14,403 states).
 */
export const DEFAULT_MULTI_EXPLORE: MultiExploreConfig = {
  servers: 3,
  clients: 1,
  commands: 1,
  maxBallots: 1,
  window: 1,
  maxBatch: 1,
  crashes: false,
  retries: false,
  heartbeats: false,
  maxStates: 5_000_000,
};

/** One key, so that every command reads or overwrites what another wrote; puts carry distinct values. */
export function workloadCommands(client: string, n: number): KvCommand[] {
  return Array.from({ length: n }, (_, k): KvCommand => (k % 2 === 0 ? { op: 'put', key: 'x', value: `${client}-${k + 1}` } : { op: 'get', key: 'x' }));
}

export function multiExploreOptions(c: MultiExploreConfig, bugs: MultiBugs = {}): MultiExploreOptions {
  const config = makeMultiConfig({ servers: Array.from({ length: c.servers }, (_, i) => `s${i}`), window: c.window, maxBatch: c.maxBatch, bugs });
  const clients = Array.from({ length: c.clients }, (_, i) => {
    const name = `c${i + 1}`;
    return { name, commands: workloadCommands(name, c.commands) };
  });
  return { config, clients, maxBallots: c.maxBallots, crashes: c.crashes, retries: c.retries, heartbeats: c.heartbeats, maxStates: c.maxStates };
}
