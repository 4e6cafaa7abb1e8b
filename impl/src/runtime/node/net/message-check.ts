// What arrives from the network is checked against the message types before
// a reducer sees it: the reducers trust their inputs' shapes (a 2a without
// entries would throw inside a step), so a malformed message must stop here,
// with the field that is wrong.  One checker per message type, in a record
// keyed by the type: a new message type does not compile until it has one.
import type { Message, MessageType } from '../../../multi/messages.ts';

type Check = (m: Record<string, unknown>) => string | null;

const isInt = (v: unknown) => Number.isSafeInteger(v);
const isStr = (v: unknown) => typeof v === 'string';

function fields(spec: Record<string, (v: unknown) => string | null>): Check {
  // Built once per message type, not per message: a 2a of 64 entries is 64 checks.
  const list = Object.entries(spec);
  return (m) => {
    for (const [name, check] of list) {
      const problem = check(m[name]);
      if (problem) return `field ${name}: ${problem}`;
    }
    return null;
  };
}

const int = (v: unknown) => (isInt(v) ? null : 'not an integer');
const slot = (v: unknown) => (isInt(v) && (v as number) >= 1 ? null : 'not a slot (an integer >= 1)');
const str = (v: unknown) => (isStr(v) ? null : 'not a string');
const strOrNull = (v: unknown) => (v === null || isStr(v) ? null : 'not a string or null');

function cmd(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'not an object';
  const c = v as Record<string, unknown>;
  if (!isStr(c.key)) return 'key: not a string';
  if (c.op === 'get') return null;
  if (c.op === 'put') return isStr(c.value) ? null : 'value: not a string';
  return `op: ${JSON.stringify(c.op)} is neither "put" nor "get"`;
}

const request = fields({ client: str, id: int, cmd });

function entry(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'not an object';
  const e = v as Record<string, unknown>;
  if (e.kind === 'noop') return null;
  if (e.kind !== 'request') return `kind: ${JSON.stringify(e.kind)} is neither "noop" nor "request"`;
  return request(e);
}

function listOf(item: (v: unknown) => string | null, max = 100_000) {
  return (v: unknown): string | null => {
    if (!Array.isArray(v)) return 'not a list';
    if (v.length > max) return `a list of ${v.length}, over ${max}`;
    for (let k = 0; k < v.length; k++) {
      const p = item(v[k]);
      if (p) return `[${k}]: ${p}`;
    }
    return null;
  };
}

const object = (check: Check) => (v: unknown) => (typeof v === 'object' && v !== null ? check(v as Record<string, unknown>) : 'not an object');
const vote = object(fields({ slot, bal: int, entry }));
const decision = object(fields({ bal: int, entry }));

const CHECKS: Record<MessageType, Check> = {
  request,
  reply: fields({ client: str, id: int, slot, result: strOrNull }),
  '1a': fields({ bal: int, from: slot }),
  '1b': fields({ acc: str, bal: int, votes: listOf(vote) }),
  '2a': fields({ bal: int, first: slot, entries: listOf(entry) }),
  '2b': fields({ acc: str, bal: int, first: slot, entries: listOf(entry) }),
  nack: fields({ acc: str, bal: int, promised: int }),
  heartbeat: fields({ bal: int, decidedUpTo: int, forgetUpTo: int }),
  progress: fields({ from: str, applied: int }),
  'catch-up': fields({ from: str, first: slot }),
  decided: fields({ first: slot, decisions: listOf(decision) }),
  chosen: fields({ bal: int, first: slot, last: slot }),
  redirect: fields({ client: str, id: int, leader: strOrNull }),
};

/** The message, or why it is not one (naming the field). */
export function checkMessage(v: unknown): { ok: true; msg: Message } | { ok: false; reason: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, reason: 'a message must be a JSON object' };
  const m = v as Record<string, unknown>;
  const check = typeof m.type === 'string' && Object.hasOwn(CHECKS, m.type) ? CHECKS[m.type as MessageType] : undefined;
  if (!check) return { ok: false, reason: `field type: ${JSON.stringify(m.type)} is not a message type (${Object.keys(CHECKS).join(', ')})` };
  const problem = check(m);
  return problem ? { ok: false, reason: `${m.type}: ${problem}` } : { ok: true, msg: v as Message };
}
