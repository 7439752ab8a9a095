import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../db/sql-rows';
import { createScratchPostgres, type ScratchPostgres } from '../../db/test-databases';
import { LEASE_SIGNALS_APPLICATION, listenForReleasedLeases } from './lease-signals';
import { LEASES_RELEASED_CHANNEL, releaseNodeLeases } from './leases';
import { until } from '../test-until';

describe('lease release signals', () => {
  let t: ScratchPostgres;
  beforeAll(async () => {
    t = await createScratchPostgres('vzfleet_test');
  });
  afterAll(async () => {
    await t?.drop();
  });

  const listeners = () =>
    selectRows<{ pid: number }>(t.db, sql`select pid from pg_stat_activity where application_name = ${LEASE_SIGNALS_APPLICATION} and datname = current_database()`);

  it('hears a release, and again after its connection was cut', async () => {
    const heard: string[] = [];
    const errors: string[] = [];
    const signals = listenForReleasedLeases(t.url, (owner) => heard.push(owner), { retryMs: 100, onError: (err) => errors.push(String(err)) });
    try {
      // Sent until heard: one sent before the LISTEN went through would be missed.
      for (const end = Date.now() + 3_000; heard.length === 0 && Date.now() < end; ) {
        await releaseNodeLeases(t.db, 'host-a:1:aa');
        await until(() => heard.length > 0, 100);
      }
      expect(heard[0]).toBe('host-a:1:aa');
      const heardBefore = heard.length;

      // Postgres restarted, or a proxy dropped the idle connection: it listens again on a new one.
      const [before] = await listeners();
      await t.db.execute(sql`select pg_terminate_backend(${before!.pid})`);
      expect(await until(() => errors.length > 0, 2_000)).toBe(true);
      let again: { pid: number }[] = [];
      for (const end = Date.now() + 3_000; again.length === 0 && Date.now() < end; ) {
        await new Promise((r) => setTimeout(r, 50));
        again = (await listeners()).filter((r) => r.pid !== before!.pid);
      }
      expect(again).toHaveLength(1);
      for (const end = Date.now() + 3_000; heard.length === heardBefore && Date.now() < end; ) {
        await t.db.execute(sql`select pg_notify(${LEASES_RELEASED_CHANNEL}, 'host-b:2:bb')`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(heard.at(-1)).toBe('host-b:2:bb');
    } finally {
      await signals.close();
    }
    // Closed: nothing listens any more, and nothing reconnects.
    await new Promise((r) => setTimeout(r, 300));
    expect(await listeners()).toEqual([]);
  });
});
