import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { batchPollOutcomes, findPollState, recordPollOutcome, type PollOutcome } from './poll-state';

const ok = (at: number, noiseText?: string | null): PollOutcome => ({ health: 'ok', at: new Date(at), durationMs: 5, success: true, errorText: null, errorLine: null, presentedFingerprint: null, noiseText });
const down = (at: number): PollOutcome => ({ health: 'unreachable', at: new Date(at), durationMs: 9, success: false, errorText: 'connect ECONNREFUSED', errorLine: null, presentedFingerprint: 'SHA256:x' });

describe.each(TEST_ENGINES)('poll outcomes on %s', (engine) => {
  let t: TestDb;
  let ids: number[];
  beforeAll(async () => {
    t = await createTestDb(engine);
    const secret = parseSecret('01'.repeat(32));
    ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await insertNode(t.db, { name, host: '127.0.0.1', authMethod: 'agent' }, secret)).id);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a failure keeps the last success, health_since moves only with the health, a poll without output keeps the noise note', async () => {
    const [a] = ids as [number];
    await recordPollOutcome(t.db, a, ok(1000, 'motd line'));
    await recordPollOutcome(t.db, a, ok(2000, undefined));
    expect(await findPollState(t.db, a)).toMatchObject({ health: 'ok', healthSince: new Date(1000), lastSuccessAt: new Date(2000), lastNoiseText: 'motd line' });
    await recordPollOutcome(t.db, a, down(3000));
    expect(await findPollState(t.db, a)).toMatchObject({ health: 'unreachable', healthSince: new Date(3000), lastAttemptAt: new Date(3000), lastSuccessAt: new Date(2000), presentedFingerprint: 'SHA256:x', lastNoiseText: 'motd line' });
    await recordPollOutcome(t.db, a, ok(4000, null));
    expect(await findPollState(t.db, a)).toMatchObject({ health: 'ok', healthSince: new Date(4000), presentedFingerprint: 'SHA256:x', lastNoiseText: null, lastErrorText: null });
  });

  it("what the node's wrapper refused: set by an answer, cleared by one with nothing refused, kept by a poll that got none", async () => {
    const [, , c] = ids as [number, number, number];
    await recordPollOutcome(t.db, c, ok(7000));
    expect(await findPollState(t.db, c)).toMatchObject({ wrapperRefused: null });
    await recordPollOutcome(t.db, c, { ...ok(8000), wrapperRefused: ['squeezed-scripts', 'collect-loop'] });
    expect(await findPollState(t.db, c)).toMatchObject({ wrapperRefused: 'collect-loop squeezed-scripts' });
    await recordPollOutcome(t.db, c, down(9000));
    expect(await findPollState(t.db, c)).toMatchObject({ health: 'unreachable', wrapperRefused: 'collect-loop squeezed-scripts' });
    await recordPollOutcome(t.db, c, { ...ok(10_000), wrapperRefused: [] });
    expect(await findPollState(t.db, c)).toMatchObject({ health: 'ok', wrapperRefused: '' });
  });

  it('batched: several nodes in one write, a node twice in one batch kept in order, each record resolves once stored', async () => {
    const [a, b] = ids as [number, number];
    const sink = batchPollOutcomes(t.db, 20);
    const written = [sink.record(a, down(5000)), sink.record(b, ok(5000, 'hello')), sink.record(a, ok(6000, 'later'))];
    expect(await findPollState(t.db, b)).toMatchObject({ health: 'never-polled' }); // nothing stored before the batch goes out
    await Promise.all(written);
    expect(await findPollState(t.db, a)).toMatchObject({ health: 'ok', healthSince: new Date(6000), lastAttemptAt: new Date(6000), lastNoiseText: 'later' });
    expect(await findPollState(t.db, b)).toMatchObject({ health: 'ok', lastSuccessAt: new Date(5000), lastNoiseText: 'hello' });
  });
});
