/** The repository layout of DESIGN.md section 2: paths, Apptainer files, metadata, links. */
export * from './layout.ts';
export { chainIds } from './chains.ts';
export { attachJournal, ensureDir, removeEntry, removeTree, renameIntoPlace, replaceSymlink, tempNameFor, touchIfMissing, writeFileAtomic, TEMP_PREFIX } from './atomic.ts';
export type { WriteJournal } from './atomic.ts';
export { makeApptainerReady } from './apptainer.ts';
export type { ApptainerResult } from './apptainer.ts';
export { apptainerFiles, envScript, runscript, ACTIONS, ENV_FILE, ENVIRONMENT_FILE, RUNSCRIPT } from './apptainer-files.ts';
export type { ApptainerEntry, ImageRunConfig } from './apptainer-files.ts';
export { duccManifestJson, layersJson, originJson, parseDuccManifest, parseOrigin, goJson } from './ducc-json.ts';
export type { DescriptorLike, LayerInfo, ManifestLike } from './ducc-json.ts';
export {
  METADATA_FILES,
  addLayerOrigin,
  ensureCatalogMarkers,
  listSyncRecords,
  readLayerOrigins,
  readSyncRecord,
  recordsConfig,
  syncRecordSchema,
  writeImageMetadata,
  writeLayerMetadata,
  writeSyncRecord,
} from './metadata.ts';
export type { ImageMetadata, LayerMetadataInput, ListedRecord, SyncRecord } from './metadata.ts';
export { platformText, publishImage } from './links.ts';
export type { ImagePublication, PlatformSpec } from './links.ts';
export { shellQuote } from './shell.ts';
