/**
 * Metadata files of the layout: per layer (`layers.json`, `origin.json`)
 * and per published name (`manifest.json` in DUCC's form, the registry's raw
 * manifest bytes, the config, and our own `sync.json` record). All writes are
 * atomic (atomic.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureDir, touchIfMissing, writeFileAtomic } from './atomic.ts';
import { duccManifestJson, layersJson, originJson, parseOrigin, type LayerInfo, type ManifestLike } from './ducc-json.ts';
import { CATALOG_MARKER, METADATA_DIR, catalogMarkers, metadataDir, multiarchMetadataDir, type ArchSpec } from './layout.ts';

/** Names of the files in `.metadata/<registry>/<repository>:<tag>/`. */
export const METADATA_FILES = {
  /** DUCC's re-serialised manifest (read by DUCC's GC and tools). */
  manifest: 'manifest.json',
  /** The manifest exactly as the registry served it (its digest is the manifest digest). */
  rawManifest: 'manifest.raw.json',
  /** The image config blob as served. */
  config: 'config.json',
  /** Our record of the last sync (SyncRecord). */
  sync: 'sync.json',
} as const;

export interface LayerMetadataInput extends LayerInfo {
  /** Hardlinks of this layer whose target lies in a lower layer (kept for flattening later). */
  externalLinks?: readonly { path: string; target: string }[] | undefined;
}

/**
 * Writes `<layerDirAbs>/.metadata/layers.json` (and `external-links.json`
 * when the layer has hardlinks into lower layers). `layerDirAbs` is the
 * layer's directory, usually still under its temporary name.
 */
export function writeLayerMetadata(layerDirAbs: string, info: LayerMetadataInput): void {
  const meta = join(layerDirAbs, METADATA_DIR);
  writeFileAtomic(join(meta, 'layers.json'), layersJson(info));
  if (info.externalLinks && info.externalLinks.length > 0) {
    writeFileAtomic(join(meta, 'external-links.json'), JSON.stringify(info.externalLinks));
  }
}

/** Adds `configDigest` to `<layerDirAbs>/.metadata/origin.json` once; rewrites only on change. */
export function addLayerOrigin(layerDirAbs: string, configDigest: string): void {
  const path = join(layerDirAbs, METADATA_DIR, 'origin.json');
  let existing: string[] = [];
  let raw: string | undefined;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (raw !== undefined) {
    try {
      existing = parseOrigin(raw);
    } catch (err) {
      throw new Error(`adding an origin to ${path}: the file is not an origin list`, { cause: err });
    }
  }
  const next = originJson(existing, configDigest);
  if (next !== raw) writeFileAtomic(path, next);
}

/** The origins recorded for a layer ([] when none). */
export function readLayerOrigins(layerDirAbs: string): string[] {
  try {
    return parseOrigin(readFileSync(join(layerDirAbs, METADATA_DIR, 'origin.json'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Creates every `.cvmfscatalog` marker the layout asks for (for these layers and flats), never truncating one. */
export function ensureCatalogMarkers(root: string, opts: { layers?: readonly string[]; flats?: readonly string[] } = {}): void {
  for (const rel of catalogMarkers(opts)) {
    const dir = join(root, rel.slice(0, -(CATALOG_MARKER.length + 1)));
    // A marker goes only into a directory that exists or is one of the fixed top-level ones.
    if (!existsSync(dir) && rel.split('/').length > 2) continue;
    touchIfMissing(join(root, rel));
  }
}

export const syncRecordSchema = z.object({
  ref: z.string(),
  topDigest: z.string(),
  manifestDigest: z.string(),
  configDigest: z.string(),
  platform: z.string(),
  syncedAt: z.string(),
});

/** What the last sync of one name stored: used for the no-op check and `ls`. */
export type SyncRecord = z.infer<typeof syncRecordSchema>;

export interface ImageMetadata {
  manifest: ManifestLike;
  /** The manifest bytes as the registry served them. */
  manifestBytes: Uint8Array | string;
  /** The config blob bytes. */
  configBytes: Uint8Array | string;
}

/** Writes manifest.json, manifest.raw.json and config.json into a metadata dir (absolute). */
export function writeImageMetadata(dirAbs: string, meta: ImageMetadata): void {
  ensureDir(dirAbs);
  writeFileAtomic(join(dirAbs, METADATA_FILES.manifest), duccManifestJson(meta.manifest));
  writeFileAtomic(join(dirAbs, METADATA_FILES.rawManifest), meta.manifestBytes);
  writeFileAtomic(join(dirAbs, METADATA_FILES.config), meta.configBytes);
}

/** Writes sync.json into a metadata dir (absolute). */
export function writeSyncRecord(dirAbs: string, record: SyncRecord): void {
  writeFileAtomic(join(dirAbs, METADATA_FILES.sync), JSON.stringify(syncRecordSchema.parse(record), null, 2) + '\n');
}

/**
 * The record of `linkPath` (`<registry>/<repository>:<tag>`), or of its
 * `.multiarch` entry for `platform`; undefined when there is none or it is
 * unreadable (a damaged record only costs a re-sync).
 */
export async function readSyncRecord(root: string, linkPath: string, platform?: ArchSpec): Promise<SyncRecord | undefined> {
  const dir = platform ? multiarchMetadataDir(linkPath, platform) : metadataDir(linkPath);
  let text: string;
  try {
    text = await readFile(join(root, dir, METADATA_FILES.sync), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = syncRecordSchema.safeParse(safeJson(text));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Whether `.metadata/<linkPath>/` records `configDigest`: the image of a
 * result is the one its public name shows (not another platform's, which
 * lives under `.multiarch/` only). The outputs beside the tree (podman
 * store, thin images) are made for that one.
 */
export function recordsConfig(root: string, linkPath: string, configDigest: string): boolean {
  try {
    const parsed = syncRecordSchema.safeParse(safeJson(readFileSync(join(root, metadataDir(linkPath), METADATA_FILES.sync), 'utf8')));
    return parsed.success && parsed.data.configDigest === configDigest;
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ListedRecord {
  /** `<registry>/<repository>:<tag>`, or `.multiarch/<arch>/<registry>/…` for per-platform entries. */
  linkPath: string;
  record: SyncRecord;
}

/** Every sync record under `.metadata/` (for `ls`), sorted by link path. */
export function listSyncRecords(root: string): ListedRecord[] {
  const base = join(root, METADATA_DIR);
  const out: ListedRecord[] = [];
  /** Reads `rel`'s record; false when it has no sync.json. */
  const read = (rel: string): boolean => {
    let text: string;
    try {
      text = readFileSync(join(base, rel, METADATA_FILES.sync), 'utf8');
    } catch {
      return false;
    }
    const parsed = syncRecordSchema.safeParse(safeJson(text));
    if (parsed.success) out.push({ linkPath: rel, record: parsed.data });
    return true;
  };
  const walk = (rel: string, depth: number) => {
    if (depth > 32) return;
    let entries;
    try {
      entries = readdirSync(join(base, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !e.name.startsWith('.tmp-')) {
        // A name's own directory (`repo:tag`, `repo@sha256:…`) holds its record and no names: read it without a
        // listing (10,000 names, 10,000 fewer readdirs). Others with a colon (`host:5000`, `arm:v7`) are walked.
        if (!((e.name.includes(':') || e.name.includes('@')) && read(childRel))) walk(childRel, depth + 1);
      } else if (e.isFile() && e.name === METADATA_FILES.sync && rel) {
        read(rel);
      }
    }
  };
  walk('', 0);
  return out.sort((a, b) => (a.linkPath < b.linkPath ? -1 : a.linkPath > b.linkPath ? 1 : 0));
}

