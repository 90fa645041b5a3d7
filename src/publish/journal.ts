/**
 * The undo journal of a dir transaction, kept on disk in
 * `<root>/.tmp-txn-<id>/` so that a crashed transaction can be rolled back by
 * the next run. Write-ahead: each entry is appended before the change it
 * describes. Entries:
 *   created  <path>            did not exist before: remove it to undo
 *   replaced <path> <backup>   the old entry was hardlinked to <backup>: rename it back
 *   temp     <path>            a temporary build dir: remove it
 * Commit renames the journal dir to `.tmp-done-<id>` (the commit point),
 * then deletes it.
 */
import { appendFileSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { preserveAs, type WriteJournal } from '../repo/atomic.ts';

export const JOURNAL_PREFIX = '.tmp-txn-';
export const DONE_PREFIX = '.tmp-done-';

const entrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('created'), path: z.string() }),
  z.object({ op: z.literal('replaced'), path: z.string(), backup: z.string() }),
  z.object({ op: z.literal('temp'), path: z.string() }),
]);
type Entry = z.infer<typeof entrySchema>;

/** A path inside root, as stored in the journal (relative; refuses anything outside). */
function inside(root: string, p: string): string {
  const rel = relative(root, resolve(p));
  if (rel === '' || rel.startsWith('..') || rel.startsWith('/')) throw new Error(`journal: ${p} is outside ${root}`);
  return rel;
}

export class DiskJournal implements WriteJournal {
  readonly dir: string;
  private readonly seen = new Set<string>();
  private backups = 0;

  readonly root: string;

  private constructor(root: string, dir: string) {
    this.root = root;
    this.dir = dir;
  }

  static create(root: string): DiskJournal {
    const dir = join(root, `${JOURNAL_PREFIX}${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
    mkdirSync(join(dir, 'backup'), { recursive: true });
    return new DiskJournal(root, dir);
  }

  private append(e: Entry): void {
    appendFileSync(join(this.dir, 'journal'), JSON.stringify(e) + '\n');
  }

  created(path: string): void {
    const rel = inside(this.root, path);
    if (this.seen.has(rel)) return; // the first change of a path is the one to undo
    this.seen.add(rel);
    this.append({ op: 'created', path: rel });
  }

  replacing(path: string): void {
    const rel = inside(this.root, path);
    if (this.seen.has(rel)) return;
    this.seen.add(rel);
    const backup = `backup/${this.backups++}`;
    preserveAs(join(this.root, rel), join(this.dir, backup));
    this.append({ op: 'replaced', path: rel, backup });
  }

  temp(path: string): void {
    this.append({ op: 'temp', path: inside(this.root, path) });
  }

  /** Makes the transaction's changes final and removes the journal. */
  commit(): void {
    const done = this.dir.replace(/\.tmp-txn-([^/]*)$/, `${DONE_PREFIX}$1`);
    renameSync(this.dir, done); // the commit point
    removeTemps(this.root, readEntries(done));
    rmSync(done, { recursive: true, force: true });
  }

  /** Undoes every change, newest first, and removes the journal. */
  rollback(): void {
    rollbackDir(this.root, this.dir);
  }
}

function readEntries(dir: string): Entry[] {
  let text = '';
  try {
    text = readFileSync(join(dir, 'journal'), 'utf8');
  } catch {
    return [];
  }
  const out: Entry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(entrySchema.parse(JSON.parse(line)));
    } catch {
      // A torn last line (crash mid-append): the change it announced never started.
    }
  }
  return out;
}

function removeTemps(root: string, entries: Entry[]): void {
  for (const e of entries) if (e.op === 'temp') rmSync(join(root, inside(root, join(root, e.path))), { recursive: true, force: true });
}

/** Rolls back the journal in `dir` (a live or crashed transaction) and deletes it. */
export function rollbackDir(root: string, dir: string): void {
  const entries = readEntries(dir);
  for (const e of entries.reverse()) {
    const target = join(root, inside(root, join(root, e.path)));
    if (e.op === 'replaced') {
      const backup = join(dir, e.backup);
      if (present(backup)) renameSync(backup, target);
    } else {
      rmSync(target, { recursive: true, force: true });
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** lstat-based: a backup may be a symlink whose target does not resolve from the journal dir. */
function present(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
