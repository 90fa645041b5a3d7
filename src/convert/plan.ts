/**
 * Pure decisions of a sync: what a request expands to, and whether a stored
 * record already matches what the registry serves now.
 */
import { formatImageRef, publicLinkPath, withTag, type ImageRef } from '../reference/index.ts';
import { formatPlatform, type Platform } from '../registry/index.ts';
import type { SyncRequest } from './types.ts';

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** One manifest to resolve and publish under one or more tags. */
export interface Unit {
  /** The reference the manifest is fetched with (the request's tag or digest). */
  ref: ImageRef;
  platform: Platform;
  /** Every name it is published under: the request's own and its extra tags. */
  names: ImageRef[];
  /** True when several platforms were asked for: links also go under .multiarch/. */
  multiarch: boolean;
  /** Which platform's flat tree the public (non-.multiarch) link shows. */
  primary: boolean;
}

export function planUnits(requests: SyncRequest[]): Unit[] {
  const units: Unit[] = [];
  const seen = new Set<string>();
  for (const req of requests) {
    const platforms = req.platforms?.length ? req.platforms : [DEFAULT_PLATFORM];
    const names = [req.ref, ...(req.extraTags ?? []).filter((t) => t !== req.ref.tag).map((t) => withTag(req.ref, t))];
    platforms.forEach((platform, i) => {
      const key = `${formatImageRef(req.ref)} ${formatPlatform(platform)} ${names.map(formatImageRef).join(',')}`;
      if (seen.has(key)) return; // the same request twice in one batch is done once
      seen.add(key);
      units.push({ ref: req.ref, platform, names, multiarch: platforms.length > 1, primary: i === 0 });
    });
  }
  return units;
}

/** What was stored by the last sync of one name (`.metadata/<name>/sync.json`). */
export interface StoredRecord {
  topDigest: string;
  configDigest: string;
  platform: string;
}

/**
 * A unit needs no work when, for every name, the stored record shows the
 * same top-level digest (tag unchanged upstream), the same platform, and the
 * flat tree it points at is present.
 */
export function isUnchanged(
  unit: Unit,
  topDigest: string,
  records: (StoredRecord | undefined)[],
  flatExists: (configDigest: string) => boolean,
): boolean {
  const platform = formatPlatform(unit.platform);
  return records.every(
    (r) => r !== undefined && r.topDigest === topDigest && r.platform === platform && flatExists(r.configDigest),
  );
}

export function linkPathsOf(unit: Unit): string[] {
  return unit.names.map(publicLinkPath);
}
