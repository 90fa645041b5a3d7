/**
 * Publishing a name: the metadata of `.metadata/<name>/`, then the relative
 * symlink `<name> -> ../../.flat/<xx>/<hex>` swapped atomically, then the
 * sync record (last: it says "done" for the no-op check). With several
 * platforms, each also gets `.multiarch/<arch>/<name>` and its own metadata.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replaceSymlink } from './atomic.ts';
import type { ManifestLike } from './ducc-json.ts';
import {
  flatDir,
  metadataDir,
  multiarchLink,
  multiarchMetadataDir,
  publicLink,
  relativeLinkTarget,
  relativeMultiarchTarget,
} from './layout.ts';
import { writeImageMetadata, writeSyncRecord } from './metadata.ts';

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string | undefined;
}

/** `linux/amd64`, `linux/arm64/v8`: the platform text stored in sync.json. */
export function platformText(p: PlatformSpec): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

export interface ImagePublication {
  /** `<registry>/<repository>:<tag>` or `…@sha256:…` (src/reference `publicLinkPath`). */
  linkPath: string;
  /** The reference as the user names it (stored in sync.json). */
  ref: string;
  /** Digest of what the tag points at now (an index or a manifest): the no-op check compares it. */
  topDigest: string;
  manifestDigest: string;
  configDigest: string;
  platform: PlatformSpec;
  manifest: ManifestLike;
  manifestBytes: Uint8Array | string;
  configBytes: Uint8Array | string;
  /** Also publish under `.multiarch/<arch>[:<variant>]/` (several platforms asked for). */
  multiarch?: boolean;
  /** Whether the public link shows this platform (default true). */
  primary?: boolean;
  /** False (--skip-flat): metadata and record only, no link and no flat dir needed. */
  link?: boolean;
  syncedAt?: Date;
}

/**
 * Writes metadata and links of one name for one platform into `root`.
 * Returns the absolute paths of the links written. The flat dir must exist.
 */
export function publishImage(root: string, img: ImagePublication): string[] {
  const flat = join(root, flatDir(img.configDigest));
  if (img.link !== false && !existsSync(flat)) throw new Error(`linking ${img.linkPath}: the flat dir ${flatDir(img.configDigest)} does not exist`);
  const record = {
    ref: img.ref,
    topDigest: img.topDigest,
    manifestDigest: img.manifestDigest,
    configDigest: img.configDigest,
    platform: platformText(img.platform),
    syncedAt: (img.syncedAt ?? new Date()).toISOString(),
  };
  const links: string[] = [];
  const place = (metaRel: string, linkRel: string, target: string) => {
    const metaAbs = join(root, metaRel);
    writeImageMetadata(metaAbs, img);
    if (img.link !== false) replaceSymlink(join(root, linkRel), target);
    writeSyncRecord(metaAbs, record);
    links.push(join(root, linkRel));
  };
  if (img.primary !== false) {
    place(metadataDir(img.linkPath), publicLink(img.linkPath), relativeLinkTarget(img.linkPath, img.configDigest));
  }
  if (img.multiarch) {
    place(
      multiarchMetadataDir(img.linkPath, img.platform),
      multiarchLink(img.linkPath, img.platform),
      relativeMultiarchTarget(img.linkPath, img.platform, img.configDigest),
    );
  }
  return links;
}
