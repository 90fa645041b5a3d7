/**
 * layer/: layer blobs → directories, and layer directories → a flat root.
 *
 *   extractLayer     blob stream → decompress → DiffID check → tar → `layerfs` dir (whiteouts literal)
 *   applyLayer       `layerfs` dir → onto the flat root (whiteouts, opaque dirs, hardlinked content)
 *   openDecompressed blob → uncompressed tar stream (gzip / zstd / plain by magic bytes)
 */
export { extractLayer } from './extract.ts';
export { applyLayer } from './apply.ts';
export { openDecompressed, isForeignLayer, sniffCompression } from './decompress.ts';
export { resolveInRoot, resolveParentInRoot } from './root-resolve.ts';
export { keepingDirTimes } from './times.ts';
export { sidecarOf, parseSidecar, applyOptionsOf, type LayerSidecar } from './sidecar.ts';
export {
  LayerError,
  UnsafePathError,
  DigestMismatchError,
  LayerLimitError,
  InvalidWhiteoutError,
  InvalidTarError,
} from './errors.ts';
export { DEFAULT_LIMITS } from './types.ts';
export type { LayerLimits, ExtractOptions, ExtractResult, ApplyOptions, ApplyResult, ExternalLink } from './types.ts';
