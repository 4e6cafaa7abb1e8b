// The network's message checker against the messages the reducers really
// send: every message of a simulated faulty run (all eleven types) passes,
// and taking any one field away from any of them is refused, naming it.
import { describe, expect, test } from 'vitest';
import { simulateMultiToTrace } from '../../sim-multi/trace.ts';
import { parseFaults } from '../../sim/faults.ts';
import { checkMessage } from './message-check.ts';

function sentMessages(): Record<string, unknown>[] {
  const { text } = simulateMultiToTrace({ seed: 3, steps: 3000, faults: parseFaults('loss=0.1,dup=0.05,crash=0.01,partition=0.01') });
  const out: Record<string, unknown>[] = [];
  for (const line of text.trim().split('\n').slice(1)) {
    const l = JSON.parse(line) as { net?: { out?: { msg: Record<string, unknown> }[] } };
    for (const o of l.net?.out ?? []) out.push(o.msg);
  }
  return out;
}

describe('checkMessage', () => {
  const msgs = sentMessages();

  test('passes every message the reducers sent in a faulty run, of every type', () => {
    const types = new Set(msgs.map((m) => m.type));
    expect([...types].sort()).toEqual(['1a', '1b', '2a', '2b', 'catch-up', 'chosen', 'decided', 'heartbeat', 'nack', 'progress', 'redirect', 'reply', 'request']);
    for (const m of msgs) expect(checkMessage(m)).toEqual({ ok: true, msg: m });
  });

  test('refuses each message of each type with any one field missing, naming the field', () => {
    const oneOfEach = new Map(msgs.map((m) => [m.type, m]));
    for (const m of oneOfEach.values()) {
      for (const field of Object.keys(m).filter((f) => f !== 'type')) {
        const { [field]: _gone, ...rest } = m;
        const r = checkMessage(rest);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(`field ${field}:`);
      }
    }
    expect(checkMessage({ type: 'hello' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^field type: "hello" is not a message type/) });
  });
});
