// The faults a simulation injects, from the CLI's `--faults` text, e.g.
// "loss=0.2,dup=0.1,crash=0.01".  Every field is checked: a typo is an
// error naming it, never a silently fault-free run.
export interface Faults {
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that a message is delivered twice. */
  dup: number;
  /** Per step, probability that a random node crashes (it recovers later from its disk). */
  crash: number;
  /** Per step, probability that a partition starts (it heals later). */
  partition: number;
  /** Message delay bounds in time units; different delays reorder messages. */
  delayMin: number;
  delayMax: number;
}

export const NO_FAULTS: Faults = { loss: 0, dup: 0, crash: 0, partition: 0, delayMin: 1, delayMax: 10 };

const PROBABILITIES = ['loss', 'dup', 'crash', 'partition'] as const;

export function parseFaults(text: string): Faults {
  const faults: Faults = { ...NO_FAULTS };
  if (text.trim() === '' || text.trim() === 'none') return faults;
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*([^\s]+)\s*$/.exec(part);
    if (!m) throw new Error(`--faults: '${part}' is not name=value`);
    const [, name, value] = m as unknown as [string, string, string];
    if ((PROBABILITIES as readonly string[]).includes(name)) {
      const p = Number(value);
      if (!Number.isFinite(p) || p < 0 || p > 1) throw new Error(`--faults: ${name} must be a probability in [0, 1], got '${value}'`);
      faults[name as (typeof PROBABILITIES)[number]] = p;
    } else if (name === 'delay') {
      const d = /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!d) throw new Error(`--faults: delay must be N or MIN-MAX time units, got '${value}'`);
      faults.delayMin = Number(d[1]);
      faults.delayMax = Number(d[2] ?? d[1]);
      if (faults.delayMin < 1 || faults.delayMax < faults.delayMin) throw new Error(`--faults: delay needs 1 <= MIN <= MAX, got '${value}'`);
    } else {
      throw new Error(`--faults: unknown fault '${name}' (known: ${[...PROBABILITIES, 'delay'].join(', ')})`);
    }
  }
  if (faults.loss === 1) throw new Error('--faults: loss=1 loses every message; nothing could ever be decided');
  return faults;
}

export function showFaults(f: Faults): string {
  return `loss=${f.loss},dup=${f.dup},crash=${f.crash},partition=${f.partition},delay=${f.delayMin}-${f.delayMax}`;
}
