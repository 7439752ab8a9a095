/**
 * Pure checks on request headers, used at the edges (route handlers): who is calling from where,
 * and whether a state-changing request comes from vzfleet's own pages.
 */

export { clientIp } from '../http/client-address';

export type MutationVerdict = { ok: true } | { ok: false; reason: string };

/** The origin the browser is on, as the request names it (Host or, behind a proxy, X-Forwarded-Host). */
function expectedHosts(headers: Headers, publicUrl?: string): string[] {
  const hosts: string[] = [];
  if (publicUrl) hosts.push(new URL(publicUrl).host.toLowerCase());
  const host = headers.get('host');
  if (host) hosts.push(host.toLowerCase());
  const fwd = headers.get('x-forwarded-host');
  if (fwd) hosts.push(fwd.split(',')[0]!.trim().toLowerCase());
  return hosts;
}

/**
 * A state-changing request must be JSON (an HTML form cannot send that cross-site without a CORS
 * preflight) and come from our own origin: a matching Origin header, or Sec-Fetch-Site same-origin.
 * A request that carries neither is refused: every browser sends Origin on POST.
 */
export function checkMutationRequest(method: string, headers: Headers, publicUrl?: string): MutationVerdict {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return { ok: true };
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, reason: 'state-changing requests must be application/json' };
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return { ok: false, reason: `cross-site request (Sec-Fetch-Site: ${site})` };
  const origin = headers.get('origin');
  if (origin) {
    let host: string;
    try {
      host = new URL(origin).host.toLowerCase();
    } catch {
      return { ok: false, reason: 'malformed Origin' };
    }
    if (!expectedHosts(headers, publicUrl).includes(host)) return { ok: false, reason: `Origin ${origin} is not this site` };
    return { ok: true };
  }
  if (site === 'same-origin') return { ok: true };
  return { ok: false, reason: 'missing Origin' };
}
