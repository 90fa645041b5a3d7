/**
 * Taking over a repository that DUCC wrote (issue 11, docs/cvmfs.md
 * "Migration from DUCC"): DUCC leaves `.metadata/<name>/manifest.json` (its
 * re-serialisation of the manifest) and the public link, but none of our
 * `sync.json`. An image DUCC published is unchanged for us when the registry
 * still serves the manifest DUCC stored (same config and layers), the link
 * points at that flat tree, and the tree is there: then nothing is published.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_DIR, parseDuccManifest, relativeLinkTarget } from '../repo/index.ts';
import type { FetchedManifest } from '../registry/index.ts';
import { z } from 'zod';

export interface DuccImage {
  configDigest: string;
  layerDigests: string[];
  /** Where the public link points (relative), undefined: no link. */
  linkTarget: string | undefined;
}

/** What DUCC left for one public name, or undefined (no readable manifest.json). */
export function readDuccImage(root: string, linkPath: string): DuccImage | undefined {
  let parsed: { configDigest: string; layerDigests: string[] };
  try {
    parsed = parseDuccManifest(readFileSync(join(root, METADATA_DIR, linkPath, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  let linkTarget: string | undefined;
  try {
    linkTarget = readlinkSync(join(root, linkPath));
  } catch {
    linkTarget = undefined;
  }
  return { ...parsed, linkTarget };
}

const imageManifest = z.object({
  config: z.object({ digest: z.string() }),
  layers: z.array(z.object({ digest: z.string() })),
});

/**
 * Pure: whether the manifest the tag points at now is the one DUCC published
 * under `linkPath` (an image manifest, not an index: DUCC stores the
 * platform's manifest, and an index would need another request to compare).
 */
export function duccUnchanged(linkPath: string, top: FetchedManifest, ducc: DuccImage | undefined, flatExists: (configDigest: string) => boolean): boolean {
  if (!ducc) return false;
  let m: z.infer<typeof imageManifest>;
  try {
    const parsed = imageManifest.safeParse(JSON.parse(top.raw.toString('utf8')));
    if (!parsed.success) return false;
    m = parsed.data;
  } catch {
    return false;
  }
  return (
    m.config.digest === ducc.configDigest &&
    m.layers.length === ducc.layerDigests.length &&
    m.layers.every((l, i) => l.digest === ducc.layerDigests[i]) &&
    ducc.linkTarget === relativeLinkTarget(linkPath, ducc.configDigest) &&
    flatExists(ducc.configDigest)
  );
}
