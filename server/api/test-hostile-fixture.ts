import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TEST_ENGINES, type TestDb } from '../../db/test-databases';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import { parseSecret } from '../ssh/key-vault';
import { createTestServices } from '../test-services';
import { createCaller } from './root';

/**
 * What the hostile-input tests share (hostile-inputs, hostile-inputs-migration, ct-id-agreement):
 * the attacker's strings and numbers, an admin's caller on a fresh database with one node, and
 * the outcome of a call as a tRPC code. One list, so a string added for one router is tried on all.
 */

/** What an attacker types into every box: shell and SQL metacharacters, option injection, huge numbers, unicode, NUL. */
export const HOSTILE_STRINGS = [
  '101; rm -rf /',
  '$(id)',
  '`id`',
  '|| id',
  '--help',
  '-o ProxyCommand=touch /tmp/pwned',
  '-oProxyCommand=sh',
  "'; drop table nodes; --",
  "'; drop table migration_plans; --",
  "' OR '1'='1",
  '%_\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'ünïcødé ☃ 𝕏 \u202e',
  'nul\u0000byte',
  'a'.repeat(100_000),
  '9223372036854775807',
  '1e309',
  '../../../etc/passwd',
];
export const HOSTILE_NUMBERS = [-1, 0, 1e9, 2 ** 53, Number.MAX_SAFE_INTEGER * 4, Infinity, -Infinity, NaN, 1.5];

/** A call's fate: 'OK', or the tRPC code it was refused with. Anything but a TRPCError is a crash and fails the test. */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    const r = await call();
    // A subscription that was accepted: close it, nothing is to stream.
    if (r && typeof r === 'object' && Symbol.asyncIterator in r) await (r as unknown as AsyncIterator<unknown>).return?.();
    return 'OK';
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return err.code;
  }
}

/** True when the procedure refused the input as invalid; any other outcome means it was accepted. */
export const refusedAsInput = async (call: () => Promise<unknown>) => (await outcome(call)) === 'BAD_REQUEST';

export interface HostileFixture {
  t: TestDb;
  services: Services;
  /** An admin: every procedure is open to it, so a refusal is the input's doing. */
  caller: ReturnType<typeof createCaller>;
  /** A node registered for the tests (agent login on 127.0.0.1; nothing listens for it). */
  nodeId: number;
}

/**
 * Registers beforeAll/afterAll in the calling describe: a fresh database on `engine`, services in
 * which no migration runs (a call that passes validation answers CONFLICT; nothing runs), an
 * admin's caller and one node named `nodeName`. Read the fields inside the tests.
 */
export function useHostileFixture(engine: (typeof TEST_ENGINES)[number], nodeName: string): HostileFixture {
  const fx = {} as HostileFixture;
  beforeAll(async () => {
    fx.t = await createTestDb(engine);
    fx.services = createTestServices(fx.t, { secret: parseSecret('ef'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
    const admin: Viewer = { kind: 'user', id: 'hostile-admin', role: 'admin', label: 'admin@test' };
    fx.caller = createCaller({ services: fx.services, headers: new Headers(), viewer: admin });
    fx.nodeId = (await fx.caller.node.create({ name: nodeName, host: '127.0.0.1', authMethod: 'agent' })).id;
  });
  afterAll(async () => {
    fx.services?.ssh.closeAll();
    await fx.t?.drop();
  });
  return fx;
}
