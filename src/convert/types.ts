/**
 * The engine's boundary: what the CLI, the agent and the action ask for, and
 * what they get back. One call of `syncImages` runs in one publisher
 * transaction (one CVMFS publish for a batch of images).
 */
import type { ImageRef } from '../reference/index.ts';
import type { Platform } from '../registry/index.ts';

export interface SyncRequest {
  /** The image to publish; a wildcard tag is expanded by the caller first. */
  ref: ImageRef;
  /** Platforms to publish; default linux/amd64. More than one uses the .multiarch layout. */
  platforms?: Platform[];
  /** Further tags of the same repository to publish from the same manifest. */
  extraTags?: string[];
}

/** 'deferred': held back by its registry's rate limit, tried again next cycle (only with SyncOptions.deferRateLimited). */
export type ImageStatus = 'unchanged' | 'updated' | 'published' | 'failed' | 'deferred';

export interface ImageResult {
  /** The reference as published, e.g. 'registry.example.org/group/app:1.0'. */
  ref: string;
  status: ImageStatus;
  /** Digest of the image manifest (for the selected platform). */
  digest?: string;
  /** Image ID: digest of the image config. */
  configDigest?: string;
  platform?: string;
  /** Absolute path of the public link, e.g. '/cvmfs/unpacked.example.org/registry.example.org/group/app:1.0'. */
  path?: string;
  /** Why it failed (the image is named by `ref`): 'fetching layer sha256:…: 429 too many requests'. */
  error?: string;
  /** When a rate-limited registry should take requests again (ISO time); set with a 'failed' or 'deferred' status. */
  retryAt?: string;
  timings: { totalMs: number; bytesDownloaded: number; layersFetched: number; layersReused: number };
}

/** Progress events for terminals and structured logs. */
export type SyncEvent =
  | { type: 'image-start'; ref: string }
  | { type: 'layer-start'; ref: string; digest: string; size: number }
  | { type: 'layer-progress'; ref: string; digest: string; bytes: number; size: number }
  | { type: 'layer-done'; ref: string; digest: string; size: number; ms: number; reused: boolean }
  | { type: 'image-done'; result: ImageResult }
  | { type: 'publish-start'; target: string }
  | { type: 'publish-done'; target: string; ms: number };
