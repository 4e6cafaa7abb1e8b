// Short constructors for hand-written histories in the tests.
import type { Operation } from './history.ts';

let nextId = 0;

/** put(key, value) by `client` over [call, ret]; ret null: no reply. */
export function put(client: string, key: string, value: string, call: number, ret: number | null): Operation {
  return { client, id: nextId++, command: { op: 'put', key, value }, call, ret, result: ret === null ? null : { op: 'put' } };
}

/** get(key) by `client` over [call, ret] that returned `value`; ret null: no reply (value ignored). */
export function get(client: string, key: string, value: string | null, call: number, ret: number | null): Operation {
  return { client, id: nextId++, command: { op: 'get', key }, call, ret, result: ret === null ? null : { op: 'get', value } };
}
