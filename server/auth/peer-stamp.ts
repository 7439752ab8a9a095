import type http from 'node:http';
import { beforeEveryRequest } from '../http/before-every-request';
import { PEER_HEADER } from '../http/client-address';

/**
 * Next 16 gives route handlers no socket address (only an `x-forwarded-for` it fills in when the
 * client sent none). So every HTTP request gets PEER_HEADER set to its socket's remote address as
 * it arrives, before Next sees it; a value the client sent is overwritten, so it cannot be forged.
 * Installed once per process from instrumentation.ts.
 */
export function installPeerStamp(): void {
  beforeEveryRequest('vzfleet.peer-stamp', (req) => {
    stampPeer(req);
    return false;
  });
}

/** Overwrites the peer header with the socket address ('' when the socket has none: resolves to null). */
export function stampPeer(req: http.IncomingMessage): void {
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
}
