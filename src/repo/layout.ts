/**
 * The repository layout (DESIGN.md section 2): a contract shared with DUCC,
 * its garbage collector, Apptainer users and the containerd CVMFS snapshotter.
 * Every path here is relative to the repository root (`/cvmfs/<repo>` or the
 * target dir) and is built only from validated parts.
 *
 *   <root>/
 *   ├── .layers/                                   .cvmfscatalog
 *   │   └── <xx>/                                  .cvmfscatalog
 *   │       └── <hex>/                  (<hex> = compressed blob digest)
 *   │           ├── layerfs/                       .cvmfscatalog, one unpacked layer
 *   │           └── .metadata/
 *   │               ├── layers.json                diff ID, sizes, digests
 *   │               ├── origin.json                {"origin":["sha256:<config>",…]}
 *   │               ├── unpack.json                what flattening needs (hardlinks, implicit dirs, whiteouts)
 *   │               └── whiteouts.stored           cvmfs: the whiteouts are in layerfs/ (char 0:0)
 *   ├── .flat/                                     .cvmfscatalog
 *   │   └── <xx>/
 *   │       └── <hex>/                  (<hex> = image config digest = image ID)
 *   │           ├── .cvmfscatalog
 *   │           ├── .singularity.d/ …              Apptainer-ready root file system
 *   │           └── bin/ etc/ usr/ …
 *   ├── .chains/                                   .cvmfscatalog (cvmfs target; DUCC's too)
 *   │   └── <xx>/                                  .cvmfscatalog
 *   │       └── <hex>/                  (<hex> = DUCC's chain ID of a layer-list prefix)
 *   │           ├── .cvmfscatalog                  the prefix's layers flattened (no Apptainer
 *   │           └── bin/ etc/ usr/ …               files): a clone source for flat trees
 *   ├── .metadata/
 *   │   ├── <registry>/<repository>:<tag>/         manifest.json (DUCC's form),
 *   │   │                                          manifest.raw.json, config.json, sync.json
 *   │   └── .multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>/   (same files)
 *   ├── .multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>
 *   │                                   -> ../../…/.flat/<xx>/<hex>   (relative symlink)
 *   └── <registry>/<repository>:<tag>   -> ../../.flat/<xx>/<hex>     (relative symlink)
 *
 * A reference by digest uses `<repository>@sha256:<hex>` in place of
 * `<repository>:<tag>`. A registry port stays in the name (`host:5005/…`).
 */

export const LAYERS_DIR = '.layers';
export const FLAT_DIR = '.flat';
export const CHAINS_DIR = '.chains';
export const METADATA_DIR = '.metadata';
export const MULTIARCH_DIR = '.multiarch';
export const CATALOG_MARKER = '.cvmfscatalog';

/** Names at the top of the repository that no image link may take (`podmanStore`: src/podman/layout.ts). */
export const RESERVED_TOP_LEVEL = [LAYERS_DIR, FLAT_DIR, CHAINS_DIR, METADATA_DIR, MULTIARCH_DIR, CATALOG_MARKER, 'podmanStore'] as const;

export class LayoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LayoutError';
  }
}

const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;

/**
 * The hex part of a sha256 digest. Anything else is refused, so a hostile
 * manifest can never steer a path with '/', '..' or an odd length.
 */
export function digestHex(digest: string): string {
  const m = DIGEST_RE.exec(digest);
  if (!m) throw new LayoutError(`invalid digest ${JSON.stringify(digest)}: expected sha256: and 64 lower-case hex digits`);
  return m[1]!;
}

/** Whether the string is a digest this layout accepts. */
export function isDigest(digest: string): boolean {
  return DIGEST_RE.test(digest);
}

function sharded(base: string, digest: string): string {
  const hex = digestHex(digest);
  return `${base}/${hex.slice(0, 2)}/${hex}`;
}

/** `.layers/<xx>/<hex>` for a layer's compressed blob digest. */
export function layerDir(digest: string): string {
  return sharded(LAYERS_DIR, digest);
}

/** `.layers/<xx>/<hex>/layerfs`: the path the CVMFS snapshotter bind-mounts. */
export function layerfsDir(digest: string): string {
  return `${layerDir(digest)}/layerfs`;
}

/** `.layers/<xx>/<hex>/.metadata` */
export function layerMetaDir(digest: string): string {
  return `${layerDir(digest)}/${METADATA_DIR}`;
}

/**
 * `.layers/<xx>/<hex>/.metadata/whiteouts.stored`: written (on cvmfs) by the same ingest
 * that stores the layer's whiteouts, so its presence says they are in (docs/cvmfs.md).
 */
export function layerWhiteoutStamp(digest: string): string {
  return `${layerMetaDir(digest)}/whiteouts.stored`;
}

/** `.flat/<xx>/<hex>` for an image config digest (the image ID). */
export function flatDir(configDigest: string): string {
  return sharded(FLAT_DIR, configDigest);
}

/** `.chains/<xx>/<hex>` for a chain ID (`sha256:<hex>`). */
export function chainDir(chainId: string): string {
  return sharded(CHAINS_DIR, chainId);
}

/** A platform as the `.multiarch` layout names it: `<arch>` or `<arch>:<variant>`. */
export interface ArchSpec {
  architecture: string;
  variant?: string | undefined;
}

const ARCH_RE = /^[a-z0-9][a-z0-9_.-]{0,31}$/i;

/** `amd64`, `arm64:v8`: one path segment, validated. */
export function archSegment(platform: ArchSpec): string {
  const { architecture, variant } = platform;
  if (!ARCH_RE.test(architecture)) throw new LayoutError(`invalid architecture ${JSON.stringify(architecture)}`);
  if (variant === undefined || variant === '') return architecture;
  if (!ARCH_RE.test(variant)) throw new LayoutError(`invalid platform variant ${JSON.stringify(variant)}`);
  return `${architecture}:${variant}`;
}

/**
 * Checks a link path from src/reference (`<registry>/<repository>:<tag>` or
 * `…@sha256:<hex>`): relative, no empty/'.'/'..' segment, no NUL, and not
 * starting with one of the layout's own top-level names or any dot name.
 */
export function checkLinkPath(linkPath: string): string {
  const fail = (why: string): never => {
    throw new LayoutError(`invalid image link path ${JSON.stringify(linkPath)}: ${why}`);
  };
  if (linkPath.includes('\0')) fail('contains NUL');
  if (linkPath.includes('\\')) fail('contains a backslash');
  const segments = linkPath.split('/');
  if (segments.length < 2) fail('expected <registry>/<repository>:<tag>');
  for (const s of segments) {
    // Each rule keeps the link inside its own subtree of the repository.
    if (s === '' ) fail('empty path segment (absolute path or "//")');
    if (s === '.' || s === '..') fail('"." or ".." segment');
  }
  if (segments[0]!.startsWith('.')) fail('the registry name may not start with "."');
  const last = segments[segments.length - 1]!;
  if (!last.includes(':') && !last.includes('@')) fail('the last segment has neither :tag nor @digest');
  return linkPath;
}

/** The public link: `<registry>/<repository>:<tag>`. */
export function publicLink(linkPath: string): string {
  return checkLinkPath(linkPath);
}

/** `.metadata/<registry>/<repository>:<tag>` */
export function metadataDir(linkPath: string): string {
  return `${METADATA_DIR}/${checkLinkPath(linkPath)}`;
}

/** `.multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>` */
export function multiarchLink(linkPath: string, platform: ArchSpec): string {
  return `${MULTIARCH_DIR}/${archSegment(platform)}/${checkLinkPath(linkPath)}`;
}

/** `.metadata/.multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>` */
export function multiarchMetadataDir(linkPath: string, platform: ArchSpec): string {
  return `${METADATA_DIR}/${multiarchLink(linkPath, platform)}`;
}

/**
 * The symlink target, relative to the link's own directory, that reaches the
 * flat dir: one `..` per directory the link sits in.
 * `registry.hub.docker.com/library/centos:centos7` → `../../.flat/7b/7b47…`.
 */
export function relativeTarget(linkRelPath: string, configDigest: string): string {
  const depth = linkRelPath.split('/').length - 1;
  return `${'../'.repeat(depth)}${flatDir(configDigest)}`;
}

/** The relative target of the public link of `linkPath`. */
export function relativeLinkTarget(linkPath: string, configDigest: string): string {
  return relativeTarget(publicLink(linkPath), configDigest);
}

/** The relative target of the `.multiarch` link of `linkPath` for one platform. */
export function relativeMultiarchTarget(linkPath: string, platform: ArchSpec, configDigest: string): string {
  return relativeTarget(multiarchLink(linkPath, platform), configDigest);
}

/** Catalog markers that exist once per repository. */
export const FIXED_CATALOG_MARKERS = [`${LAYERS_DIR}/${CATALOG_MARKER}`, `${FLAT_DIR}/${CATALOG_MARKER}`] as const;

/**
 * Every `.cvmfscatalog` marker the layout asks for, for the given layers and
 * flat dirs: `.layers/`, `.layers/<xx>/`, each `layerfs/`, `.flat/`, each
 * `.flat/<xx>/<hex>/`. Sorted, no duplicates.
 */
export function catalogMarkers(opts: { layers?: readonly string[]; flats?: readonly string[] } = {}): string[] {
  const out = new Set<string>(FIXED_CATALOG_MARKERS);
  for (const d of opts.layers ?? []) {
    const hex = digestHex(d);
    out.add(`${LAYERS_DIR}/${hex.slice(0, 2)}/${CATALOG_MARKER}`);
    out.add(`${layerfsDir(d)}/${CATALOG_MARKER}`);
  }
  for (const d of opts.flats ?? []) out.add(`${flatDir(d)}/${CATALOG_MARKER}`);
  return [...out].sort();
}
