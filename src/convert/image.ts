/**
 * One unit (a manifest for one platform, published under one or more names)
 * converted inside an open transaction:
 *
 *   1. resolve the manifest and config (index → platform manifest → config);
 *   2. if the flat tree of this image ID exists, only metadata and links change;
 *   3. else build the flat tree under a temporary name: each layer that is not
 *      in .layers/ yet is streamed from the registry and unpacked once (under a
 *      temporary name, renamed into place), then applied onto the flat tree
 *      (files hardlinked from the layer: content is written once);
 *   4. make it Apptainer-ready, rename it into place;
 *   5. record origins, metadata and the public links.
 *
 * Every directory appears under its final name complete or not at all.
 */
import { rmSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatImageRef } from '../reference/index.ts';
import { formatPlatform, type Descriptor, type FetchedManifest, type RegistryClient, type ResolvedImage } from '../registry/index.ts';
import { applyLayer, applyOptionsOf, extractLayer, isForeignLayer, parseSidecar, sidecarOf, type LayerLimits } from '../layer/index.ts';
import {
  addLayerOrigin,
  ensureCatalogMarkers,
  flatDir,
  layerDir,
  makeApptainerReady,
  publishImage,
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

export interface ConvertContext {
  client: RegistryClient;
  txn: Transaction;
  root: string;
  logger: Logger;
  emit: (event: SyncEvent) => void;
  signal?: AbortSignal;
  limits?: Partial<LayerLimits>;
  started: number;
}

interface Stats {
  bytesDownloaded: number;
  layersFetched: number;
  layersReused: number;
}

export async function convertUnit(unit: Unit, top: FetchedManifest, ctx: ConvertContext): Promise<ImageResult[]> {
  const resolved = await ctx.client.resolve(unit.ref, { platform: unit.platform, top });
  const stats: Stats = { bytesDownloaded: 0, layersFetched: 0, layersReused: 0 };
  const flat = join(ctx.root, flatDir(resolved.configDigest));
  const name = formatImageRef(unit.names[0]!);
  const log = ctx.logger.child({ image: name });

  if (!existsSync(flat)) {
    await buildFlat(resolved, flat, name, ctx, stats, log);
  } else {
    log.debug('flat tree present', { flat });
    stats.layersReused = resolved.manifest.layers.length;
  }
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
    });
    results.push({
      ref: formatImageRef(n),
      status: 'published',
      digest: resolved.manifestDigest,
      configDigest: resolved.configDigest,
      platform: formatPlatform(resolved.platform),
      path,
      timings: { totalMs: Date.now() - ctx.started, ...stats },
    });
  }
  return results;
}

async function buildFlat(resolved: ResolvedImage, flat: string, name: string, ctx: ConvertContext, stats: Stats, log: Logger): Promise<void> {
  const tmpFlat = ctx.txn.tempDir(dirname(flat), 'flat');
  try {
    const diffIds = resolved.config.rootfs.diff_ids;
    if (diffIds.length !== resolved.manifest.layers.length) {
      throw new Error(`the config lists ${diffIds.length} diff IDs for ${resolved.manifest.layers.length} layers`);
    }
    for (const [i, layer] of resolved.manifest.layers.entries()) {
      ctx.signal?.throwIfAborted();
      if (isForeignLayer(layer.mediaType)) {
        log.warn('skipping a non-distributable layer', { layer: layer.digest, mediaType: layer.mediaType });
        continue;
      }
      const dir = join(ctx.root, layerDir(layer.digest));
      const t0 = Date.now();
      ctx.emit({ type: 'layer-start', ref: name, digest: layer.digest, size: layer.size });
      let reused = true;
      if (!existsSync(dir)) {
        reused = false;
        await fetchLayer(resolved, layer, diffIds[i]!, dir, tmpFlat, name, ctx, stats);
      } else {
        stats.layersReused++;
      }
      ctx.emit({ type: 'layer-done', ref: name, digest: layer.digest, size: layer.size, ms: Date.now() - t0, reused });
      await applyLayer(join(dir, 'layerfs'), tmpFlat, { ...readSidecar(dir), logger: log, label: `${name} layer ${layer.digest}` });
    }
    makeApptainerReady(tmpFlat, resolved.config.config ?? {}, log);
    touchIfMissing(join(tmpFlat, '.cvmfscatalog'));
    renameIntoPlace(tmpFlat, flat);
  } catch (err) {
    rmSync(tmpFlat, { recursive: true, force: true });
    throw err;
  }
}

async function fetchLayer(
  resolved: ResolvedImage,
  layer: Descriptor,
  diffId: string,
  dir: string,
  flatSoFar: string,
  name: string,
  ctx: ConvertContext,
  stats: Stats,
): Promise<void> {
  const tmp = ctx.txn.tempDir(dirname(dir), 'layer');
  try {
    const blob = ctx.client.openBlob(resolved.ref, layer, {
      signal: ctx.signal,
      onProgress: (bytes) => ctx.emit({ type: 'layer-progress', ref: name, digest: layer.digest, bytes, size: layer.size }),
    });
    const result = await extractLayer(blob, join(tmp, 'layerfs'), {
      mediaType: layer.mediaType,
      expectedDiffId: diffId,
      limits: ctx.limits,
      label: `${name} layer ${layer.digest}`,
      logger: ctx.logger,
      // A hardlink to a file of a lower layer: its content is in the flat tree built so far
      // (resolved inside that tree, never through a symlink out of it).
      lowerRoot: flatSoFar,
    });
    touchIfMissing(join(tmp, 'layerfs', '.cvmfscatalog'));
    writeLayerMetadata(tmp, {
      diffId: result.diffId,
      digest: layer.digest,
      size: result.uncompressedSize,
      created: resolved.config.created,
    });
    writeFileAtomic(join(tmp, '.metadata', SIDECAR), JSON.stringify(sidecarOf(result)));
    stats.bytesDownloaded += layer.size;
    stats.layersFetched++;
    renameIntoPlace(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`fetching layer ${layer.digest}`, { cause: err });
  }
}

/** What applyLayer needs beyond the files (hardlinks into lower layers, directories without a tar entry). */
const SIDECAR = 'unpack.json';

function readSidecar(dir: string) {
  let text: string;
  try {
    text = readFileSync(join(dir, '.metadata', SIDECAR), 'utf8');
  } catch {
    return {}; // a layer written by DUCC: no sidecar, every directory counts as explicit
  }
  return applyOptionsOf(parseSidecar(text));
}
