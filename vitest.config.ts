import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', 'data/**'],
    environment: 'node',
    // Tests start simulated fleets under the temp directory; key files may only be read from VZFLEET_KEY_DIR.
    env: { VZFLEET_KEY_DIR: os.tmpdir() },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SSH handshakes and PGlite start-up are CPU-heavy on a 2-core machine.
    maxWorkers: 2,
  },
});
