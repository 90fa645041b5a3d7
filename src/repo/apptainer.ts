/**
 * Writes the Apptainer files (apptainer-files.ts) into a flat dir. The flat
 * dir holds an untrusted image: `etc` may be a symlink to `/`, `.singularity.d`
 * a file. Every parent is checked with lstat from the root down and an entry
 * whose parent is a symlink or not a directory is skipped with a warning, so
 * nothing is ever written outside the flat dir. Files are made new (O_EXCL,
 * then renamed over the old name): an existing file may be a hardlink of a
 * layer file and is never opened for writing.
 */
import { constants, closeSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, symlinkSync, writeSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger.ts';
import { nullLogger } from '../log/logger.ts';
import { apptainerFiles, type ApptainerEntry, type ImageRunConfig } from './apptainer-files.ts';
import { tempNameFor } from './atomic.ts';

export type { ImageRunConfig } from './apptainer-files.ts';

export interface ApptainerResult {
  /** Paths (relative to the flat dir) written or created. */
  written: string[];
  /** Paths left alone, each with the reason. */
  skipped: { path: string; reason: string }[];
}

type Kind = 'missing' | 'dir' | 'symlink' | 'other';

function kindOf(path: string): Kind {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'symlink';
    return st.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
}

/** Why the parents of `rel` are unsafe to write into, or undefined when every one is a real directory. */
function unsafeParent(root: string, rel: string): string | undefined {
  const parts = rel.split('/').slice(0, -1);
  let cur = root;
  for (const p of parts) {
    cur = join(cur, p);
    const k = kindOf(cur);
    // A symlinked parent could lead anywhere, even out of the root: never write through it.
    if (k === 'symlink') return `${cur.slice(root.length + 1)} is a symlink`;
    if (k === 'missing') return `${cur.slice(root.length + 1)} is missing`;
    if (k === 'other') return `${cur.slice(root.length + 1)} is not a directory`;
  }
  return undefined;
}

function writeNewFile(path: string, content: string, mode: number): void {
  const tmp = tempNameFor(path);
  // O_EXCL|O_NOFOLLOW: a fresh inode, never an existing (possibly shared) file.
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    const buf = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(tmp, mode); // the umask must not take the execute bits of a script
    renameSync(tmp, path); // replaces the name, never writes into the old inode
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function apply(root: string, e: ApptainerEntry): string | undefined {
  const path = join(root, e.path);
  const why = unsafeParent(root, e.path);
  if (why) return why;
  const k = kindOf(path);
  switch (e.kind) {
    case 'dir':
      if (k === 'dir') return 'exists';
      if (k === 'symlink') return 'exists (a symlink)'; // the image's own choice; it is never followed here
      if (k !== 'missing') return 'exists as a file';
      mkdirSync(path, { mode: e.mode });
      chmodSync(path, e.mode);
      return undefined;
    case 'symlink':
      if (k !== 'missing') return 'exists';
      symlinkSync(e.target, path);
      return undefined;
    case 'file':
      if (k === 'dir') return 'exists as a directory';
      if (e.policy === 'if-missing' && k !== 'missing') return 'exists';
      writeNewFile(path, e.content, e.mode);
      return undefined;
  }
}

/**
 * Makes `flatRoot` Apptainer-ready for an image with this config. Synchronous
 * (a few dozen small files). Entries the image already has are kept where the
 * layout says so; unsafe places are skipped and logged as warnings.
 */
export function makeApptainerReady(flatRoot: string, config: ImageRunConfig, logger: Logger = nullLogger): ApptainerResult {
  const plan = apptainerFiles(config);
  for (const s of plan.skipped) logger.warn('left an ENV entry out of the Apptainer environment', { entry: s });
  const result: ApptainerResult = { written: [], skipped: [] };
  if (kindOf(flatRoot) !== 'dir') throw new Error(`making ${flatRoot} Apptainer-ready: not a directory`);
  for (const e of plan.entries) {
    const reason = apply(flatRoot, e);
    if (reason === undefined) {
      result.written.push(e.path);
    } else {
      result.skipped.push({ path: e.path, reason });
      if (reason !== 'exists' && reason !== 'exists (a symlink)') logger.warn('skipped an Apptainer file of the flat dir', { path: e.path, reason });
    }
  }
  return result;
}
