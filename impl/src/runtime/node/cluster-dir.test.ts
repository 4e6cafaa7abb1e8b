import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runningPid } from './cluster-dir.ts';

const linux = existsSync('/proc/self/stat');

describe('runningPid', () => {
  test('a live process is running; a dead one is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-pid-'));
    mkdirSync(join(dir, 's0'));
    const child = spawn('sleep', ['30']);
    writeFileSync(join(dir, 's0', 'pid'), `${child.pid}\n`);
    expect(runningPid(dir, 's0')).toBe(child.pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(runningPid(dir, 's0')).toBeNull();
  });

  // A server killed after its parent (`paxos cluster start`) exited is a
  // zombie until init reaps it; signal 0 still reaches it.
  test.skipIf(!linux)('a zombie is not running (it once was: cluster start after a kill -9 did not restart the server)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-pid-'));
    mkdirSync(join(dir, 's0'));
    const pidOut = join(dir, 'zombie');
    // `sleep 0` exits at once; its parent becomes `sleep 30`, which never reaps it.
    const parent = spawn('sh', ['-c', `sleep 0 & echo $! > ${pidOut}; exec sleep 30`]);
    try {
      let zombie = 0;
      for (let i = 0; i < 200 && zombie === 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const pid = existsSync(pidOut) ? Number(readFileSync(pidOut, 'utf8').trim()) : 0;
        if (pid > 0 && existsSync(`/proc/${pid}/stat`) && / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) zombie = pid;
      }
      expect(zombie, 'no zombie appeared').toBeGreaterThan(0);
      process.kill(zombie, 0); // signal 0 reaches it: the check alone would call it running
      writeFileSync(join(dir, 's0', 'pid'), `${zombie}\n`);
      expect(runningPid(dir, 's0')).toBeNull();
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
