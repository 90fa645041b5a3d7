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
import { dirname, join, relative } from 'node:path';
import { formatImageRef } from '../reference/index.ts';
import { formatPlatform, type Descriptor, type FetchedManifest, type RegistryClient, type ResolvedImage } from '../registry/index.ts';
import { applyLayer, applyOptionsOf, extractLayer, isForeignLayer, keepingDirTimes, parseSidecar, resolveParentInRoot, sidecarOf, type LayerLimits } from '../layer/index.ts';
import {
  CATALOG_MARKER,
  CHAINS_DIR,
  FLAT_DIR,
  addLayerOrigin,
  ensureCatalogMarkers,
  ensureDir,
  flatDir,
  layerDir,
  layerfsDir,
  layerWhiteoutStamp,
  makeApptainerReady,
  publishImage,
  removeTree,
  renameIntoPlace,
  touchIfMissing,
  writeFileAtomic,
  writeLayerMetadata,
} from '../repo/index.ts';
import type { LayerWhiteouts, Transaction } from '../publish/index.ts';
import { publicLinkPath } from '../reference/index.ts';
import type { Logger } from '../log/logger.ts';
import type { Unit } from './plan.ts';
import { planTrees, type TreeStep } from './chains.ts';
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
  /**
   * The target's commit drops whiteout files (cvmfs): each layer with markers whose
   * whiteouts are not stored yet goes into Prepared.whiteouts, for Publisher.storeWhiteouts.
   */
  storesWhiteouts?: boolean;
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
  /** Layers whose whiteouts the publisher must still store (ConvertContext.storesWhiteouts). */
  whiteouts: LayerWhiteouts[];
  /** Layer dirs this unit fetched (removed again with --skip-layers). */
  fetched: string[];
}

export async function prepareUnit(unit: Unit, top: FetchedManifest, ctx: Pick<ConvertContext, 'client' | 'root' | 'logger'>): Promise<Prepared> {
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
    whiteouts: [],
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
  if (ctx.storesWhiteouts) {
    // Also for a layer published before whose whiteouts did not get in (the ingest failed).
    const markers = readSidecar(dir).apply.markers ?? [];
    if (markers.length > 0 && !existsSync(join(ctx.root, layerWhiteoutStamp(layer.digest)))) {
      p.whiteouts.push({ layerfs: layerfsDir(layer.digest), markers, stamp: layerWhiteoutStamp(layer.digest) });
    }
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
export async function fetchLayersOnly(p: Prepared, ctx: ConvertContext): Promise<TreeStep[] | undefined> {
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
  return planSteps(p, ctx.root);
}

/**
 * Clone mode, each further transaction: one tree of the plan (see chains.ts),
 * opened with its clone source already copied to `step.dst` by the server (or,
 * without one, built under a temporary name and renamed into place): the
 * step's layers applied on top, for the flat tree then the Apptainer files.
 * The repository's content is not written twice.
 */
export async function buildTreeStep(p: Prepared, step: TreeStep, ctx: ConvertContext): Promise<void> {
  const layers = distributableLayers(p);
  const dst = join(ctx.root, step.dst);
  const tree = step.src ? dst : readableTempDir(ctx, dirname(dst), step.flat ? 'flat' : 'chain');
  try {
    for (const i of step.layers) {
      ctx.signal?.throwIfAborted();
      const { layer } = layers[i]!;
      const dir = join(ctx.root, layerDir(layer.digest));
      await applyLayer(join(dir, 'layerfs'), tree, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
    }
    if (step.flat) finishFlat(p, tree);
    else keepingDirTimes(tree, () => touchIfMissing(join(tree, '.cvmfscatalog')));
    if (!step.src) renameIntoPlace(tree, dst);
  } catch (err) {
    if (!step.src) rmSync(tree, { recursive: true, force: true });
    throw err;
  }
}

/** Apptainer's files and the catalog marker, keeping the times of the root and `etc/`-like dirs the image gave. */
function finishFlat(p: Prepared, flat: string): void {
  keepingDirTimes(flat, () => {
    makeApptainerReady(flat, p.resolved.config.config ?? {}, p.log);
    touchIfMissing(join(flat, '.cvmfscatalog'));
  });
}

/**
 * An update whose flat tree is one clone away: a published chain of all its
 * layers but at most the top one, and the flat dir's parent published. Then
 * one transaction does it all (see applyQuick). Undefined: the ordinary plan.
 */
export function quickStep(p: Prepared, root: string): TreeStep | undefined {
  const layers = distributableLayers(p);
  if (layers.length !== p.resolved.manifest.layers.length || layers.length < 2) return undefined;
  const flat = relative(root, p.flat);
  if (!existsSync(join(root, dirname(flat)))) return undefined;
  const steps = planTrees({ layers: layers.map((l) => l.layer.digest), flat, exists: (rel) => existsSync(join(root, rel)) });
  const [only] = steps;
  return steps.length === 1 && only?.src !== undefined && only.src.startsWith(`${CHAINS_DIR}/`) ? only : undefined;
}

/**
 * The one transaction of a quick update (opened with the chain cloned at the
 * flat dir): the missing layers fetched into .layers/, the step's layers
 * applied from them (what each layer says, not a read-back), the Apptainer
 * files. Their whiteouts are stored after the publish (Prepared.whiteouts).
 */
export async function applyQuick(p: Prepared, step: TreeStep, ctx: ConvertContext): Promise<void> {
  const below: string[] = [];
  for (const { layer, diffId } of distributableLayers(p)) {
    ctx.signal?.throwIfAborted();
    const lowerDirs = [...below].reverse();
    const dir = await ensureLayer(p, layer, diffId, ctx, { resolveExternalLink: (t) => findInLayers(lowerDirs, t) });
    below.push(join(dir, 'layerfs'));
  }
  await buildTreeStep(p, step, ctx);
}

/** Every `<xx>` shard of .flat/ and .chains/: a later clone into any of them is then on a published path. */
export function ensureShards(root: string): void {
  for (let i = 0; i < 256; i++) {
    const xx = i.toString(16).padStart(2, '0');
    ensureDir(join(root, FLAT_DIR, xx));
    ensureDir(join(root, CHAINS_DIR, xx));
  }
}

/**
 * The trees to build for this image's flat tree, in order (chains.ts), their
 * parent dirs created in this (the layers') transaction: the real server
 * refuses `-T` into a parent that is not published ("not on a known path").
 * Undefined: build it the ordinary way (a layer the image skips).
 */
function planSteps(p: Prepared, root: string): TreeStep[] | undefined {
  const layers = distributableLayers(p);
  if (layers.length !== p.resolved.manifest.layers.length || layers.length === 0) return undefined;
  const bottom = layers[0]!.layer.digest;
  const steps = planTrees({
    layers: layers.map((l) => l.layer.digest),
    flat: relative(root, p.flat),
    bottomClone: readSidecar(join(root, layerDir(bottom))).whiteouts === 0 ? layerfsDir(bottom) : undefined,
    exists: (rel) => existsSync(join(root, rel)),
  });
  for (const step of steps) {
    ensureDir(join(root, dirname(step.dst)));
    if (!step.flat) {
      // As DUCC: a catalog for .chains/ and each .chains/<xx>/.
      touchIfMissing(join(root, CHAINS_DIR, CATALOG_MARKER));
      touchIfMissing(join(root, dirname(step.dst), CATALOG_MARKER));
    }
  }
  return steps;
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
function readSidecar(dir: string): { apply: Partial<ReturnType<typeof applyOptionsOf>>; whiteouts?: number } {
  let text: string;
  try {
    text = readFileSync(join(dir, '.metadata', SIDECAR), 'utf8');
  } catch {
    return { apply: {} }; // a layer written by DUCC: no sidecar, every directory counts as explicit
  }
  const counted = whiteoutCount.safeParse(JSON.parse(text));
  return { apply: applyOptionsOf(parseSidecar(text)), whiteouts: counted.success ? counted.data.whiteouts : undefined };
}
