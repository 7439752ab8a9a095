import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // ssh2 references an optional native addon and PGlite ships WASM + data files: both must be
  // loaded by Node at run time, not bundled.
  serverExternalPackages: ['ssh2', '@electric-sql/pglite', 'pg', 'cpu-features'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
