import pg from 'pg';
import { LEASES_RELEASED_CHANNEL } from './leases';

/** application_name of the listening connection (pg_stat_activity). */
export const LEASE_SIGNALS_APPLICATION = 'vzfleet lease signals';

export interface LeaseSignals {
  close(): Promise<void>;
}

/**
 * Listens for other instances giving their leases back (leases.ts releaseNodeLeases) on a Postgres
 * connection of its own (LISTEN needs one that stays open), and calls `onRelease` with the owner
 * that released. Losing the connection only makes hand-overs wait for the next lease round again:
 * it is opened anew after `retryMs`, and errors go to `onError`, never up.
 */
export function listenForReleasedLeases(
  url: string,
  onRelease: (owner: string) => void,
  opts: { retryMs?: number; onError?: (err: unknown) => void } = {},
): LeaseSignals {
  const retryMs = opts.retryMs ?? 5_000;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  // Only the connection in use may start a new one: a late error of one given up must not.
  const again = (c: pg.Client) => (err: unknown) => {
    if (client !== c || closed) return;
    opts.onError?.(err);
    client = null;
    c.end().catch(() => undefined);
    retry ??= setTimeout(() => ((retry = undefined), void open()), retryMs).unref();
  };
  const open = async () => {
    if (closed) return;
    // Named, so an operator (and the test) can tell it among the pool's connections.
    const c = new pg.Client({ connectionString: url, application_name: LEASE_SIGNALS_APPLICATION });
    client = c;
    const lost = again(c);
    c.on('error', lost);
    c.on('end', () => lost(new Error('connection closed')));
    c.on('notification', (n) => {
      if (n.channel === LEASES_RELEASED_CHANNEL) onRelease(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LEASES_RELEASED_CHANNEL}`);
    } catch (err) {
      lost(err);
    }
  };
  void open();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
