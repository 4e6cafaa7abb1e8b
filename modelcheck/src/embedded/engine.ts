// The embedded engine (npm `tla-checker`, WebAssembly) run in a Worker, with
// a timeout and a tick for progress.  TLA-CHECKER.md has its measured limits.
import { Worker } from 'node:worker_threads';

export interface EngineRequest {
  spec: string;
  cfg: string;
  maxStates: number;
  maxDepth: number;
  exportDot: boolean;
}

/** What check_spec_with_options returns, as the engine spells it. */
export interface EngineResult {
  success: boolean;
  error_type: string | null;
  error_message: string | null;
  states_explored: number;
  trace: string[] | null;
  dot: string | null;
  warnings: string[];
}

export type EngineOutcome =
  | { kind: 'finished'; result: EngineResult; seconds: number }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'crashed'; message: string; seconds: number };

export interface RunOptions {
  timeoutMs?: number;
  /** Called about once a second while the engine runs. */
  onTick?: (elapsedMs: number) => void;
}

export function runEmbedded(request: EngineRequest, options: RunOptions = {}): Promise<EngineOutcome> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: request });
  return new Promise<EngineOutcome>((resolvePromise) => {
    let settled = false;
    const settle = (outcome: EngineOutcome) => {
      if (settled) return;
      settled = true;
      clearInterval(ticker);
      clearTimeout(timer);
      void worker.terminate();
      resolvePromise(outcome);
    };
    const ticker = setInterval(() => options.onTick?.(performance.now() - started), 1000);
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => settle({ kind: 'timeout', seconds: seconds() }), options.timeoutMs)
        : undefined;
    worker.on('message', (raw: string) => {
      try {
        settle({ kind: 'finished', result: JSON.parse(raw) as EngineResult, seconds: seconds() });
      } catch (e) {
        settle({ kind: 'crashed', message: `unreadable engine output: ${String(e)}`, seconds: seconds() });
      }
    });
    worker.on('error', (e) => settle({ kind: 'crashed', message: e.message, seconds: seconds() }));
    worker.on('exit', (code) => settle({ kind: 'crashed', message: `engine worker exited with code ${code}`, seconds: seconds() }));
  });
}
