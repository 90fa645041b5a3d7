/** `cvmfs-unpack ls`: every published image, with what users used to guess from symlink mtimes. */
import { join } from 'node:path';
import { lstatSync } from 'node:fs';
import { flatDir, listSyncRecords, METADATA_DIR } from '../../repo/index.ts';
import { readInventory, treeSize } from '../../gc/index.ts';
import { formatBytes, shortDigest } from '../output.ts';
import { openTarget } from './sync.ts';
import type { CommandContext } from './context.ts';

export interface ListedImage {
  name: string;
  digest: string;
  configDigest: string;
  platform: string;
  flat: string;
  /** Bytes of the flat tree's files, each inode counted once. */
  size: number;
  syncedAt: string;
  /** Set for an image another tool published (DUCC: no sync record of ours; digest and platform unknown). */
  publishedBy?: 'ducc';
}

export function listImages(root: string): ListedImage[] {
  const sizes = new Map<string, number>();
  const ours = listSyncRecords(root).map(({ linkPath, record }) => {
    const flat = flatDir(record.configDigest);
    let size = sizes.get(flat);
    if (size === undefined) {
      size = treeSize(join(root, flat));
      sizes.set(flat, size);
    }
    return {
      name: linkPath,
      digest: record.manifestDigest,
      configDigest: record.configDigest,
      platform: record.platform,
      flat,
      size,
      syncedAt: record.syncedAt,
    };
  });
  // Public links without a record of ours: published by DUCC (or by hand); listed from the link and its manifest.json.
  const known = new Set(ours.map((i) => i.name));
  const others = readInventory(root)
    .links.filter((l) => !known.has(l.linkPath) && !l.linkPath.startsWith('.'))
    .map((l): ListedImage => {
      const flat = flatDir(l.configDigest);
      let syncedAt = '';
      try {
        syncedAt = lstatSync(join(root, METADATA_DIR, l.linkPath, 'manifest.json')).mtime.toISOString();
      } catch {
        syncedAt = lstatSync(join(root, l.linkPath)).mtime.toISOString();
      }
      return { name: l.linkPath, digest: '', configDigest: l.configDigest, platform: '', flat, size: treeSize(join(root, flat)), syncedAt, publishedBy: 'ducc' };
    });
  return [...ours, ...others].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function runLs(ctx: CommandContext): Promise<number> {
  const publisher = openTarget(ctx);
  const images = listImages(publisher.root);
  const out = ctx.io.stdout;
  if (ctx.json) {
    // One write: 10,000 small writes to a pipe cost more than the listing.
    out.write(images.map((i) => `${JSON.stringify(i)}\n`).join(''));
    return 0;
  }
  if (images.length === 0) {
    ctx.io.stderr.write(`no images published in ${publisher.describe()}\n`);
    return 0;
  }
  const rows = [
    ['IMAGE', 'DIGEST', 'PLATFORM', 'FLAT', 'SIZE', 'SYNCED'],
    ...images.map((i) => [i.name, i.digest ? shortDigest(i.digest) : '(ducc)', i.platform || '-', i.flat, formatBytes(i.size), i.syncedAt]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) out.write(`${r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]!) : cell)).join('  ')}\n`);
  return 0;
}
