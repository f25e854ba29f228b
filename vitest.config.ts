import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve('.'),
      // Outside Next there is no request cache: queries run uncached, and `server-only` is a plain module.
      'next/cache': path.resolve('test/next-cache.ts'),
      'server-only': path.resolve('test/empty.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**'],
    environment: 'node',
    // The server's log (lib/ops/log.mjs) says nothing in tests; a test that wants a line spies on log().
    env: { LOG_LEVEL: 'silent' },
    globalSetup: ['test/global-setup.ts'],
    // next-auth imports 'next/server' without an extension, which Node's own ESM loader cannot resolve: let Vite
    // load it, so tests can run the real Auth.js (lib/auth/endpoint.test.ts).
    server: { deps: { inline: ['next-auth'] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
