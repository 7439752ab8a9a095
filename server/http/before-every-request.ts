import http from 'node:http';

/**
 * Runs `handle` on every HTTP request of the process before its server's own listener (Next's, in
 * a production server) sees it: Next 16 has no hook of its own that comes before its routing. It
 * wraps http.Server.prototype.emit, once per `name` per process (a global symbol, so a module
 * loaded twice does not wrap twice). `handle` returns true when it has answered the request, which
 * then never reaches the listener. Hooks installed later run first.
 */
export function beforeEveryRequest(name: string, handle: (req: http.IncomingMessage, res: http.ServerResponse) => boolean): boolean {
  const key = Symbol.for(name);
  const holder = globalThis as { [key: symbol]: true | undefined };
  if (holder[key]) return false;
  holder[key] = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request' && handle(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
  return true;
}
