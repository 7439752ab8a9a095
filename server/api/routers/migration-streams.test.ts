import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../../db/test-databases';
import { migrationJobs } from '../../../db/schema';
import type { Viewer } from '../../auth/roles';
import { insertEvents } from '../../migration/store';
import type { Services } from '../../services';
import { createTestServices } from '../../test-services';
import { parseSecret } from '../../ssh/key-vault';
import { countOpenStreams, MAX_STREAMS_PER_SESSION } from '../live-streams';
import { createCaller } from '../root';

type Stream = AsyncIterator<unknown>;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    return err instanceof TRPCError ? err.code : `THROWN ${String(err)}`;
  }
}

describe.each(TEST_ENGINES)('migration.onProgress holds only while its session does, on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  const support: Viewer = { kind: 'user', id: 'u-support', role: 'support', label: 'support@test' };
  let jobId: string;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('ab'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
    jobId = 'job-live';
    // A job that is still running: its stream would go on for as long as the job does.
    await t.db.insert(migrationJobs).values({ id: jobId, ctId: '101', sourceNodeId: null, targetNodeId: null, sourceName: 'a', targetName: 'b', online: true, status: 'running', requestedBy: 'x', createdAt: new Date() });
    await insertEvents(t.db, jobId, new Date(), [{ kind: 'status', text: 'running' }]);
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  const subscribe = async (cookie: string, stillAuthorized?: () => Promise<boolean>, job = jobId) =>
    (await createCaller({ services, headers: new Headers({ cookie }), viewer: support, stillAuthorized }).migration.onProgress({ jobId: job })) as unknown as Stream;

  it('a revoked session (or a changed role) stops receiving at the next poll, with UNAUTHORIZED', async () => {
    let valid = true;
    const stream = await subscribe('s=revoked', () => Promise.resolve(valid));
    expect(await stream.next()).toMatchObject({ done: false });
    valid = false;
    await insertEvents(t.db, jobId, new Date(), [{ kind: 'line', text: 'after the revocation' }]);
    expect(await codeOf(stream.next())).toBe('UNAUTHORIZED');
    expect(countOpenStreams({ services, headers: new Headers({ cookie: 's=revoked' }), viewer: support })).toBe(0);
  });

  it(`a session keeps at most ${MAX_STREAMS_PER_SESSION} streams: the oldest is closed with TOO_MANY_REQUESTS; another session is not touched`, async () => {
    const job = 'job-many';
    await t.db.insert(migrationJobs).values({ id: job, ctId: '102', sourceNodeId: null, targetNodeId: null, sourceName: 'a', targetName: 'b', online: true, status: 'running', requestedBy: 'x', createdAt: new Date() });
    await insertEvents(t.db, job, new Date(), [{ kind: 'status', text: 'running' }]);
    const mine: Stream[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_SESSION; i++) {
      const s = await subscribe('s=many', undefined, job);
      await s.next();
      mine.push(s);
    }
    const other = await subscribe('s=other', undefined, job);
    await other.next();
    const newest = await subscribe('s=many', undefined, job);
    await newest.next();
    expect(countOpenStreams({ services, headers: new Headers({ cookie: 's=many' }), viewer: support })).toBe(MAX_STREAMS_PER_SESSION);
    await expect(mine[0]!.next()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('closed') });
    // The others still stream: a new event reaches the second-oldest and the other session.
    await insertEvents(t.db, job, new Date(), [{ kind: 'line', text: 'still here' }]);
    for (const s of [mine[1]!, other]) {
      let got: unknown;
      do got = (await s.next()).value;
      while (!JSON.stringify(got).includes('still here'));
    }
    for (const s of [...mine.slice(1), other, newest]) await s.return?.();
    expect(countOpenStreams({ services, headers: new Headers({ cookie: 's=many' }), viewer: support })).toBe(0);
  });
});
