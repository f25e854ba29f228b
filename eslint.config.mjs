import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Links go through components/Link.tsx, which turns Next's prefetching off (see there why).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['components/Link.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'next/link', message: "Use '@/components/Link' (no prefetching)." }] }],
    },
  },
  globalIgnores([
    '.next/**',
    'node_modules/**',
    '.data/**',
    '.data-*/**',
    '.bench/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
  ]),
]);
