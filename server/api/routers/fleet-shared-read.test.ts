import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../../db/test-databases';
import { insertNode } from '../../inventory/nodes';
import { createSharedReads } from '../../read-models/shared-reads';
import type { Services } from '../../services';
import { parseSecret } from '../../ssh/key-vault';
import { createTestServices } from '../../test-services';
import { createCaller } from '../root';

describe.each(TEST_ENGINES)('fleet.overview shared between viewers on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let clock = 0;
  const admin = () => createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-admin', role: 'admin', label: 'admin@test' } });
  const wall = () => createCaller({ services, headers: new Headers(), viewer: { kind: 'kiosk', id: 'wall-1', role: 'wall', label: 'wall' } });
  const names = async (caller: ReturnType<typeof createCaller>) => (await caller.fleet.overview()).nodes.map((n) => n.name).sort();

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('ef'.repeat(32)), connectTimeoutMs: 3000, commandTimeoutMs: 3000 }, { sharedReads: createSharedReads({ shareMs: 1000, now: () => clock }) });
    await insertNode(t.db, { name: 'hn-a', host: '127.0.0.1', port: 22, authMethod: 'agent' }, services.secret);
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('hands viewers within the window one read, and reads afresh after it', async () => {
    expect(await names(wall())).toEqual(['hn-a']);
    // Written behind the router's back (another instance, say): not seen until the window is over.
    await insertNode(t.db, { name: 'hn-b', host: '127.0.0.1', port: 22, authMethod: 'agent' }, services.secret);
    clock = 1000;
    expect(await names(admin())).toEqual(['hn-a']);
    clock = 1001;
    expect(await names(wall())).toEqual(['hn-a', 'hn-b']);
  });

  it('reads afresh after a mutation in this process, so the person who made it sees it at once', async () => {
    expect(await names(wall())).toEqual(['hn-a', 'hn-b']);
    await admin().node.create({ name: 'hn-c', host: '127.0.0.1', authMethod: 'agent' });
    expect(await names(admin())).toEqual(['hn-a', 'hn-b', 'hn-c']);
  });
});
