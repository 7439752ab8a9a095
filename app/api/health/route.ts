import { handleHealthRequest } from '@/server/health/health';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Liveness for Docker/compose/systemd watchers: no auth, reveals nothing (server/health). */
export async function GET(): Promise<Response> {
  try {
    return await handleHealthRequest((await getServices()).db);
  } catch {
    return new Response('unavailable\n', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
}
