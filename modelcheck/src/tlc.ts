// TLC, the reference TLA+ model checker (Java), for users who have it.
// Nothing in CI depends on it: it cannot be installed from the registries our
// machines reach.  The jar is found at $TLA2TOOLS_JAR, or else at
// tools/tla2tools.jar in the repository (ignored by git).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, basename } from 'node:path';
import { repoRoot } from './models.ts';

export const TLC_HELP =
  'TLC is not configured: set TLA2TOOLS_JAR to the path of tla2tools.jar ' +
  '(https://github.com/tlaplus/tlaplus/releases), or put the jar at tools/tla2tools.jar, and have java on PATH ' +
  '(or set JAVA). The default engine, --engine embedded, needs neither.';

export function findTlcJar(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.TLA2TOOLS_JAR, join(repoRoot, 'tools', 'tla2tools.jar')];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

export interface TlcSummary {
  completed: boolean;
  distinct?: number;
  depth?: number;
  violated?: { kind: 'invariant'; name: string } | { kind: 'deadlock' } | { kind: 'assume' } | { kind: 'error'; message: string };
}

const num = (s: string) => Number(s.replace(/,/g, ''));

/** Reads TLC's standard output (the plain, non -tool format). */
export function parseTlcOutput(output: string): TlcSummary {
  const summary: TlcSummary = { completed: /Model checking completed\. No error has been found\./.test(output) };
  const distinct = [...output.matchAll(/([\d,]+) distinct states found/g)].pop();
  if (distinct) summary.distinct = num(distinct[1]!);
  const depth = /The depth of the complete state graph search is (\d+)/.exec(output);
  if (depth) summary.depth = num(depth[1]!);
  const inv = /Error: Invariant (\w+) is violated/.exec(output);
  if (inv) summary.violated = { kind: 'invariant', name: inv[1]! };
  else if (/Error: Deadlock reached/.test(output)) summary.violated = { kind: 'deadlock' };
  else if (/Assumption .* is false|assumption .* false/i.test(output)) summary.violated = { kind: 'assume' };
  else if (!summary.completed) {
    const err = /^Error: (.*)$/m.exec(output);
    summary.violated = { kind: 'error', message: err ? err[1]! : output.trim().split('\n').slice(-3).join(' ') };
  }
  return summary;
}

export interface TlcRun {
  output: string;
  exitCode: number | null;
  seconds: number;
  timedOut: boolean;
}

export function runTlc(
  jar: string,
  specFile: string,
  cfgFile: string,
  opts: { timeoutMs?: number; workers?: string; onLine?: (line: string) => void } = {},
): Promise<TlcRun> {
  const metadir = mkdtempSync(join(tmpdir(), 'paxos-tlc-'));
  const java = process.env.JAVA ?? 'java';
  const args = ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', opts.workers ?? '1',
    '-metadir', metadir, '-config', cfgFile, basename(specFile)];
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(java, args, { cwd: dirname(specFile) });
    let output = '';
    let pending = '';
    let timedOut = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) opts.onLine?.(l);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(metadir, { recursive: true, force: true });
      reject(new Error(`could not run ${java}: ${e.message}. ${TLC_HELP}`));
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      rmSync(metadir, { recursive: true, force: true });
      resolvePromise({ output, exitCode, seconds: (performance.now() - started) / 1000, timedOut });
    });
  });
}
