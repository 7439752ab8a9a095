import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './server/auth/security-headers';

const nextConfig: NextConfig = {
  // ssh2 references an optional native addon and PGlite ships WASM + data files: both must be
  // loaded by Node at run time, not bundled. nodemailer (alarm e-mail) is plain Node: no reason to bundle it.
  serverExternalPackages: ['ssh2', '@electric-sql/pglite', 'pg', 'cpu-features', 'nodemailer'],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      { source: '/:path*', headers: STATIC_SECURITY_HEADERS },
      // API answers are data, never documents to render or frame.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }, { key: 'Cache-Control', value: 'no-store' }] },
    ];
  },
};

export default nextConfig;
