/**
 * An exclusive lock on a dir target: a lock file created with O_EXCL that
 * holds `{pid, host, time, token}`. A lock whose process is gone (same host,
 * dead pid) is taken over; one held by a live process (or on another host,
 * where liveness cannot be checked) is waited for, up to a timeout.
 *
 * Taking over is itself serialised by a second O_EXCL file (`.takeover`), so
 * two processes that find the same stale lock cannot both win.
 */
import { closeSync, constants, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../log/logger.ts';
import { nullLogger } from '../log/logger.ts';
import { PublishError } from './types.ts';

const lockInfoSchema = z.object({ pid: z.number().int(), host: z.string(), time: z.string(), token: z.string() });
export type LockInfo = z.infer<typeof lockInfoSchema>;

export interface LockOptions {
  timeoutMs: number;
  pollMs?: number;
  logger?: Logger;
  /** For messages: what is being locked. */
  what: string;
}

export interface HeldLock {
  readonly info: LockInfo;
  release(): void;
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { raw: string; info?: LockInfo } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { raw, info: lockInfoSchema.parse(JSON.parse(raw)) };
  } catch {
    return { raw }; // being written right now, or damaged
  }
}

function isStale(info: LockInfo | undefined): boolean {
  return info !== undefined && info.host === hostname() && !isProcessAlive(info.pid);
}

/** Replaces a stale lock whose content is still `staleRaw` with ours; false if someone else moved first. */
function takeOver(path: string, staleRaw: string, mine: string, logger: Logger): boolean {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, JSON.stringify({ pid: process.pid, host: hostname() }))) {
    // A takeover in progress, or one that crashed: clear it only if its process is gone.
    const g = readLock(guard);
    try {
      const owner = g ? (JSON.parse(g.raw) as { pid?: unknown; host?: unknown }) : undefined;
      if (owner && owner.host === hostname() && typeof owner.pid === 'number' && !isProcessAlive(owner.pid)) unlinkSync(guard);
    } catch {
      /* retried on the next poll */
    }
    return false;
  }
  try {
    const now = readLock(path);
    if (now?.raw !== staleRaw) return false;
    logger.warn('taking over a stale lock', { lock: path, holder: now.info });
    unlinkSync(path);
    return createExclusive(path, mine);
  } finally {
    unlinkSync(guard);
  }
}

export async function acquireLock(path: string, opts: LockOptions): Promise<HeldLock> {
  const logger = opts.logger ?? nullLogger;
  const info: LockInfo = { pid: process.pid, host: hostname(), time: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const mine = JSON.stringify(info);
  const deadline = Date.now() + opts.timeoutMs;
  let announced = false;
  for (;;) {
    if (createExclusive(path, mine)) break;
    const held = readLock(path);
    if (held && isStale(held.info) && takeOver(path, held.raw, mine, logger)) break;
    if (Date.now() >= deadline) {
      const who = held?.info ? `pid ${held.info.pid} on ${held.info.host}, since ${held.info.time}` : 'an unknown process';
      throw new PublishError(
        `locking ${opts.what}: another cvmfs-unpack (${who}) holds ${path}; waited ${Math.round(opts.timeoutMs / 1000)} s. ` +
          'If that process no longer runs, remove the lock file.',
      );
    }
    if (!announced && held?.info) {
      logger.info('waiting for the lock of another cvmfs-unpack', { lock: path, pid: held.info.pid, host: held.info.host, since: held.info.time });
      announced = true;
    }
    await sleep(opts.pollMs ?? 100);
  }
  let released = false;
  return {
    info,
    release() {
      if (released) return;
      released = true;
      // Remove the file only while it is still ours.
      if (readLock(path)?.info?.token === info.token) unlinkSync(path);
    },
  };
}
