#!/usr/bin/env node
// The `paxos` command.  The sources are TypeScript, run through tsx so that
// a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
