/**
 * The data the registry client hands out: descriptors, manifests, configs and
 * the resolved image (index → platform manifest → config).
 */
import type { ImageRef } from '../reference/index.ts';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    Env?: string[] | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    User?: string;
    Labels?: Record<string, string> | null;
  };
  rootfs: { type: string; diff_ids: string[] };
  history?: unknown[];
}

/** A manifest as the registry served it; `digest` is verified against the bytes. */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  raw: Buffer;
}

export interface ResolvedImage {
  ref: ImageRef;
  /** The digest the tag points at: an index or a manifest. */
  topDigest: string;
  /** Set when the tag points at an index / manifest list. */
  indexDigest?: string;
  manifestDigest: string;
  manifestMediaType: string;
  manifestRaw: Buffer;
  manifest: ImageManifest;
  configDigest: string;
  configRaw: Buffer;
  config: ImageConfig;
  platform: Platform;
}

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** Sent with every manifest request: without it Distribution 404s OCI manifests and downgrades Docker ones to schema 1. */
export const MANIFEST_ACCEPT = [MediaTypes.ociManifest, MediaTypes.ociIndex, MediaTypes.dockerManifest, MediaTypes.dockerList].join(', ');

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerList;
}

export function isManifestMediaType(mediaType: string): boolean {
  return mediaType === MediaTypes.ociManifest || mediaType === MediaTypes.dockerManifest;
}

export function isSchema1MediaType(mediaType: string): boolean {
  return mediaType === MediaTypes.dockerSchema1 || mediaType === MediaTypes.dockerSchema1Signed;
}
