import type { NextConfig } from 'next';
import { FORM_BODY_LIMIT_BYTES } from './lib/http/body-limit';

// No value may contain a colon: Next treats one as a route parameter and re-parses the value on every request
// (measured: about 15 % of a cached page's throughput).
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  {
    key: 'Content-Security-Policy',
    // Everything is locked to this origin. Scripts too: Next inlines its RSC payload as scripts in cached pages,
    // which rules out per-request nonces, so server.mjs adds to each HTML page's script-src the hashes of that
    // page's own inline scripts (lib/http/script-hashes.mjs); there is no 'unsafe-inline' for scripts.
    value: [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  },
];

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files relative to its own module: it must not be bundled. pg-boss
  // (CommonJS, reading its own version.json) is loaded by Node as it is, once for the server and its actions. pino
  // and prom-client (lib/ops/) likewise: server.mjs loads them too, and Node should hold one copy of each.
  serverExternalPackages: ['@electric-sql/pglite', 'pg-boss', 'pino', 'prom-client'],
  // Pages and tagged data live in this process's memory only, in lib/cache/handler.ts (see there for why). It is
  // installed by instrumentation.ts rather than named here: a handler named in `cacheHandler` is re-imported on
  // every request, which measured about a third of a cached page's throughput.
  cacheMaxMemorySize: 64 * 1024 * 1024,
  // How long a CDN may keep serving a page while it fetches a fresh one.
  expireTime: 24 * 60 * 60,
  poweredByHeader: false,
  // One id for every instance serving this build (scripts/build.ts, checked by scripts/serve.ts): Next tags asset
  // addresses and navigations with it, and reloads a client that meets another deployment's instance.
  deploymentId: process.env.NEXT_DEPLOYMENT_ID?.trim() || undefined,
  // Next hashes every page it sends for an ETag, in JavaScript, on every request: on an article with 50 responses
  // that measured 40 % of the throughput. Caching is by Cache-Control (s-maxage for a CDN) instead.
  generateEtags: false,
  experimental: {
    // forbidden(): staff pages answer 403 to a signed-in reader.
    authInterrupts: true,
    // A response is at most 5 000 characters, but a reader who pastes far more (up to a megabyte) should get our
    // "too long" message, not a bare error from the framework; beyond this, proxy.ts answers with a page of its own.
    serverActions: { bodySizeLimit: FORM_BODY_LIMIT_BYTES },
  },
  // `npm test` type-checks the whole project (tsc --noEmit) before anything else; checking again in every
  // build would double its time and also fail on test files, which are not part of the site.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  async rewrites() {
    return {
      // Next prerenders pages without parameters at build time, which would read the database during
      // `next build`. These two are served by parameterised routes instead, rendered and cached on first request.
      beforeFiles: [
        { source: '/', destination: '/issues/latest' },
        { source: '/issues', destination: '/issues/before/now' },
      ],
    };
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
