/**
 * One unit (a manifest for one platform, published under one or more names)
 * converted inside open transactions:
 *
 *   1. resolve the manifest and config (index → platform manifest → config);
 *   2. if the flat tree of this image ID exists, only metadata and links change;
 *   3. else each layer that is not in .layers/ yet is streamed from the
 *      registry and unpacked once (under a temporary name, renamed into place),
 *      and the flat tree is built:
 *      - ordinarily (a dir target) under a temporary name in the same
 *        transaction, files hardlinked from the layers (content written once),
 *        made Apptainer-ready and renamed into place;
 *      - where the publisher clones cheaply (CVMFS), the layers are published
 *        first and the flat tree starts, in a transaction of its own, as a
 *        server-side clone of the bottom layer, with only the upper layers and
 *        the Apptainer files written on top (content published once);
 *   4. record origins, metadata and the public links.
 *
 * Every directory appears under its final name complete or not at all.
 */
import { chmodSync, rmSync, existsSync, lstatSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { dirname, join } from 'node:path';
import { formatImageRef } from '../reference/index.ts';
import { formatPlatform, type Descriptor, type FetchedManifest, type RegistryClient, type ResolvedImage } from '../registry/index.ts';
import { applyLayer, applyOptionsOf, extractLayer, isForeignLayer, keepingDirTimes, parseSidecar, resolveParentInRoot, sidecarOf, type LayerLimits } from '../layer/index.ts';
import {
  addLayerOrigin,
  ensureCatalogMarkers,
  ensureDir,
  flatDir,
  layerDir,
  layerfsDir,
  makeApptainerReady,
  publishImage,
  removeTree,
  renameIntoPlace,
  touchIfMissing,
  writeFileAtomic,
  writeLayerMetadata,
} from '../repo/index.ts';
import type { Transaction } from '../publish/index.ts';
import { publicLinkPath } from '../reference/index.ts';
import type { Logger } from '../log/logger.ts';
import type { Unit } from './plan.ts';
import type { ImageResult, SyncEvent } from './types.ts';
import type { OutputOptions } from './outputs.ts';

export interface ConvertContext {
  client: RegistryClient;
  txn: Transaction;
  root: string;
  logger: Logger;
  emit: (event: SyncEvent) => void;
  signal?: AbortSignal;
  limits?: Partial<LayerLimits>;
  started: number;
  /** --skip-flat / --skip-layers (outputs.ts). */
  outputs?: OutputOptions;
}

interface Stats {
  bytesDownloaded: number;
  layersFetched: number;
  layersReused: number;
}

/** A unit resolved inside a transaction: what it is, and whether its flat tree exists. */
export interface Prepared {
  unit: Unit;
  top: FetchedManifest;
  resolved: ResolvedImage;
  name: string;
  log: Logger;
  stats: Stats;
  /** Path of the flat tree (absolute, under the transaction's root). */
  flat: string;
  /** Layer dirs this unit fetched (removed again with --skip-layers). */
  fetched: string[];
}

export async function prepareUnit(unit: Unit, top: FetchedManifest, ctx: ConvertContext): Promise<Prepared> {
  const resolved = await ctx.client.resolve(unit.ref, { platform: unit.platform, top });
  const name = formatImageRef(unit.names[0]!);
  return {
    unit,
    top,
    resolved,
    name,
    log: ctx.logger.child({ image: name }),
    stats: { bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
    flat: join(ctx.root, flatDir(resolved.configDigest)),
    fetched: [],
  };
}

/** The whole unit in one transaction: the flat tree is built here if it is missing. */
export async function convertUnit(unit: Unit, top: FetchedManifest, ctx: ConvertContext): Promise<ImageResult[]> {
  return completeUnit(await prepareUnit(unit, top, ctx), ctx);
}

/** A prepared unit finished in this transaction, its flat tree built the ordinary way if missing. */
export async function completeUnit(p: Prepared, ctx: ConvertContext): Promise<ImageResult[]> {
  if (ctx.outputs?.flat === false) {
    await fetchLayersOnly(p, ctx); // --skip-flat: layers (and metadata) only
  } else if (!existsSync(p.flat)) {
    await buildFlat(p, ctx);
  } else {
    p.log.debug('flat tree present', { flat: p.flat });
    p.stats.layersReused = p.resolved.manifest.layers.length;
  }
  const results = finishUnit(p, ctx);
  // --skip-layers: the layers served to build the flat tree and go again (its files are its own).
  if (ctx.outputs?.layers === false) for (const dir of p.fetched) removeTree(dir);
  return results;
}

/** Origins, catalog markers, metadata and the public links of a unit whose flat tree exists. */
export function finishUnit(p: Prepared, ctx: ConvertContext): ImageResult[] {
  const { resolved, unit, top, stats } = p;
  for (const layer of resolved.manifest.layers) {
    if (existsSync(join(ctx.root, layerDir(layer.digest)))) addLayerOrigin(join(ctx.root, layerDir(layer.digest)), resolved.configDigest);
  }
  ensureCatalogMarkers(ctx.root, { layers: resolved.manifest.layers.map((l) => l.digest), flats: [resolved.configDigest] });

  const results: ImageResult[] = [];
  for (const n of unit.names) {
    const [path] = publishImage(ctx.root, {
      linkPath: publicLinkPath(n),
      ref: formatImageRef(n),
      topDigest: top.digest,
      manifestDigest: resolved.manifestDigest,
      configDigest: resolved.configDigest,
      platform: resolved.platform,
      manifest: resolved.manifest,
      manifestBytes: resolved.manifestRaw,
      configBytes: resolved.configRaw,
      multiarch: unit.multiarch,
      primary: unit.primary,
      link: ctx.outputs?.flat !== false,
    });
    results.push({
      ref: formatImageRef(n),
      status: 'published',
      digest: resolved.manifestDigest,
      configDigest: resolved.configDigest,
      platform: formatPlatform(resolved.platform),
      ...(ctx.outputs?.flat === false ? {} : { path }),
      timings: { totalMs: Date.now() - ctx.started, ...stats },
    });
  }
  return results;
}

/** The layers of an image in order, non-distributable ones left out (with a warning). */
function distributableLayers(p: Prepared): { layer: Descriptor; diffId: string }[] {
  const diffIds = p.resolved.config.rootfs.diff_ids;
  const layers = p.resolved.manifest.layers;
  if (diffIds.length !== layers.length) throw new Error(`the config lists ${diffIds.length} diff IDs for ${layers.length} layers`);
  return layers.flatMap((layer, i) => {
    if (!isForeignLayer(layer.mediaType)) return [{ layer, diffId: diffIds[i]! }];
    p.log.warn('skipping a non-distributable layer', { layer: layer.digest, mediaType: layer.mediaType });
    return [];
  });
}

/** Emits layer-start/-done around fetching one layer unless its dir is present. */
async function ensureLayer(p: Prepared, layer: Descriptor, diffId: string, ctx: ConvertContext, lower: LowerLookup): Promise<string> {
  const dir = join(ctx.root, layerDir(layer.digest));
  const t0 = Date.now();
  ctx.emit({ type: 'layer-start', ref: p.name, digest: layer.digest, size: layer.size });
  const reused = existsSync(dir);
  if (reused) p.stats.layersReused++;
  else {
    await fetchLayer(p, layer, diffId, dir, lower, ctx);
    p.fetched.push(dir);
  }
  ctx.emit({ type: 'layer-done', ref: p.name, digest: layer.digest, size: layer.size, ms: Date.now() - t0, reused });
  return dir;
}

/**
 * Clone mode, first transaction: every missing layer of the unit, no flat
 * tree. A hardlink into a lower layer is looked up in the lower layer dirs,
 * topmost first (a whiteout between them is not consulted: such a link is
 * refused by umoci's flattening too).
 */
export async function fetchLayersOnly(p: Prepared, ctx: ConvertContext): Promise<void> {
  // The clone's destination must lie under a directory the published tree already has
  // (the real cvmfs_server refuses `-T` into a parent that is not there: "not on a known path").
  ensureDir(dirname(p.flat));
  const below: string[] = [];
  for (const { layer, diffId } of distributableLayers(p)) {
    ctx.signal?.throwIfAborted();
    const lowerDirs = [...below].reverse();
    const dir = await ensureLayer(p, layer, diffId, ctx, { resolveExternalLink: (t) => findInLayers(lowerDirs, t) });
    below.push(join(dir, 'layerfs'));
  }
}

/**
 * Clone mode, second transaction (opened with the bottom layer cloned at the
 * flat tree's final path, see cloneSource): the upper layers applied on top,
 * then the Apptainer files. The repository's content is not written twice.
 */
export async function completeClonedFlat(p: Prepared, ctx: ConvertContext): Promise<void> {
  const [, ...upper] = distributableLayers(p);
  for (const { layer } of upper) {
    ctx.signal?.throwIfAborted();
    const dir = join(ctx.root, layerDir(layer.digest));
    await applyLayer(join(dir, 'layerfs'), p.flat, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
  }
  finishFlat(p, p.flat);
}

/** Apptainer's files and the catalog marker, keeping the times of the root and `etc/`-like dirs the image gave. */
function finishFlat(p: Prepared, flat: string): void {
  keepingDirTimes(flat, () => {
    makeApptainerReady(flat, p.resolved.config.config ?? {}, p.log);
    touchIfMissing(join(flat, '.cvmfscatalog'));
  });
}

/**
 * The layer dir (relative to the root) whose tree is exactly the start of
 * this image's flat tree: its bottom layer, when that has no whiteout files
 * (they would be literal in a clone). Undefined: build the flat tree the
 * ordinary way.
 */
export function cloneSource(p: Prepared, root: string): string | undefined {
  const [bottom] = distributableLayers(p);
  if (!bottom) return undefined;
  const sidecar = readSidecar(join(root, layerDir(bottom.layer.digest)));
  return sidecar.whiteouts === 0 ? layerfsDir(bottom.layer.digest) : undefined;
}

async function buildFlat(p: Prepared, ctx: ConvertContext): Promise<void> {
  const tmpFlat = readableTempDir(ctx, dirname(p.flat), 'flat');
  try {
    for (const { layer, diffId } of distributableLayers(p)) {
      ctx.signal?.throwIfAborted();
      // A hardlink to a file of a lower layer: its content is in the flat tree built so far
      // (resolved inside that tree, never through a symlink out of it).
      const dir = await ensureLayer(p, layer, diffId, ctx, { lowerRoot: tmpFlat });
      await applyLayer(join(dir, 'layerfs'), tmpFlat, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
    }
    finishFlat(p, tmpFlat);
    renameIntoPlace(tmpFlat, p.flat);
  } catch (err) {
    rmSync(tmpFlat, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A build directory readable by everyone: mkdtemp makes it 0700, and as the
 * root of a layer or flat tree renamed into place it must not stay so (users
 * read /cvmfs as themselves). A tar entry for the root sets its own mode later.
 */
function readableTempDir(ctx: ConvertContext, parent: string, label: string): string {
  const dir = ctx.txn.tempDir(parent, label);
  chmodSync(dir, 0o755);
  return dir;
}

/** Where extractLayer finds the target of a hardlink into a lower layer. */
type LowerLookup = { lowerRoot: string } | { resolveExternalLink: (target: string) => string | undefined };

function findInLayers(layerfsDirs: string[], target: string): string | undefined {
  for (const root of layerfsDirs) {
    const p = resolveParentInRoot(root, target);
    try {
      const st = lstatSync(p);
      if (st.isFile() || st.isSymbolicLink()) return p;
    } catch {
      // not in this layer
    }
  }
  return undefined;
}

async function fetchLayer(p: Prepared, layer: Descriptor, diffId: string, dir: string, lower: LowerLookup, ctx: ConvertContext): Promise<void> {
  const tmp = readableTempDir(ctx, dirname(dir), 'layer');
  try {
    const blob = ctx.client.openBlob(p.resolved.ref, layer, {
      signal: ctx.signal,
      onProgress: (bytes) => ctx.emit({ type: 'layer-progress', ref: p.name, digest: layer.digest, bytes, size: layer.size }),
    });
    const result = await extractLayer(blob, join(tmp, 'layerfs'), {
      mediaType: layer.mediaType,
      expectedDiffId: diffId,
      limits: ctx.limits,
      label: `${p.name} layer ${layer.digest}`,
      logger: ctx.logger,
      ...lower,
    });
    // The marker must not cost the layer's `./` entry its mtime.
    keepingDirTimes(join(tmp, 'layerfs'), () => touchIfMissing(join(tmp, 'layerfs', '.cvmfscatalog')));
    writeLayerMetadata(tmp, {
      diffId: result.diffId,
      digest: layer.digest,
      size: result.uncompressedSize,
      created: p.resolved.config.created,
    });
    writeFileAtomic(join(tmp, '.metadata', SIDECAR), JSON.stringify({ ...sidecarOf(result), whiteouts: result.whiteouts }));
    p.stats.bytesDownloaded += layer.size;
    p.stats.layersFetched++;
    renameIntoPlace(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`fetching layer ${layer.digest}`, { cause: err });
  }
}

/** What applyLayer needs beyond the files (hardlinks into lower layers, directories without a tar entry). */
const SIDECAR = 'unpack.json';

const whiteoutCount = z.object({ whiteouts: z.number().int().nonnegative() });

/** The stored sidecar of a layer dir: applyLayer's options, and how many whiteout entries it has (undefined: unknown). */
function readSidecar(dir: string): { apply: ReturnType<typeof applyOptionsOf> | Record<string, never>; whiteouts?: number } {
  let text: string;
  try {
    text = readFileSync(join(dir, '.metadata', SIDECAR), 'utf8');
  } catch {
    return { apply: {} }; // a layer written by DUCC: no sidecar, every directory counts as explicit
  }
  const counted = whiteoutCount.safeParse(JSON.parse(text));
  return { apply: applyOptionsOf(parseSidecar(text)), whiteouts: counted.success ? counted.data.whiteouts : undefined };
}
