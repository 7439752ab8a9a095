import { describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import { ctActionEvents, ctActionJobs } from '../../db/schema';
import { HOSTILE_STRINGS, outcome, useHostileFixture } from './test-hostile-fixture';

/** The shared attacker's strings, and the ones that matter to a vzctl command line in particular. */
const CT_STRINGS = [...HOSTILE_STRINGS, "'; drop table ct_action_jobs; --", '101 --fast', '0', '-1', '101\n'];
// Not the shared numbers: 1e9 is a valid node id (absent, NOT_FOUND); these are all out of the grammar.
const CT_NUMBERS = [-1, 0, 1e9 + 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER * 4, Infinity, -Infinity, NaN, 1.5];

describe.each(TEST_ENGINES)('hostile input to CT actions and the process list on %s', (engine) => {
  const fx = useHostileFixture(engine, 'victim');

  it('run takes only a CT id of the one grammar, a node id, an action of the list and a boolean --fast (stop only)', async () => {
    for (const s of CT_STRINGS) {
      expect(await outcome(() => fx.caller.ctAction.run({ nodeId: fx.nodeId, ctId: s, action: 'stop' })), `ctId ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctAction.run({ nodeId: fx.nodeId, ctId: '101', action: s } as never)), `action ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctAction.run({ nodeId: fx.nodeId, ctId: '101', action: 'stop', fast: s } as never)), `fast ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
    }
    for (const n of CT_NUMBERS) expect(await outcome(() => fx.caller.ctAction.run({ nodeId: n, ctId: '101', action: 'start' })), `nodeId ${n}`).toBe('BAD_REQUEST');
    for (const action of ['destroy', 'exec', 'set', 'chkpnt', 'START'] as const) {
      expect(await outcome(() => fx.caller.ctAction.run({ nodeId: fx.nodeId, ctId: '101', action } as never)), action).toBe('BAD_REQUEST');
    }
    for (const action of ['start', 'restart', 'suspend', 'resume'] as const) {
      expect(await outcome(() => fx.caller.ctAction.run({ nodeId: fx.nodeId, ctId: '101', action, fast: true })), `${action} --fast`).toBe('BAD_REQUEST');
    }
    // Well-formed: passes validation and stops at "no runner here" — nothing is stored or sent.
    expect(await outcome(() => fx.caller.ctAction.run({ nodeId: fx.nodeId, ctId: '101', action: 'stop', fast: true }))).toBe('CONFLICT');
    expect(await fx.t.db.select().from(ctActionJobs)).toEqual([]);
    expect(await fx.t.db.select().from(ctActionEvents)).toEqual([]);
  });

  it('options, byId, list, onProgress and the process list refuse the same inputs', async () => {
    for (const s of CT_STRINGS) {
      const why = s.slice(0, 30);
      expect(await outcome(() => fx.caller.ctAction.options({ nodeId: fx.nodeId, ctId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctAction.list({ nodeId: fx.nodeId, ctId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctProcess.top({ nodeId: fx.nodeId, ctId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctAction.byId({ jobId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctAction.onProgress({ jobId: s })), why).toBe('BAD_REQUEST');
      // An event id is up to 15 digits ("0" is one); anything else is refused.
      expect(await outcome(() => fx.caller.ctAction.onProgress({ jobId: '00000000-0000-4000-8000-000000000000', lastEventId: s })), why).toBe(/^\d{1,15}$/.test(s) ? 'OK' : 'BAD_REQUEST');
    }
    for (const n of CT_NUMBERS) {
      expect(await outcome(() => fx.caller.ctProcess.top({ nodeId: n, ctId: '101' })), `nodeId ${n}`).toBe('BAD_REQUEST');
      expect(await outcome(() => fx.caller.ctAction.list({ nodeId: n, ctId: '101' })), `nodeId ${n}`).toBe('BAD_REQUEST');
    }
    expect(await outcome(() => fx.caller.ctAction.list({ nodeId: fx.nodeId, ctId: '101' }))).toBe('OK');
    expect(await outcome(() => fx.caller.ctAction.byId({ jobId: '00000000-0000-4000-8000-000000000000' }))).toBe('OK');
  });
});
