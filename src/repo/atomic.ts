/**
 * Every write into the repository goes through these helpers: a new entry is
 * made under a temporary name beside its final one and renamed into place, so
 * a reader (or a crash) sees the old entry or the new one, never half of one.
 * Existing files are never opened for writing: files of a flat dir are
 * hardlinks of layer files, and writing through one would change both.
 *
 * A transaction that can undo its writes (the dir target) attaches a
 * WriteJournal for its root; the helpers report to it what they create and
 * what they replace, before they do it.
 */
import { constants, closeSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, symlinkSync, writeSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve, sep } from 'node:path';

export const TEMP_PREFIX = '.tmp-';

export interface WriteJournal {
  /** `path` did not exist and is about to be created (undo: remove it). */
  created(path: string): void;
  /** `path` exists and is about to be replaced (undo: put the old entry back). */
  replacing(path: string): void;
}

const journals = new Map<string, WriteJournal>();

/** Routes writes under `root` to `journal` until the returned function is called. */
export function attachJournal(root: string, journal: WriteJournal): () => void {
  const key = resolve(root);
  if (journals.has(key)) throw new Error(`attaching a write journal to ${key}: one is attached already`);
  journals.set(key, journal);
  return () => {
    if (journals.get(key) === journal) journals.delete(key);
  };
}

function journalFor(path: string): WriteJournal | undefined {
  const abs = resolve(path);
  for (const [root, j] of journals) if (abs === root || abs.startsWith(root + sep)) return j;
  return undefined;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** A fresh name beside `path` for building it: `<dir>/.tmp-<name>-<random>`. */
export function tempNameFor(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${basename(path)}-${randomBytes(6).toString('hex')}`);
}

/** mkdir -p that tells the journal about the topmost directory it creates. */
export function ensureDir(path: string, mode = 0o755): void {
  const abs = resolve(path);
  if (exists(abs)) return;
  let top = abs;
  while (!exists(dirname(top))) top = dirname(top);
  journalFor(abs)?.created(top);
  mkdirSync(abs, { recursive: true, mode });
}

/**
 * Writes `data` to `path` atomically: a new file under a temporary name
 * (O_EXCL: never an existing inode) renamed over the old one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  ensureDir(dirname(path));
  const tmp = tempNameFor(path);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  replaceWith(tmp, path);
}

/** Creates or atomically re-points the symlink `path` (symlink to a temp name, then rename). */
export function replaceSymlink(path: string, target: string): void {
  ensureDir(dirname(path));
  try {
    const st = lstatSync(path);
    if (!st.isSymbolicLink()) throw new Error(`replacing ${path} with a symlink: a ${st.isDirectory() ? 'directory' : 'file'} is in the way`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = tempNameFor(path);
  symlinkSync(target, tmp);
  replaceWith(tmp, path);
}

function replaceWith(tmp: string, path: string): void {
  const journal = journalFor(path);
  try {
    if (journal) {
      if (exists(path)) journal.replacing(path);
      else journal.created(path);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Moves a finished directory (built under a temporary name) to its final
 * name. The final name must not exist: a complete directory is never
 * replaced, it is immutable content named by its digest.
 */
export function renameIntoPlace(tmp: string, final: string): void {
  ensureDir(dirname(final));
  if (exists(final)) throw new Error(`moving ${tmp} into place: ${final} exists already`);
  journalFor(final)?.created(final);
  renameSync(tmp, final);
}

/** Creates an empty file unless the name exists (never truncates: it may be a shared hardlink). */
export function touchIfMissing(path: string, mode = 0o644): boolean {
  if (exists(path)) return false;
  ensureDir(dirname(path));
  journalFor(path)?.created(path);
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Removes a file or symlink; in a dir transaction the journal keeps it, so an abort puts it back. */
export function removeEntry(path: string): void {
  if (!exists(path)) return;
  journalFor(path)?.replacing(path);
  unlinkSync(path);
}

/** Hardlinks `existing` to `backup`: the undo copy of a file or symlink (link(2) does not follow symlinks). */
export function preserveAs(existing: string, backup: string): void {
  ensureDirPlain(dirname(backup));
  linkSync(existing, backup);
}

function ensureDirPlain(path: string): void {
  mkdirSync(path, { recursive: true });
}

/**
 * Removes a directory tree: renamed to a temporary name beside it first (one
 * atomic step), then deleted, so a crash never leaves half of it under its
 * name, where it would pass for complete. A crash mid-delete leaves a
 * `.tmp-` entry that recovery sweeps.
 */
export function removeTree(dir: string): void {
  if (!exists(dir)) return;
  const doomed = join(dirname(dir), `${TEMP_PREFIX}gone-${basename(dir)}`);
  rmSync(doomed, { recursive: true, force: true });
  renameSync(dir, doomed);
  rmSync(doomed, { recursive: true, force: true });
}
