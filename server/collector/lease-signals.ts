import pg from 'pg';
import { LEASES_RELEASED_CHANNEL } from './leases';

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
  const again = (err: unknown) => {
    opts.onError?.(err);
    const dead = client;
    client = null;
    dead?.end().catch(() => undefined);
    if (!closed && !retry) retry = setTimeout(() => ((retry = undefined), void open()), retryMs).unref();
  };
  const open = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('error', again);
    c.on('notification', (n) => {
      if (n.channel === LEASES_RELEASED_CHANNEL) onRelease(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LEASES_RELEASED_CHANNEL}`);
    } catch (err) {
      if (client === c) again(err);
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
