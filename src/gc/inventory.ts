/** Reads what a repository holds: links, metadata, flat trees and layers (for planGc). */
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, resolve, relative, dirname } from 'node:path';
import { CHAINS_DIR, FLAT_DIR, LAYERS_DIR, METADATA_DIR, MULTIARCH_DIR, RESERVED_TOP_LEVEL, TEMP_PREFIX, parseDuccManifest } from '../repo/index.ts';
import type { Inventory, InventoryDir, InventoryLink, InventoryMetadata } from './plan.ts';

const DIGEST_DIR = /^[0-9a-f]{64}$/;

function list(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** `.flat/<xx>/<hex>` or `.layers/<xx>/<hex>` directories. */
function digestDirs(root: string, top: string): InventoryDir[] {
  const out: InventoryDir[] = [];
  for (const xx of list(join(root, top))) {
    if (!xx.isDirectory() || xx.name.length !== 2) continue;
    for (const d of list(join(root, top, xx.name))) {
      if (d.isDirectory() && DIGEST_DIR.test(d.name) && d.name.startsWith(xx.name)) {
        out.push({ digest: `sha256:${d.name}`, mtimeMs: statSync(join(root, top, xx.name, d.name)).mtimeMs });
      }
    }
  }
  return out;
}

/** Every symlink into .flat/ under the public tree and .multiarch/. */
function links(root: string): InventoryLink[] {
  const out: InventoryLink[] = [];
  const flatRoot = join(root, FLAT_DIR);
  const walk = (rel: string, depth: number) => {
    if (depth > 16) return;
    for (const e of list(join(root, rel))) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && (RESERVED_TOP_LEVEL as readonly string[]).includes(e.name) && e.name !== MULTIARCH_DIR) continue;
      if (e.name.startsWith(TEMP_PREFIX) || e.name.startsWith('.cvmfs-unpack')) continue;
      if (e.isDirectory()) walk(childRel, depth + 1);
      else if (e.isSymbolicLink()) {
        const target = resolve(dirname(join(root, childRel)), readlinkSync(join(root, childRel)));
        const inFlat = relative(flatRoot, target).split('/');
        if (inFlat.length === 2 && DIGEST_DIR.test(inFlat[1]!)) out.push({ linkPath: childRel, configDigest: `sha256:${inFlat[1]}` });
      }
    }
  };
  walk('', 0);
  return out;
}

/** Directories under .metadata/ that hold a manifest.json (ours or DUCC's). */
function metadata(root: string): InventoryMetadata[] {
  const base = join(root, METADATA_DIR);
  const out: InventoryMetadata[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > 16) return;
    const entries = list(join(base, rel));
    const manifest = entries.find((e) => e.isFile() && e.name === 'manifest.json');
    if (manifest && rel) {
      const path = join(base, rel, 'manifest.json');
      const item: InventoryMetadata = { linkPath: rel, mtimeMs: lstatSync(path).mtimeMs };
      try {
        const m = parseDuccManifest(readFileSync(path, 'utf8'));
        item.configDigest = m.configDigest;
        item.layerDigests = m.layerDigests;
      } catch {
        // unreadable: the layers of this image are unknown (planGc then removes no layer)
      }
      out.push(item);
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith(TEMP_PREFIX)) walk(rel ? `${rel}/${e.name}` : e.name, depth + 1);
  };
  walk('', 0);
  return out;
}

export function readInventory(root: string): Inventory {
  return { links: links(root), metadata: metadata(root), flats: digestDirs(root, FLAT_DIR), layers: digestDirs(root, LAYERS_DIR), chains: digestDirs(root, CHAINS_DIR) };
}
