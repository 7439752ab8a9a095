import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { parseSecret } from '../ssh/key-vault';
import { insertNode } from './nodes';

/**
 * A scratch database of `engine` with one node in its inventory, for the tests of one describe
 * block: created before its tests, dropped after. Read `t` and `nodeId` inside the tests.
 */
export function useTestNodeDb(engine: (typeof TEST_ENGINES)[number]): { readonly t: TestDb; readonly nodeId: number } {
  const state = { t: undefined as TestDb | undefined, nodeId: 0 };
  beforeAll(async () => {
    state.t = await createTestDb(engine);
    state.nodeId = (await insertNode(state.t.db, { name: 'n', host: '127.0.0.1', authMethod: 'agent' }, parseSecret('01'.repeat(32)))).id;
  });
  afterAll(async () => {
    await state.t?.drop();
  });
  return {
    get t() {
      if (!state.t) throw new Error('useTestNodeDb: read t inside a test');
      return state.t;
    },
    get nodeId() {
      return state.nodeId;
    },
  };
}
