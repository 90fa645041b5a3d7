export { syncImages, type SyncOptions } from './sync.ts';
export { planUnits, isUnchanged, DEFAULT_PLATFORM, type Unit, type StoredRecord } from './plan.ts';
export type { SyncRequest, ImageResult, ImageStatus, SyncEvent } from './types.ts';
