/**
 * Options and results of extracting a layer (`extractLayer`) and of applying
 * an extracted layer onto a flat root file system (`applyLayer`).
 */
import type { Logger } from '../log/logger.ts';

export interface LayerLimits {
  /** Tar entries (files, directories, links, whiteouts; not pax/GNU meta headers). */
  maxEntries: number;
  /** Total uncompressed bytes of entry contents (file data and extension headers). */
  maxBytes: number;
  /** Length in bytes of an entry name or link target after cleaning. */
  maxPathLength: number;
}

export const DEFAULT_LIMITS: LayerLimits = {
  maxEntries: 1_000_000,
  maxBytes: 64 * 1024 ** 3,
  maxPathLength: 4096,
};

/** A hardlink whose target is in a lower layer: in the flat tree `path` becomes a link to `target`. */
export interface ExternalLink {
  path: string;
  target: string;
}

export interface ExtractOptions {
  mediaType: string;
  /** `sha256:<hex>` of the uncompressed tar; checked after the last byte. */
  expectedDiffId?: string;
  limits?: Partial<LayerLimits>;
  /** Restore numeric uid/gid; default: when running as root. */
  sameOwner?: boolean;
  /**
   * The flat tree built from the lower layers, for hardlinks whose target is
   * not in this layer: the target is looked up inside it with its symlinks
   * resolved within that root (never outside it). Preferred over `resolveExternalLink`.
   */
  lowerRoot?: string;
  /**
   * For a hardlink whose target is not in this layer: the absolute path of the
   * target in the flat tree built from the lower layers, or undefined. The
   * callback must not follow symlinks out of that tree (use `resolveParentInRoot`).
   */
  resolveExternalLink?: (target: string) => string | undefined;
  logger?: Logger;
  /** Called with the number of compressed bytes read so far. */
  onProgress?: (compressedBytes: number) => void;
  /** Names the layer in messages, e.g. `registry/repo:tag layer sha256:abcd…`. */
  label?: string;
}

export interface ExtractResult {
  /** `sha256:<hex>` of the uncompressed tar. */
  diffId: string;
  uncompressedSize: number;
  entries: number;
  /**
   * Whiteout and opaque-marker entries (literal files in the layer dir). A layer dir
   * without any is its own flat tree: a copy or clone of it equals applying it onto nothing.
   */
  whiteouts: number;
  /**
   * The layer-relative paths of those entries (`etc/.wh.doomed`, `opq/.wh..wh..opq`), sorted.
   * Store beside the layer and pass to `applyLayer`: a target may not keep them as files
   * (a CVMFS publish takes every `.wh.*` name for a whiteout of its own and drops it).
   */
  markers: string[];
  /** Entries not written (device nodes, FIFOs, names that are not UTF-8). */
  skipped: { path: string; reason: string }[];
  /** Store beside the layer and pass to `applyLayer`. */
  externalLinks: ExternalLink[];
  /**
   * Directories that exist in the layer dir only because an entry below them
   * needed a parent (the tar has no entry for them). `applyLayer` leaves the
   * lower layers' directory (or symlink to one) there as it is, like umoci.
   * Store beside the layer and pass to `applyLayer`.
   */
  implicitDirs: string[];
}

export interface ApplyOptions {
  /** Hardlink files from the layer dir into the flat dir (default true); falls back to copying across file systems. */
  link?: boolean;
  sameOwner?: boolean;
  externalLinks?: ExternalLink[];
  implicitDirs?: string[];
  /**
   * Whiteout and opaque-marker entries of the layer (ExtractResult.markers), applied
   * whether or not the layer dir still holds them as files; an entry of the layer dir
   * that such a whiteout names (a char 0:0 overlay whiteout) is not copied.
   */
  markers?: string[];
  logger?: Logger;
  /** Names the layer in messages (default: both paths). */
  label?: string;
}

export interface ApplyResult {
  /** Entries of the layer dir written into the flat dir (whiteouts not counted). */
  entries: number;
  /** Paths of the flat dir removed by whiteouts, opaque directories and replacements. */
  removed: number;
}
