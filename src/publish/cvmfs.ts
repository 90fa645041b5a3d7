/**
 * The `cvmfs` target: writes under `/cvmfs/<repo>[/<lease path>]` inside a
 * `cvmfs_server transaction`, then `cvmfs_server publish`; on any error
 * `cvmfs_server abort -f` and a PublishError with the command's stderr tail.
 *
 * Rules of the real command this follows (DESIGN.md section 5): one open
 * transaction per repository (exit 17 otherwise; `-t N` retries); publish
 * refuses while a file under the mount is held open, so every file we opened
 * must be closed first; abort without `-f` would ask on stdin.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEMP_PREFIX } from '../repo/atomic.ts';
import type { Logger } from '../log/logger.ts';
import { nullLogger } from '../log/logger.ts';
import { isProcessAlive } from './lock.ts';
import { outputTail, runCommand, type CommandResult } from './exec.ts';
import { PublishError, type BeginOptions, type Publisher, type Transaction } from './types.ts';
import { whiteoutTar, type LayerWhiteouts } from './whiteout-tar.ts';

export interface CvmfsPublisherOptions {
  /** The `cvmfs_server` program (default: $CVMFS_UNPACK_CVMFS_SERVER or `cvmfs_server` on PATH). */
  server?: string;
  /** Where repositories are mounted (default: $CVMFS_UNPACK_CVMFS_MOUNT or `/cvmfs`). */
  mount?: string;
  /** Seconds `transaction -t` waits for another open transaction (default 300). */
  transactionTimeoutS?: number;
  /** How long commit() waits for our own files under the mount to close (default 5 s). */
  openFilesWaitMs?: number;
  /**
   * Where an open transaction's owner (pid, host) is recorded, so that
   * recover() in another process leaves a live one alone (default: the OS temp dir).
   */
  stateDir?: string;
  logger?: Logger;
}

/** Repositories this process has a transaction open on (recover() must not abort those). */
const openHere = new Set<string>();

export class CvmfsPublisher implements Publisher {
  readonly kind = 'cvmfs' as const;
  readonly canClone = true;
  readonly root: string;
  readonly server: string;
  readonly mountRoot: string;
  readonly repo: string;
  /** The lease path inside the repository ('' for the whole repository). */
  readonly subPath: string;
  private readonly opts: CvmfsPublisherOptions;

  constructor(repo: string, subPath: string, opts: CvmfsPublisherOptions = {}) {
    this.repo = repo;
    this.subPath = subPath;
    this.opts = opts;
    this.server = opts.server ?? process.env.CVMFS_UNPACK_CVMFS_SERVER ?? 'cvmfs_server';
    this.mountRoot = opts.mount ?? process.env.CVMFS_UNPACK_CVMFS_MOUNT ?? '/cvmfs';
    this.root = subPath ? join(this.mountRoot, repo, subPath) : join(this.mountRoot, repo);
  }

  describe(): string {
    return `cvmfs:${this.repo}${this.subPath ? `/${this.subPath}` : ''}`;
  }

  /**
   * The layers' whiteouts as char 0:0 devices (and opaque markers as literal
   * files) by one `cvmfs_server ingest` of a small tar: its own transaction and
   * publish (docs/cvmfs.md, "Whiteouts").
   */
  async storeWhiteouts(layers: LayerWhiteouts[], logger: Logger = this.opts.logger ?? nullLogger): Promise<void> {
    if (layers.length === 0) return;
    const base = this.subPath ? `/${this.subPath}` : '/';
    const t0 = Date.now();
    const r = await this.run(['ingest', '-t', '-', '-b', base, this.repo], 'storing layer whiteouts', whiteoutTar(layers));
    if (r.code !== 0) throw new PublishError(`storing the whiteouts of ${layers.length} layer(s) on ${this.describe()}: cvmfs_server ingest failed: ${outputTail(r)}`);
    logger.debug('layer whiteouts stored', { target: this.describe(), layers: layers.length, ms: Date.now() - t0 });
  }

  /** `cvmfs_server ingest --delete a:b:…` (ingest splits its argument at ':', so no path may hold one). */
  async removeTrees(paths: string[], logger: Logger = this.opts.logger ?? nullLogger): Promise<void> {
    if (paths.length === 0) return;
    const bad = paths.find((p) => p.includes(':'));
    if (bad) throw new PublishError(`removing ${bad} from ${this.describe()}: cvmfs_server ingest --delete cannot name a path with ':'`);
    const inRepo = paths.map((p) => [this.subPath, p].filter(Boolean).join('/'));
    const r = await this.run(['ingest', '--delete', inRepo.join(':'), this.repo], 'removing trees');
    if (r.code !== 0) throw new PublishError(`removing ${paths.length} tree(s) from ${this.describe()}: cvmfs_server ingest --delete failed: ${outputTail(r)}`);
    logger.debug('trees removed by ingest --delete', { target: this.describe(), paths: paths.length });
  }

  /** Runs `cvmfs_server <args>`; a missing program is a PublishError that says how to configure it. */
  async run(args: string[], doing: string, input?: Buffer): Promise<CommandResult> {
    try {
      return await runCommand(this.server, args, input === undefined ? {} : { input });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? `${this.server} not found (set CVMFS_UNPACK_CVMFS_SERVER)` : `running ${this.server}`;
      throw new PublishError(`${doing} on ${this.describe()}: ${why}`, { cause: err });
    }
  }

  /** Whether `cvmfs_server list` shows this repository in a transaction. */
  async inTransaction(): Promise<boolean> {
    const r = await this.run(['list'], 'listing repositories');
    if (r.code !== 0) throw new PublishError(`listing repositories for ${this.describe()}: cvmfs_server list failed: ${outputTail(r)}`);
    return r.stdout.split('\n').some((line) => line.split(' ')[0] === this.repo && /in transaction/.test(line));
  }

  async abortOpen(doing: string): Promise<void> {
    const r = await this.run(['abort', '-f', this.repo], doing);
    // 22: no transaction open, which is what we want.
    if (r.code !== 0 && r.code !== 22) throw new PublishError(`${doing} on ${this.describe()}: cvmfs_server abort -f failed: ${outputTail(r)}`);
  }

  /** The owner record of this repository's open transaction. */
  private ownerFile(): string {
    return join(this.opts.stateDir ?? tmpdir(), `cvmfs-unpack-txn-${this.repo}.json`);
  }

  private liveOwner(): { pid: number; host: string; time: string } | undefined {
    try {
      const o = JSON.parse(readFileSync(this.ownerFile(), 'utf8')) as { pid: number; host: string; time: string };
      return o.host === hostname() && o.pid !== process.pid && isProcessAlive(o.pid) ? o : undefined;
    } catch {
      return undefined;
    }
  }

  async recover(): Promise<void> {
    const logger = this.opts.logger ?? nullLogger;
    if (openHere.has(this.repo)) return; // ours, and alive
    if (await this.inTransaction()) {
      const owner = this.liveOwner();
      if (owner) {
        logger.info('a transaction is open by another live cvmfs-unpack; leaving it', { target: this.describe(), pid: owner.pid, since: owner.time });
        return;
      }
      logger.warn('aborting a transaction left open (by a crash?)', { target: this.describe() });
      await this.abortOpen('aborting a transaction left open');
      rmSync(this.ownerFile(), { force: true });
    }
  }

  async begin(opts: BeginOptions = {}): Promise<Transaction> {
    const logger = opts.logger ?? this.opts.logger ?? nullLogger;
    const wait = this.opts.transactionTimeoutS ?? 300;
    const target = this.subPath ? `${this.repo}/${this.subPath}` : this.repo;
    // A template transaction: cvmfs_server copies the published tree src to dst on the server side
    // (paths from the repository root, so a lease sub-path is part of them).
    const inRepo = (rel: string) => `/${[this.subPath, rel].filter(Boolean).join('/')}`;
    const clone = opts.clone ? ['-T', `${inRepo(opts.clone.src)}=${inRepo(opts.clone.dst)}`] : [];
    const r = await this.run(['transaction', ...(wait > 0 ? ['-t', String(wait)] : []), ...clone, target], 'opening a transaction');
    if (r.code === 17) {
      throw new PublishError(`opening a transaction on ${this.describe()}: another transaction is already open (waited ${wait} s): ${outputTail(r)}`);
    }
    if (r.code !== 0) throw new PublishError(`opening a transaction on ${this.describe()}: cvmfs_server transaction failed: ${outputTail(r)}`);
    openHere.add(this.repo);
    try {
      writeFileSync(this.ownerFile(), JSON.stringify({ pid: process.pid, host: hostname(), time: new Date().toISOString() }));
    } catch (err) {
      logger.warn('could not record the transaction owner', { file: this.ownerFile(), error: String(err) });
    }
    logger.debug('transaction open', { target: this.describe() });
    return new CvmfsTransaction(this, logger, this.opts.openFilesWaitMs ?? 5000);
  }

  /** Files under the repository's mount that this process holds open. */
  ownOpenFiles(): string[] {
    const prefix = posix.join(this.mountRoot, this.repo);
    const held: string[] = [];
    let fds: string[] = [];
    try {
      fds = readdirSync('/proc/self/fd');
    } catch {
      return [];
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/self/fd/${fd}`);
        if (target === prefix || target.startsWith(prefix + '/')) held.push(target);
      } catch {
        /* closed meanwhile */
      }
    }
    return held;
  }

  released(): void {
    openHere.delete(this.repo);
    rmSync(this.ownerFile(), { force: true });
  }
}

class CvmfsTransaction implements Transaction {
  readonly root: string;
  private open = true;
  private readonly temps: string[] = [];
  private readonly p: CvmfsPublisher;
  private readonly logger: Logger;
  private readonly openFilesWaitMs: number;

  constructor(p: CvmfsPublisher, logger: Logger, openFilesWaitMs: number) {
    this.p = p;
    this.logger = logger;
    this.openFilesWaitMs = openFilesWaitMs;
    this.root = p.root;
  }

  tempDir(parent: string, label = 'build'): string {
    if (!this.open) throw new PublishError(`creating a temporary dir in ${parent}: the transaction on ${this.p.describe()} is closed`);
    mkdirSync(parent, { recursive: true });
    const dir = mkdtempSync(join(parent, `${TEMP_PREFIX}${label}-`));
    this.temps.push(dir);
    return dir;
  }

  private async waitForOwnFiles(): Promise<void> {
    const deadline = Date.now() + this.openFilesWaitMs;
    let held = this.p.ownOpenFiles();
    while (held.length > 0 && Date.now() < deadline) {
      await sleep(50); // streams close asynchronously
      held = this.p.ownOpenFiles();
    }
    if (held.length > 0) {
      throw new PublishError(`publishing ${this.p.describe()}: files under the repository are still open in this process (publish would refuse): ${held.slice(0, 5).join(', ')}`);
    }
  }

  async commit(): Promise<void> {
    if (!this.open) throw new PublishError(`publishing ${this.p.describe()}: the transaction is closed`);
    try {
      // Temporary build dirs must not be published.
      for (const t of this.temps) rmSync(t, { recursive: true, force: true });
      await this.waitForOwnFiles();
      const r = await this.p.run(['publish', this.p.repo], 'publishing');
      if (r.code !== 0) throw new PublishError(`publishing ${this.p.describe()}: cvmfs_server publish failed: ${outputTail(r)}`);
      this.open = false;
      this.p.released();
    } catch (err) {
      await this.abort(err).catch((abortErr: unknown) => this.logger.error('aborting after a failed publish failed too', { error: String(abortErr) }));
      throw err instanceof PublishError ? err : new PublishError(`publishing ${this.p.describe()}`, { cause: err });
    }
  }

  async abort(cause?: unknown): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.logger.info('aborting the transaction', { target: this.p.describe(), cause: cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause) });
    try {
      await this.p.abortOpen('aborting the transaction');
    } finally {
      this.p.released();
    }
  }
}
