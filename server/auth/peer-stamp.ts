import http from 'node:http';
import { PEER_HEADER } from '../http/client-address';

const KEY = Symbol.for('vzfleet.peer-stamp');
type Holder = { [KEY]?: true };

/**
 * Next 16 gives route handlers no socket address (only an `x-forwarded-for` it fills in when the
 * client sent none). So every HTTP request gets PEER_HEADER set to its socket's remote address as
 * it arrives, before Next sees it; a value the client sent is overwritten, so it cannot be forged.
 * Installed once per process from instrumentation.ts.
 */
export function installPeerStamp(): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  holder[KEY] = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') stampPeer(args[0] as http.IncomingMessage);
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

/** Overwrites the peer header with the socket address ('' when the socket has none: resolves to null). */
export function stampPeer(req: http.IncomingMessage): void {
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
}
