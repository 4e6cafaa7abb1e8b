// Configurations shared by the tests of the reducers.
import { makeConfig, type PaxosConfig } from './config.ts';
import type { Bugs } from './bugs.ts';

export function threeAcceptors(bugs?: Bugs): PaxosConfig {
  return makeConfig({ proposers: ['p0', 'p1'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1'], ...(bugs ? { bugs } : {}) });
}
