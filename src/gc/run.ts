/**
 * Carries out a GC plan in one transaction. Each directory is first renamed
 * to a temporary name (atomic), then deleted: a crash never leaves a
 * half-deleted flat tree or layer under its final name, where a later sync
 * would take it for complete.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Publisher } from '../publish/index.ts';
import { chainDir, flatDir, layerDir, METADATA_DIR, removeEntry, TEMP_PREFIX } from '../repo/index.ts';
import type { Logger } from '../log/logger.ts';
import { readInventory } from './inventory.ts';
import { planGc, type GcPlan } from './plan.ts';
import { treeSize } from './size.ts';
import { reconcileStore } from '../podman/store.ts';

export interface GcReport extends GcPlan {
  dryRun: boolean;
  /** Bytes of the removed flat trees and layers (each inode once per tree). */
  bytes: number;
}

export interface GcRunOptions {
  publisher: Publisher;
  dryRun: boolean;
  graceMs: number;
  wanted?: (linkPath: string) => boolean;
  logger: Logger;
  now?: number;
}

export async function runGc(opts: GcRunOptions): Promise<GcReport> {
  const root = opts.publisher.root;
  const plan = planGc(readInventory(root), { now: opts.now ?? Date.now(), graceMs: opts.graceMs, wanted: opts.wanted });
  const dirs = [...plan.flats.map(flatDir), ...plan.layers.map(layerDir), ...plan.chains.map(chainDir)];
  const bytes = dirs.reduce((sum, d) => sum + treeSize(join(root, d)), 0);
  const report: GcReport = { ...plan, dryRun: opts.dryRun, bytes };
  const nothing = plan.links.length + plan.metadata.length + dirs.length === 0;
  if (opts.dryRun || nothing) return report;

  // Layer dirs with literal .wh.* files (DUCC's, and our opaque markers) where a transaction
  // cannot remove them (cvmfs): removed first, outside the transaction.
  const literal = opts.publisher.removeTrees ? plan.layers.map(layerDir).filter((d) => holdsWhiteoutFile(join(root, d))) : [];
  if (literal.length > 0) {
    try {
      await opts.publisher.removeTrees!(literal, opts.logger);
    } catch (err) {
      throw new Error(`collecting garbage in ${opts.publisher.describe()}`, { cause: err });
    }
  }
  if (plan.links.length + plan.metadata.length + dirs.length === literal.length) return report;
  const txn = await opts.publisher.begin({ logger: opts.logger });
  try {
    const txnRoot = txn.root;
    // Journaled on a dir target: an aborted gc puts the links back.
    for (const l of plan.links) removeEntry(join(txnRoot, l));
    for (const m of plan.metadata) removeDir(join(txnRoot, METADATA_DIR, m));
    for (const d of dirs) removeDir(join(txnRoot, d));
    // The podman store's entries of what is gone (src/podman/store.ts).
    const removed = reconcileStore(txnRoot);
    if (removed.images || removed.layers) opts.logger.info('podman store entries removed', removed);
    await txn.commit();
  } catch (err) {
    await txn.abort(err).catch(() => {});
    throw new Error(`collecting garbage in ${opts.publisher.describe()}`, { cause: err });
  }
  return report;
}

/** Whether a tree holds a file named `.wh.*` (never following symlinks). */
function holdsWhiteoutFile(dir: string): boolean {
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith('.wh.') && !e.isDirectory()) return true;
      if (e.isDirectory()) stack.push(join(d, e.name));
    }
  }
  return false;
}

function removeDir(path: string): void {
  if (!existsSync(path)) return;
  const doomed = join(dirname(path), `${TEMP_PREFIX}gc-${basename(path)}`);
  rmSync(doomed, { recursive: true, force: true });
  renameSync(path, doomed);
  rmSync(doomed, { recursive: true, force: true });
}
