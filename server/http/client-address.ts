import { BlockList, isIP } from 'node:net';

/**
 * Who is calling, from where. Next's own `x-forwarded-for` is whatever the client sent (Next only
 * fills it in when absent), so the socket address reaches the app in a header of our own, stamped
 * on every request by instrumentation.ts (overwriting any value a client sent): PEER_HEADER. Route
 * handlers then resolve the client once (CLIENT_IP_HEADER) with resolveClientIp; everything after
 * reads only that.
 */
export const PEER_HEADER = 'x-vzfleet-peer';
/** Set by vzfleet's edge only (a client-sent one is deleted first); read by the audit log and Better Auth. */
export const CLIENT_IP_HEADER = 'x-vzfleet-client-ip';

/** `::ffff:127.0.0.1` is 127.0.0.1: one spelling per address, so limits and locks key on one string. */
export function normaliseIp(raw: string): string | null {
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  if (mapped) s = mapped[1]!;
  return isIP(s) ? s.toLowerCase() : null;
}

export type TrustedProxies = BlockList;

/** VZFLEET_TRUSTED_PROXIES: comma- or space-separated IPs and CIDRs. Throws on anything else. */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const item of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const [addr, bits, extra] = item.split('/');
    const ip = addr ? normaliseIp(addr) : null;
    const family = ip ? (isIP(ip) === 6 ? 'ipv6' : 'ipv4') : null;
    if (!ip || !family || extra !== undefined) throw new Error(`VZFLEET_TRUSTED_PROXIES: not an IP or CIDR: ${item}`);
    if (bits === undefined) list.addAddress(ip, family);
    else {
      const n = Number(bits);
      if (!/^\d+$/.test(bits) || n > (family === 'ipv6' ? 128 : 32)) throw new Error(`VZFLEET_TRUSTED_PROXIES: bad prefix length: ${item}`);
      list.addSubnet(ip, n, family);
    }
  }
  return list;
}

const NO_PROXIES = new BlockList();

function isTrusted(ip: string, trusted: TrustedProxies): boolean {
  return trusted.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then X-Forwarded-For is
 * read from the right, skipping trusted hops, and the first untrusted hop is the client (entries left of
 * it were written by the client and prove nothing). Null when the peer is unknown.
 */
export function resolveClientIp(headers: Headers, trusted: TrustedProxies = NO_PROXIES): string | null {
  const peer = normaliseIp(headers.get(PEER_HEADER) ?? '');
  if (!peer) return null;
  if (!isTrusted(peer, trusted)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean).slice(-32);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseIp(hops[i]!);
    if (!hop) break; // garbage from a client: stop at the last address we could trust
    client = hop;
    if (!isTrusted(hop, trusted)) break;
  }
  return client;
}

/** A copy of the request headers with CLIENT_IP_HEADER set by us (any client-sent value removed). */
export function withClientIp(headers: Headers, trusted: TrustedProxies = NO_PROXIES): Headers {
  const out = new Headers(headers);
  out.delete(CLIENT_IP_HEADER);
  const ip = resolveClientIp(headers, trusted);
  if (ip) out.set(CLIENT_IP_HEADER, ip);
  return out;
}

/** The address resolved at the edge (withClientIp); null for headers that did not pass through it. */
export function clientIp(headers: Headers): string | null {
  return normaliseIp(headers.get(CLIENT_IP_HEADER) ?? '');
}

/**
 * True for a browser on this machine: loopback socket and no proxy in between (a proxy on loopback
 * adds another X-Forwarded-For hop, Forwarded or X-Real-IP; then the browser is elsewhere).
 */
export function isLoopbackClient(headers: Headers): boolean {
  const peer = normaliseIp(headers.get(PEER_HEADER) ?? '');
  if (!peer) return false;
  if (headers.has('forwarded') || headers.has('x-real-ip')) return false;
  // Next itself fills X-Forwarded-For with the socket address when the request has none: only other hops mean a proxy.
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  if (hops.some((h) => normaliseIp(h) !== peer)) return false;
  return peer === '::1' || /^127\./.test(peer);
}
