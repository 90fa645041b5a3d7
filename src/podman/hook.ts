/**
 * The engine's hook: after the images of a transaction are converted and
 * before it is committed, their store entries are added, read back from what
 * the transaction wrote (`.metadata/<name>/`, `.layers/…/.metadata/`), so the
 * engine hands over nothing but its results. One load and one save of the
 * two index files per transaction, whatever the number of images.
 *
 * What the store holds: each published name once, for the platform its
 * public link shows (the first one asked for); other platforms of a
 * multi-platform image are only under `.multiarch/` and not in the store
 * (containers/storage allows a name on one image only). A Docker Hub image
 * (`registry.hub.docker.com/…`) is also named `docker.io/…`, the name podman
 * resolves short names to.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ImageResult } from '../convert/types.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import { layerMetaDir, metadataDir } from '../repo/layout.ts';
import { METADATA_FILES, recordsConfig } from '../repo/metadata.ts';
import { parseImageRef, publicLinkPath } from '../reference/index.ts';
import { isForeignLayer } from '../layer/index.ts';
import { addImage, StoreIndexes, type StoreImage } from './store.ts';

const manifestSchema = z.object({
  layers: z.array(z.object({ mediaType: z.string().optional(), digest: z.string(), size: z.number() })),
});
const configSchema = z.object({
  created: z.string().optional(),
  rootfs: z.object({ diff_ids: z.array(z.string()) }),
});
const layersJsonSchema = z.array(z.object({ 'diff-size': z.number().optional() })).optional();

const HUB = 'registry.hub.docker.com/';

/** The store's names of a published link path. */
export function storeNames(linkPath: string): string[] {
  return linkPath.startsWith(HUB) ? [linkPath, `docker.io/${linkPath.slice(HUB.length)}`] : [linkPath];
}

/** What addImage needs for the name `linkPath`, from the repository. */
export function readStoreImage(root: string, linkPath: string, manifestDigest: string, configDigest: string): StoreImage {
  const meta = join(root, metadataDir(linkPath));
  const manifestBytes = readFileSync(join(meta, METADATA_FILES.rawManifest));
  const configBytes = readFileSync(join(meta, METADATA_FILES.config));
  const manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  const config = configSchema.parse(JSON.parse(configBytes.toString('utf8')));
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) throw new Error(`the config lists ${diffIds.length} diff IDs for ${manifest.layers.length} layers`);
  const layers = manifest.layers.flatMap((l, i) => {
    if (isForeignLayer(l.mediaType ?? '')) return [];
    let diffSize: number | undefined;
    try {
      diffSize = layersJsonSchema.parse(JSON.parse(readFileSync(join(root, layerMetaDir(l.digest), 'layers.json'), 'utf8')))?.[0]?.['diff-size'];
    } catch {
      diffSize = undefined; // the size is informative only (podman images' SIZE column)
    }
    return [{ digest: l.digest, diffId: diffIds[i]!, compressedSize: l.size, diffSize }];
  });
  return {
    names: storeNames(linkPath),
    manifestDigest,
    configDigest,
    manifestBytes,
    configBytes,
    layers,
    created: config.created && !Number.isNaN(Date.parse(config.created)) ? config.created : new Date().toISOString(),
  };
}

/**
 * Adds the published images among `results` to the store under `root`.
 * Returns the results, an image whose entry could not be added marked
 * failed with the reason (its links stay: the next run adds it, as the
 * no-op check also asks for the store entry).
 */
export function updatePodmanStore(root: string, results: ImageResult[], logger: Logger): ImageResult[] {
  const wanted = results.filter((r) => r.status !== 'failed' && r.configDigest && r.digest);
  if (wanted.length === 0) return results;
  const idx = new StoreIndexes(root);
  const failed = new Map<ImageResult, string>();
  for (const r of wanted) {
    const linkPath = publicLinkPath(parseImageRef(r.ref));
    if (!recordsConfig(root, linkPath, r.configDigest!)) continue; // not the platform of the public name
    try {
      addImage(root, idx, readStoreImage(root, linkPath, r.digest!, r.configDigest!));
    } catch (err) {
      const reason = `adding to the podman store: ${describeError(err)}`;
      logger.warn('podman store entry not added', { image: r.ref, error: reason });
      failed.set(r, reason);
    }
  }
  idx.save();
  return results.map((r) => (failed.has(r) ? { ...r, status: 'failed', error: failed.get(r)! } : r));
}
