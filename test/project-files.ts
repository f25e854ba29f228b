import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's own source files, found by reading the tree rather than by a list, so that tests which must cover
 * every server action, command, staff query or staff page also cover the ones added after the test was written.
 */

const ROOT = process.cwd();
const SKIPPED_FOLDERS = new Set(['node_modules', 'e2e', 'test', 'test-results', 'playwright-report', 'content', 'public']);
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

/** Source files under `folder` (a path from the project root), tests left out, as paths from the root. */
export function sourceFiles(folder = '.'): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) visit(relative);
      } else if (SOURCE.test(entry.name) && !/\.test\.[a-z]+$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        found.push(relative);
      }
    }
  };
  visit(folder);
  return found.sort();
}

export function readSource(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** Imports a project file by its path from the root (through Vitest, so the test's mocks apply). */
export function importSource(file: string): Promise<Record<string, unknown>> {
  return import(/* @vite-ignore */ path.join(ROOT, file));
}

/** Whether the file starts, after any comments, with the 'use server' directive: every export is a server action. */
export function isServerModule(source: string): boolean {
  const start = source.replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '');
  return /^(['"])use server\1/.test(start);
}

/** How many times the 'use server' directive is written in the file (a server module has it once, at the top). */
export function serverDirectives(source: string): number {
  return source.match(/(['"])use server\1/g)?.length ?? 0;
}

/** The address each page under app/ answers at (route groups such as `(staff)` are not part of it). */
export function pageRoutes(folder: string): { file: string; route: string }[] {
  return sourceFiles(folder)
    .filter((file) => /\/page\.(tsx|ts|js)$/.test(file))
    .map((file) => {
      const segments = path.posix
        .dirname(file)
        .split('/')
        .slice(1) // app
        .filter((segment) => !/^\(.*\)$/.test(segment));
      return { file, route: `/${segments.join('/')}` };
    });
}
