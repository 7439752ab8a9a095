import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { selectRows } from '../../db/sql-rows';

/**
 * GET /api/health for container and service managers (Docker HEALTHCHECK, compose, load balancers):
 * answers without a session or token, so it says nothing but "ok" or "unavailable" — no version,
 * no node names, no error text (those go to the server log).
 */
export async function handleHealthRequest(db: Db, timeoutMs = 5_000): Promise<Response> {
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      selectRows(db, sql`select 1 as ok`),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return new Response('ok\n', { status: 200, headers });
  } catch (err) {
    console.error('vzfleet: health check failed:', err instanceof Error ? err.message : err);
    return new Response('unavailable\n', { status: 503, headers });
  } finally {
    clearTimeout(timer);
  }
}
