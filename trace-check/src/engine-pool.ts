// A pool of engine workers (./engine-worker.mjs), one per core by default.
// Every call into the engine blocks its thread, so the checker spreads its
// many small calls over the pool and stays responsive for progress lines.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

type Call = 'check_spec_with_options' | 'explore_init' | 'explore_next' | 'explore_eval';

interface Job {
  id: number;
  fn: Call;
  args: string[];
  resolve: (text: string) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export class EnginePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(availableParallelism(), 4))) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(new URL('./engine-worker.mjs', import.meta.url)), job: null };
    slot.worker.on('message', (m: { id: number; ok: boolean; result?: string; error?: string; fatal?: boolean }) => {
      const job = slot.job;
      slot.job = null;
      if (job && job.id === m.id) {
        if (m.ok) job.resolve(m.result ?? '');
        else job.reject(new Error(`embedded engine failed: ${m.error}`));
      }
      if (m.fatal) this.replace(slot);
      else this.pump();
    });
    slot.worker.on('error', (e) => {
      slot.job?.reject(new Error(`embedded engine worker failed: ${e.message}`));
      slot.job = null;
      this.replace(slot);
    });
    slot.worker.unref();
    return slot;
  }

  private replace(slot: Slot): void {
    void slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i >= 0 && !this.closed) {
      this.slots[i] = this.spawn();
      this.pump();
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, fn: job.fn, args: job.args });
    }
    for (const slot of this.slots) if (!slot.job) slot.worker.unref();
  }

  call(fn: Call, ...args: string[]): Promise<string> {
    if (this.closed) return Promise.reject(new Error('engine pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, fn, args, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('engine pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
