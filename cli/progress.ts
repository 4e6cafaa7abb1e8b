// A progress line for long-running commands.  On a terminal it is redrawn in
// place; when output is not a terminal (CI logs) it degrades to a plain line
// every `intervalMs`, so that a log shows the run is alive without flooding.
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(text: string): void;
  /** Removes the live line (on a terminal) before normal output continues. */
  clear(): void;
}

export function createProgress(
  stream: ProgressStream = process.stderr,
  opts: { intervalMs?: number; now?: () => number } = {},
): Progress {
  const tty = stream.isTTY === true;
  const interval = opts.intervalMs ?? 15_000;
  const now = opts.now ?? (() => performance.now());
  let lastPrinted: number | undefined;
  let live = false;
  return {
    update(text) {
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        live = true;
        return;
      }
      const t = now();
      if (lastPrinted === undefined || t - lastPrinted >= interval) {
        stream.write(`${text}\n`);
        lastPrinted = t;
      }
    },
    clear() {
      if (tty && live) stream.write('\r\x1b[2K');
      live = false;
    },
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');
