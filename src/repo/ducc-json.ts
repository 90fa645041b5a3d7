/**
 * The JSON files DUCC writes and reads, byte-compatible with its Go encoding
 * (encoding/json), so DUCC's garbage collector and tools keep working on a
 * repository we write:
 *
 * - `.metadata/<name>/manifest.json`: DUCC's `Manifest` struct has no json
 *   tags, so Go writes the Go field names, compact, in declaration order:
 *   `{"SchemaVersion":2,"MediaType":"…","Config":{"MediaType":"…","Size":N,"Digest":"sha256:…"},"Layers":[{…}]}`.
 * - `.layers/<xx>/<hex>/.metadata/layers.json`: a one-element array indented
 *   with one space (MarshalIndent(v, "", " ")), keys `id`, `created`,
 *   `compressed-diff-digest`, `diff-digest`, `diff-size` (omitted when 0).
 * - `.layers/<xx>/<hex>/.metadata/origin.json`: `{"origin":[…]}` compact.
 */
import { z } from 'zod';
import { digestHex } from './layout.ts';

/** Go's encoding/json escapes <, > and & (HTML safety) and U+2028/U+2029; JSON.stringify does not. */
export function goJson(value: unknown, indent?: string): string {
  return JSON.stringify(value, null, indent)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

export interface DescriptorLike {
  mediaType?: string | undefined;
  size: number;
  digest: string;
}

export interface ManifestLike {
  schemaVersion?: number | undefined;
  mediaType?: string | undefined;
  config: DescriptorLike;
  layers: readonly DescriptorLike[];
}

const goDescriptor = (d: DescriptorLike) => ({ MediaType: d.mediaType ?? '', Size: d.size, Digest: d.digest });

/** manifest.json as DUCC writes it. */
export function duccManifestJson(m: ManifestLike): string {
  return goJson({
    SchemaVersion: m.schemaVersion ?? 0,
    MediaType: m.mediaType ?? '',
    Config: goDescriptor(m.config),
    Layers: m.layers.map(goDescriptor),
  });
}

/** Reads a manifest.json in DUCC's form (Go matches keys case-insensitively; so do we). */
const duccManifestSchema = z.object({
  config: z.object({ digest: z.string() }),
  layers: z.array(z.object({ digest: z.string() })).nullable().optional(),
});

export function parseDuccManifest(text: string): { configDigest: string; layerDigests: string[] } {
  const lower = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(lower);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lower(x)]));
    return v;
  };
  const m = duccManifestSchema.parse(lower(JSON.parse(text)));
  return { configDigest: m.config.digest, layerDigests: (m.layers ?? []).map((l) => l.digest) };
}

export interface LayerInfo {
  /** The layer's DiffID (digest of the uncompressed tar), with or without `sha256:`. */
  diffId: string;
  /** The compressed blob digest (the manifest's layer digest). */
  digest: string;
  /** Size of the uncompressed tar in bytes. */
  size: number;
  /** When the layer was ingested (DUCC: the time of ingestion); default now. */
  created?: string | Date | undefined;
}

/** Go's time.Time text: RFC 3339 with fractional seconds, no trailing zeros. */
function goTime(t: string | Date | undefined): string {
  const d = t === undefined ? new Date() : typeof t === 'string' ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) return typeof t === 'string' ? t : new Date().toISOString();
  return d.toISOString().replace(/\.?0+Z$/, 'Z');
}

/** layers.json as DUCC writes it. */
export function layersJson(info: LayerInfo): string {
  const diffHex = digestHex(info.diffId.startsWith('sha256:') ? info.diffId : `sha256:${info.diffId}`);
  digestHex(info.digest);
  const entry: Record<string, unknown> = {
    id: diffHex,
    created: goTime(info.created),
    'compressed-diff-digest': info.digest,
    'diff-digest': `sha256:${diffHex}`,
  };
  if (info.size !== 0) entry['diff-size'] = info.size;
  return goJson([entry], ' ');
}

const originSchema = z.object({ origin: z.array(z.string()).nullable().optional() });

/** The origin list of an origin.json text (DUCC's may hold duplicates; they are dropped). */
export function parseOrigin(text: string): string[] {
  return [...new Set(originSchema.parse(JSON.parse(text)).origin ?? [])];
}

/** origin.json with `configDigest` added once. */
export function originJson(existing: readonly string[], configDigest: string): string {
  digestHex(configDigest);
  return goJson({ origin: [...new Set([...existing, configDigest])] });
}
