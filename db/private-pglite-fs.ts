import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * PGlite's files on disk, made private whatever mode PostgreSQL asks for. The umask (lib/server/private-files.ts)
 * is not enough here: PGlite's emscripten layer creates each file and then sets its mode explicitly (chmod 0666
 * for every table, WAL and config file), and chmod ignores the umask. Every mode PGlite sets on a file in its
 * data folder passes through one function of emscripten's Node file system (NODEFS.doSetAttr); this drops the
 * group's and others' bits there, before the change reaches the disk.
 */

type PostgresModule = Parameters<NodeFS['init']>[1];
type SetAttr = (target: unknown, node: unknown, attr: { mode?: number }, ...rest: unknown[]) => void;

function keepModesPrivate(module: PostgresModule): void {
  const nodefs = module.NODEFS as unknown as { doSetAttr?: SetAttr };
  const setAttr = nodefs.doSetAttr;
  // Fail loudly if a PGlite upgrade moved it, rather than quietly write loose files again.
  if (typeof setAttr !== 'function') throw new Error('PGlite changed: NODEFS.doSetAttr is gone; see db/private-pglite-fs.ts.');
  nodefs.doSetAttr = (target, node, attr, ...rest) =>
    setAttr.call(nodefs, target, node, attr.mode === undefined ? attr : { ...attr, mode: attr.mode & ~0o077 }, ...rest);
}

/** PGlite's own Node file system for `folder`, with every file and folder mode it sets kept to this user. */
export class PrivateNodeFS extends NodeFS {
  async init(pg: PGlite, options: PostgresModule) {
    const { emscriptenOpts } = await super.init(pg, options);
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), keepModesPrivate] } };
  }
}
