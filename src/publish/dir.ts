/**
 * The `dir` target: the repository layout in a plain directory.
 *
 * - One transaction at a time per directory: a lock file (lock.ts).
 * - Crash safety: everything is built under `.tmp-…` names and renamed into
 *   place; links are swapped by rename (src/repo/atomic.ts).
 * - Abort, and recovery after a crash, undo the transaction's changes from
 *   its journal (journal.ts): the previous state comes back byte for byte.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { attachJournal, ensureDir, TEMP_PREFIX } from '../repo/atomic.ts';
import { FLAT_DIR, LAYERS_DIR } from '../repo/layout.ts';
import type { Logger } from '../log/logger.ts';
import { nullLogger } from '../log/logger.ts';
import { acquireLock, type HeldLock } from './lock.ts';
import { DONE_PREFIX, DiskJournal, JOURNAL_PREFIX, rollbackDir } from './journal.ts';
import { PublishError, type BeginOptions, type Publisher, type Transaction } from './types.ts';

export const LOCK_FILE = '.cvmfs-unpack.lock';

export interface DirPublisherOptions {
  /** How long begin() and recover() wait for another process's lock (default 10 min). */
  lockTimeoutMs?: number;
  pollMs?: number;
  logger?: Logger;
}

export class DirPublisher implements Publisher {
  readonly kind = 'dir' as const;
  readonly canClone = false;
  readonly root: string;
  private readonly opts: DirPublisherOptions;

  constructor(root: string, opts: DirPublisherOptions = {}) {
    this.root = resolve(root);
    this.opts = opts;
  }

  describe(): string {
    return `dir:${this.root}`;
  }

  private async lock(logger: Logger): Promise<HeldLock> {
    try {
      mkdirSync(this.root, { recursive: true });
    } catch (err) {
      throw new PublishError(`creating the target directory ${this.root}`, { cause: err });
    }
    return acquireLock(join(this.root, LOCK_FILE), {
      timeoutMs: this.opts.lockTimeoutMs ?? 600_000,
      pollMs: this.opts.pollMs,
      logger,
      what: this.describe(),
    });
  }

  async recover(): Promise<void> {
    const logger = this.opts.logger ?? nullLogger;
    const lock = await this.lock(logger);
    try {
      recoverTree(this.root, logger);
    } finally {
      lock.release();
    }
  }

  async begin(opts: BeginOptions = {}): Promise<Transaction> {
    const logger = opts.logger ?? this.opts.logger ?? nullLogger;
    if (opts.clone) throw new PublishError(`opening a transaction on ${this.describe()}: a dir target cannot clone trees`);
    const lock = await this.lock(logger);
    let journal: DiskJournal;
    let detach: () => void;
    try {
      journal = DiskJournal.create(this.root);
      detach = attachJournal(this.root, journal);
    } catch (err) {
      lock.release();
      throw new PublishError(`opening a transaction on ${this.describe()}`, { cause: err });
    }
    return new DirTransaction(this.root, this.describe(), journal, detach, lock, logger);
  }
}

class DirTransaction implements Transaction {
  private open = true;
  readonly root: string;
  private readonly name: string;
  private readonly journal: DiskJournal;
  private readonly detach: () => void;
  private readonly lock: HeldLock;
  private readonly logger: Logger;

  constructor(root: string, name: string, journal: DiskJournal, detach: () => void, lock: HeldLock, logger: Logger) {
    this.root = root;
    this.name = name;
    this.journal = journal;
    this.detach = detach;
    this.lock = lock;
    this.logger = logger;
  }

  private finish(): void {
    this.open = false;
    this.detach();
    this.lock.release();
  }

  tempDir(parent: string, label = 'build'): string {
    if (!this.open) throw new PublishError(`creating a temporary dir in ${parent}: the transaction on ${this.name} is closed`);
    ensureDir(parent); // journaled: a parent made here goes on abort
    const dir = mkdtempSync(join(parent, `${TEMP_PREFIX}${label}-`));
    this.journal.temp(dir);
    return dir;
  }

  async commit(): Promise<void> {
    if (!this.open) throw new PublishError(`committing on ${this.name}: the transaction is closed`);
    try {
      this.journal.commit();
    } catch (err) {
      throw new PublishError(`committing on ${this.name}`, { cause: err });
    } finally {
      this.finish();
    }
  }

  async abort(cause?: unknown): Promise<void> {
    if (!this.open) return;
    this.logger.info('aborting the transaction', { target: this.name, cause: cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause) });
    try {
      this.journal.rollback();
    } catch (err) {
      throw new PublishError(`aborting on ${this.name}: rolling back`, { cause: err });
    } finally {
      this.finish();
    }
  }
}

/**
 * With the lock held (so no transaction is live): rolls back journals of
 * crashed transactions, finishes committed ones, and removes stale `.tmp-*`
 * entries in the layout's own directories (never inside image content).
 */
export function recoverTree(root: string, logger: Logger = nullLogger): void {
  const top = list(root);
  for (const name of top) {
    if (name.startsWith(JOURNAL_PREFIX)) {
      logger.warn('rolling back a transaction left by a crash', { journal: join(root, name) });
      rollbackDir(root, join(root, name));
    } else if (name.startsWith(DONE_PREFIX)) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
  const sweep = (dir: string, depth: number, descend: (rel: string[]) => boolean, rel: string[] = []): void => {
    for (const e of listEntries(dir)) {
      const path = join(dir, e.name);
      if (e.name.startsWith(TEMP_PREFIX)) {
        logger.info('removing a stale temporary entry', { path });
        rmSync(path, { recursive: true, force: true });
      } else if (e.isDirectory() && depth > 0 && descend([...rel, e.name])) {
        sweep(path, depth - 1, descend, [...rel, e.name]);
      }
    }
  };
  // .layers/<xx>/<hex>/{.metadata}: temps sit beside layers and in their metadata, never in layerfs.
  sweep(join(root, LAYERS_DIR), 3, (rel) => rel.length < 3 || rel[2] === '.metadata');
  // .flat/<xx>/: temps sit beside flat dirs; a flat dir itself is image content.
  sweep(join(root, FLAT_DIR), 1, () => true);
  // Metadata and link trees hold only our own entries.
  for (const name of top) {
    if (name === LAYERS_DIR || name === FLAT_DIR || name.startsWith(TEMP_PREFIX)) continue;
    if (name.startsWith('.') && name !== '.metadata' && name !== '.multiarch') continue;
    sweep(join(root, name), 32, () => true);
  }
  for (const name of top) {
    if (name.startsWith(TEMP_PREFIX) && !name.startsWith(JOURNAL_PREFIX) && !name.startsWith(DONE_PREFIX)) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

function list(dir: string): string[] {
  return listEntries(dir).map((e) => e.name);
}

function listEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
