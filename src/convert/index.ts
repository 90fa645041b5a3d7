export { outputOptions, type OutputOptions, type OutputSwitches } from './outputs.ts';
export { syncImages, DEFAULT_BATCH, type SyncOptions, type BatchLimit } from './sync.ts';
export { planUnits, isUnchanged, DEFAULT_PLATFORM, type Unit, type StoredRecord } from './plan.ts';
export type { SyncRequest, ImageResult, ImageStatus, SyncEvent } from './types.ts';
