import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCError } from '@trpc/server';
import type { Viewer } from '../auth/roles';

/** Live streams (SSE subscriptions) one browser session may hold open; the oldest is closed past this. */
export const MAX_STREAMS_PER_SESSION = 8;

/** What a stream needs from the tRPC context (server/api/init.ts TrpcContext). */
export interface StreamContext {
  services: object;
  headers: Headers;
  viewer?: Viewer | null;
  stillAuthorized?: () => Promise<boolean>;
}

interface OpenStream {
  stop: AbortController;
  closedBecause: TRPCError | null;
}

// Open streams per process, keyed by the services object so each server (or test) has its own.
// This is who is connected now, not data: nothing outlives the connections it counts.
const registries = new WeakMap<object, Map<string, OpenStream[]>>();

/**
 * The browser session a stream belongs to: the viewer plus a digest of the request's cookies (the
 * session or kiosk cookie), so two browsers of one person count apart. The token itself is not kept.
 */
export function streamSessionKey(ctx: Pick<StreamContext, 'headers' | 'viewer'>): string {
  const cookies = createHash('sha256').update(ctx.headers.get('cookie') ?? '').digest('base64url').slice(0, 22);
  return `${ctx.viewer?.kind ?? 'nobody'}:${ctx.viewer?.id ?? ''}:${cookies}`;
}

function register(ctx: StreamContext): { entry: OpenStream; release: () => void } {
  let bySession = registries.get(ctx.services);
  if (!bySession) registries.set(ctx.services, (bySession = new Map()));
  const key = streamSessionKey(ctx);
  const list = bySession.get(key) ?? [];
  bySession.set(key, list);
  const entry: OpenStream = { stop: new AbortController(), closedBecause: null };
  list.push(entry);
  // The newest stream is the page the person is looking at; one left open in a forgotten tab goes.
  while (list.length > MAX_STREAMS_PER_SESSION) {
    const oldest = list.shift()!;
    oldest.closedBecause = new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `this live view was closed: a session may keep ${MAX_STREAMS_PER_SESSION} open at once and a newer one started (reload to reopen it)`,
    });
    oldest.stop.abort();
  }
  return {
    entry,
    release: () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0 && bySession.get(key) === list) bySession.delete(key);
    },
  };
}

/** Streams open now for the session of `ctx` (tests, diagnostics). */
export function countOpenStreams(ctx: Pick<StreamContext, 'services' | 'headers' | 'viewer'>): number {
  return registries.get(ctx.services)?.get(streamSessionKey(ctx))?.length ?? 0;
}

/**
 * A polling subscription that holds only while its session does: before every poll the session is
 * checked again (revoked, expired or a changed role ends the stream with UNAUTHORIZED), and the
 * stream counts towards its session's limit. `poll` returns what to send and whether the stream is
 * over; with nothing to send (or always, when `paced`) it waits `everyMs` before polling again.
 */
export async function* pollWhileAuthorized<T>(
  ctx: StreamContext,
  signal: AbortSignal | undefined,
  opts: { everyMs: number; paced?: boolean; poll: () => Promise<{ events: readonly T[]; done?: boolean }> },
): AsyncGenerator<T, void, unknown> {
  const { entry, release } = register(ctx);
  const wake = signal ? AbortSignal.any([signal, entry.stop.signal]) : entry.stop.signal;
  try {
    while (!signal?.aborted) {
      if (entry.closedBecause) throw entry.closedBecause;
      if (ctx.stillAuthorized && !(await ctx.stillAuthorized())) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'session ended' });
      const { events, done } = await opts.poll();
      for (const e of events) yield e;
      if (done) return;
      if (events.length === 0 || opts.paced) await sleep(opts.everyMs, undefined, { signal: wake }).catch(() => undefined);
    }
  } finally {
    release();
  }
}
