/**
 * Writes the podman store (layout.ts) inside an open transaction: per image
 * a few small files, then layers.json, then images.json, each replaced
 * atomically (write a temporary file, rename), so a reader sees the old
 * store or the new one and an entry never names what is not there yet.
 * On a dir target the writes are journaled (an abort puts the old store
 * back); on CVMFS the transaction makes them visible at publish only.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, removeEntry, removeTree, replaceSymlink, touchIfMissing, writeFileAtomic } from '../repo/atomic.ts';
import { CATALOG_MARKER, digestHex, layerDir, METADATA_DIR } from '../repo/layout.ts';
import { IndexFile, type IndexEntry } from './index-file.ts';
import {
  IMAGES_JSON,
  LAYERS_JSON,
  LINK_DIR,
  LOCK_FILES,
  STORE_CATALOG_DIRS,
  STORE_DIR,
  bigDataFileName,
  chainIds,
  diffTarget,
  imageStoreDir,
  layerStoreDir,
  shortId,
} from './layout.ts';

export interface StoreLayer {
  /** Compressed blob digest (the .layers/ dir). */
  digest: string;
  /** Uncompressed digest (from the config's rootfs.diff_ids). */
  diffId: string;
  compressedSize: number;
  diffSize?: number | undefined;
}

export interface StoreImage {
  /** Names podman lists it under, e.g. `registry.example.org/group/app:1.0`. */
  names: string[];
  manifestDigest: string;
  configDigest: string;
  manifestBytes: Uint8Array | string;
  configBytes: Uint8Array | string;
  /** Distributable layers, bottom first. */
  layers: StoreLayer[];
  created: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function byteLength(b: Uint8Array | string): number {
  return typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength;
}

/** The store's two index files, loaded once per update. */
export class StoreIndexes {
  readonly layers: IndexFile;
  readonly images: IndexFile;
  private readonly root: string;
  private names: Map<string, Set<string>> | undefined;

  constructor(root: string) {
    this.root = root;
    this.layers = IndexFile.parse(readText(join(root, LAYERS_JSON)), LAYERS_JSON);
    this.images = IndexFile.parse(readText(join(root, IMAGES_JSON)), IMAGES_JSON);
  }

  /**
   * Which images have a name: built once per update from the lines (only
   * each line's `names` array is parsed), then kept up to date by addImage,
   * so taking a name from another image costs the same in any store size.
   */
  imagesNamed(name: string): Set<string> {
    if (!this.names) {
      this.names = new Map();
      for (const [id, line] of this.images.entries()) {
        const m = /"names":(\[[^\]]*\])/.exec(line);
        if (!m) continue;
        let list: unknown;
        try {
          list = JSON.parse(m[1]!);
        } catch {
          list = this.images.get(id)?.names; // a name with a ']' in it: parse the whole line
        }
        for (const n of Array.isArray(list) ? list : []) if (typeof n === 'string') this.nameSet(n).add(id);
      }
    }
    return this.nameSet(name);
  }

  private nameSet(name: string): Set<string> {
    let s = this.names!.get(name);
    if (!s) this.names!.set(name, (s = new Set()));
    return s;
  }

  /** layers.json before images.json: an image never names a layer that is not listed. */
  save(): void {
    for (const d of STORE_CATALOG_DIRS) ensureDir(join(this.root, d));
    for (const d of STORE_CATALOG_DIRS) touchIfMissing(join(this.root, d, CATALOG_MARKER));
    for (const f of LOCK_FILES) touchIfMissing(join(this.root, f));
    if (this.layers.dirty) writeFileAtomic(join(this.root, LAYERS_JSON), this.layers.serialize());
    if (this.images.dirty) writeFileAtomic(join(this.root, IMAGES_JSON), this.images.serialize());
  }
}

/** Adds (or updates) one image: its layer entries and directories, its files, its names. */
export function addImage(root: string, idx: StoreIndexes, img: StoreImage, now = new Date()): void {
  if (img.layers.length === 0) throw new Error('an image without layers cannot go into the podman store');
  const ids = chainIds(img.layers.map((l) => l.diffId));
  const lowers: string[] = [];
  img.layers.forEach((layer, i) => {
    const id = ids[i]!;
    const parent = i > 0 ? ids[i - 1] : undefined;
    const dir = join(root, layerStoreDir(id));
    if (!existsSync(join(root, layerDir(layer.digest)))) throw new Error(`layer ${layer.digest} is not in the repository`);
    const short = shortId(id);
    // (Re)made when missing or dangling: the same chain may come from another blob of the same content.
    if (!existsSync(join(dir, 'diff'))) replaceSymlink(join(dir, 'diff'), diffTarget(layer.digest));
    if (!existsSync(join(dir, 'link'))) {
      if (lowers.length) writeFileAtomic(join(dir, 'lower'), lowers.join(':'));
      writeFileAtomic(join(dir, 'link'), short);
    }
    replaceSymlinkIfDifferent(join(root, LINK_DIR, short), `../${id}/diff`);
    if (!idx.layers.has(id)) {
      idx.layers.set({
        id,
        ...(parent ? { parent } : {}),
        created: now.toISOString(),
        'compressed-diff-digest': layer.digest,
        'compressed-size': layer.compressedSize,
        'diff-digest': layer.diffId,
        ...(layer.diffSize ? { 'diff-size': layer.diffSize } : {}),
      });
    }
    lowers.unshift(`l/${short}`);
  });

  const imageId = digestHex(img.configDigest);
  const dir = join(root, imageStoreDir(imageId));
  const manifestKey = `manifest-${img.manifestDigest}`;
  writeIfDifferent(join(dir, bigDataFileName(img.configDigest)), img.configBytes);
  writeIfDifferent(join(dir, bigDataFileName(manifestKey)), img.manifestBytes);
  writeIfDifferent(join(dir, 'manifest'), img.manifestBytes);

  // A name belongs to one image: taken from any other that has it (a moved tag).
  for (const name of img.names) takeName(idx, name, imageId);
  for (const name of img.names) idx.imagesNamed(name).add(imageId);
  const old = idx.images.get(imageId);
  const names = [...new Set([...((old?.names as string[] | undefined) ?? []), ...img.names])];
  const bigNames = [...new Set([...((old?.['big-data-names'] as string[] | undefined) ?? []), img.configDigest, manifestKey, 'manifest'])];
  const sizes = { ...((old?.['big-data-sizes'] as Record<string, number> | undefined) ?? {}) };
  const digests = { ...((old?.['big-data-digests'] as Record<string, string> | undefined) ?? {}) };
  sizes[img.configDigest] = byteLength(img.configBytes);
  sizes[manifestKey] = byteLength(img.manifestBytes);
  sizes.manifest = byteLength(img.manifestBytes);
  digests[img.configDigest] = img.configDigest;
  digests[manifestKey] = img.manifestDigest;
  digests.manifest = img.manifestDigest;
  const entry: IndexEntry = {
    id: imageId,
    digest: img.manifestDigest,
    names,
    layer: ids.at(-1)!,
    'big-data-names': bigNames,
    'big-data-sizes': sizes,
    'big-data-digests': digests,
    created: old?.created ?? img.created,
  };
  idx.images.set(entry);
}

/** Removes `name` from every image other than `keep`; an image left without a name goes. */
function takeName(idx: StoreIndexes, name: string, keep?: string): void {
  const holders = idx.imagesNamed(name);
  for (const id of [...holders]) {
    if (id === keep) continue;
    holders.delete(id);
    const e = idx.images.get(id)!;
    const names = ((e.names as string[] | undefined) ?? []).filter((n) => n !== name);
    if (names.length === ((e.names as string[] | undefined) ?? []).length) continue;
    if (names.length) idx.images.set({ ...e, names });
    else idx.images.delete(id);
  }
}

function writeIfDifferent(path: string, data: Uint8Array | string): void {
  const want = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  try {
    if (readFileSync(path).equals(want)) return;
  } catch {
    // missing: written below
  }
  writeFileAtomic(path, want);
}

function replaceSymlinkIfDifferent(path: string, target: string): void {
  try {
    if (readlinkSync(path) === target) return;
  } catch {
    // missing
  }
  replaceSymlink(path, target);
}

/**
 * After gc: the store keeps a name only while `.metadata/<name>/` exists, an
 * image only while it has a name, a layer only while its `.layers/` dir
 * exists and a kept image stands on it. Returns what was removed.
 */
export function reconcileStore(root: string): { images: number; layers: number } {
  if (!existsSync(join(root, STORE_DIR))) return { images: 0, layers: 0 };
  const idx = new StoreIndexes(root);
  let images = 0;
  const used = new Set<string>();
  for (const id of [...idx.images.ids()]) {
    const e = idx.images.get(id)!;
    const names = ((e.names as string[] | undefined) ?? []).filter((n) => existsSync(join(root, METADATA_DIR, linkPathOfName(n))));
    if (names.length === 0) {
      idx.images.delete(id);
      removeTree(join(root, imageStoreDir(id)));
      images++;
      continue;
    }
    if (names.length !== (e.names as string[]).length) idx.images.set({ ...e, names });
    if (typeof e.layer === 'string') used.add(e.layer);
  }
  // Everything below a kept top layer is kept (parents).
  for (const top of [...used]) {
    let cur: string | undefined = top;
    for (let guard = 0; cur && guard < 1000; guard++) {
      used.add(cur);
      const parent: unknown = idx.layers.get(cur)?.parent;
      cur = typeof parent === 'string' ? parent : undefined;
    }
  }
  let layers = 0;
  for (const id of [...idx.layers.ids()]) {
    const e = idx.layers.get(id)!;
    const digest = e['compressed-diff-digest'];
    const present = typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) && existsSync(join(root, layerDir(digest)));
    if (used.has(id) && present) continue;
    idx.layers.delete(id);
    const link = readText(join(root, layerStoreDir(id), 'link'));
    if (link && /^[A-Z0-9]+$/.test(link)) removeEntry(join(root, LINK_DIR, link));
    removeTree(join(root, layerStoreDir(id)));
    layers++;
  }
  if (images || layers || idx.images.dirty || idx.layers.dirty) idx.save();
  return { images, layers };
}

/** The link path a store name stands for (`docker.io/…` is the alias of `registry.hub.docker.com/…`, hook.ts). */
function linkPathOfName(name: string): string {
  return name.startsWith('docker.io/') ? `registry.hub.docker.com/${name.slice('docker.io/'.length)}` : name;
}


