/** Boots the database, the demo fleet and the poll loop with the server, not on the first request. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // First, so no request reaches a route without its socket address (server/auth/peer-stamp.ts).
  const { installPeerStamp } = await import('./server/auth/peer-stamp');
  installPeerStamp();
  // Before any request too: shared answers compressed once go out with their Content-Encoding.
  const { installPreEncodedPass } = await import('./server/http/pre-encoded-pass');
  installPreEncodedPass();
  const { getServices } = await import('./server/runtime');
  // Before booting: a stop that arrives while the database opens still closes it cleanly.
  const { exitCleanlyOnSignals } = await import('./server/shutdown-signals');
  const { env } = await import('./env');
  exitCleanlyOnSignals(getServices, { dev: env.NODE_ENV === 'development' });
  await getServices();
  // After the services are up: brotli for the build's scripts, compressed once (~2 s of CPU on the
  // thread pool) and sent to browsers that take it (server/http/static-brotli.ts).
  if (env.NODE_ENV === 'production') {
    const { serveStaticInBrotli } = await import('./server/http/static-brotli');
    const { STATIC_SECURITY_HEADERS } = await import('./server/auth/security-headers');
    serveStaticInBrotli(STATIC_SECURITY_HEADERS, (message) => console.error(message));
  }
}
