/**
 * The outputs beside the layers and flat trees, each in its own module and
 * called from two small hooks of the engine:
 *
 * - before a transaction is committed: the podman store entries of its
 *   images (src/podman), in the same transaction;
 * - after it is published: the thin images (src/thin), pushed to a registry.
 *
 * DUCC's switches turn them off (`--skip-podman`, `--skip-thin-image`).
 */
import type { Logger } from '../log/logger.ts';
import type { Publisher } from '../publish/index.ts';
import type { ImageResult } from './types.ts';
import type { ThinOptions } from '../thin/types.ts';
import { storeHasImage } from '../podman/present.ts';

export interface OutputOptions {
  /** The flat trees and public links (default on; --skip-flat). */
  flat?: boolean;
  /** The layer dirs (default on; --skip-layers: used to build the flat tree, then removed). */
  layers?: boolean;
  /** The podman store `podmanStore/` (default on). */
  podman?: boolean;
  /** Thin images; pushed only when set (and not skipped). */
  thin?: ThinOptions;
}

/** Before commit: the results with the store's verdict (an image whose entry failed is failed). */
export async function beforeCommit(root: string, results: ImageResult[], outputs: OutputOptions | undefined, logger: Logger): Promise<ImageResult[]> {
  if (outputs?.podman === false || outputs?.layers === false) return results;
  const { updatePodmanStore } = await import('../podman/hook.ts');
  return updatePodmanStore(root, results, logger);
}

/** Phase one's extra condition for "unchanged": the store has the image (when the store is on). */
export function storeCheck(outputs: OutputOptions | undefined): (root: string, configDigest: string) => boolean {
  if (outputs?.podman === false || outputs?.layers === false) return () => true;
  return storeHasImage;
}

/** After the last publish: thin images of what was published (when asked for). */
export async function afterPublish(
  results: ImageResult[],
  publisher: Publisher,
  outputs: OutputOptions | undefined,
  logger: Logger,
  signal?: AbortSignal,
): Promise<ImageResult[]> {
  if (!outputs?.thin || outputs.layers === false || !results.some((r) => r.status === 'published' || r.status === 'updated')) return results;
  const { pushThinImages } = await import('../thin/hook.ts');
  return pushThinImages(results, publisher, outputs.thin, logger, signal);
}

/** DUCC's switches and the thin-image settings, from the CLI, a recipe or agent.yaml. */
export interface OutputSwitches {
  skipFlat?: boolean | undefined;
  skipLayers?: boolean | undefined;
  skipPodman?: boolean | undefined;
  skipThinImage?: boolean | undefined;
  /** `output_format` of a recipe, or `--thin-image-name`. */
  thinImageName?: string | undefined;
  /** The output registry's user (`user` of a recipe, `--thin-user`); the password is DUCC_OUTPUT_REGISTRY_PASS. */
  user?: string | undefined;
  password?: string | undefined;
}

/**
 * The outputs the switches ask for. As in DUCC, --skip-layers implies
 * --skip-podman and --skip-thin-image (both stand on the layer dirs), and a
 * thin image is pushed only when it has a name. Throws when nothing would
 * be published.
 */
export function outputOptions(s: OutputSwitches): OutputOptions {
  if (s.skipFlat && s.skipLayers) throw new Error('--skip-flat and --skip-layers together leave nothing to publish');
  const out: OutputOptions = {};
  if (s.skipFlat) out.flat = false;
  if (s.skipLayers) out.layers = false;
  if (s.skipPodman || s.skipLayers) out.podman = false;
  if (s.thinImageName && !s.skipThinImage && !s.skipLayers) {
    out.thin = { nameFormat: s.thinImageName, ...(s.user ? { user: s.user } : {}), ...(s.password !== undefined ? { password: s.password } : {}) };
  }
  return out;
}
