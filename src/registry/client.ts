/**
 * The OCI distribution client: manifests (digest-verified), resolution of an
 * index to the manifest and config of one platform, tag lists with Link
 * pagination, and verified, resumable blob streams. Built on Node's own
 * HTTP client with keep-alive connections (dispatcher.ts); see transport.ts for auth, redirects and retries.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { insecureRegistriesFromEnv, type ImageRef } from '../reference/index.ts';
import { nullLogger, type Logger } from '../log/logger.ts';
import { openBlobStream, readBlob, type OpenBlobOptions } from './blob.ts';
import type { CredentialStore } from './credentials.ts';
import { DigestMismatchError, PlatformNotFoundError, RegistryError, SizeMismatchError, UnsupportedManifestError } from './errors.ts';
import { readLimited } from './http.ts';
import { describeRef, isDigest } from './names.ts';
import { availablePlatforms, DEFAULT_PLATFORM, formatPlatform, normalizePlatform, pickManifest } from './platform.ts';
import { configSchema, indexSchema, manifestSchema, tagListSchema, toImageConfig } from './schema.ts';
import { NodeHttpDispatcher, type Dispatcher } from './dispatcher.ts';
import type { RegistryRateState } from './rate-limit.ts';
import { Transport } from './transport.ts';
import {
  isIndexMediaType,
  isManifestMediaType,
  isSchema1MediaType,
  MANIFEST_ACCEPT,
  MediaTypes,
  type Descriptor,
  type FetchedManifest,
  type Platform,
  type ResolvedImage,
} from './types.ts';

export interface RegistryClientOptions {
  credentials?: CredentialStore;
  userAgent?: string;
  logger?: Logger;
  /** Retries of a temporary failure after the first attempt; default 4. */
  retries?: number;
  /** Test hook: base of the exponential backoff; default 500 ms. */
  retryBaseMs?: number;
  /** Cap on one wait, Retry-After included; default 30 s. */
  retryMaxDelayMs?: number;
  /**
   * Longest a request waits for a registry's rate limit (a 429's Retry-After,
   * or a used-up Docker Hub pull limit) before it gives up with
   * RateLimitedError; default retryMaxDelayMs.
   */
  rateLimitMaxWaitMs?: number;
  /** Tags asked for per page of a tag list (`?n=`); default: the registry's own page size. */
  tagPageSize?: number;
  /** Test hook: a dispatcher to use instead of the client's own. */
  dispatcher?: Dispatcher;
  /** Registries spoken to over plain HTTP although named without a scheme; default CVMFS_UNPACK_INSECURE_REGISTRIES. */
  insecureRegistries?: readonly string[];
}

const MANIFEST_LIMIT = 4 << 20;
const CONFIG_LIMIT = 16 << 20;
const MAX_TAG_PAGES = 10_000;

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function digestOf(data: Buffer, algo: string): string {
  return `${algo}:${createHash(algo).update(data).digest('hex')}`;
}

/** The media type of a manifest: Content-Type, else its `mediaType` field, else guessed from its shape. */
function manifestMediaType(contentType: string | string[] | undefined, json: Record<string, unknown>): string {
  const header = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase();
  if (header && header !== 'application/json' && header !== 'text/plain' && header !== 'application/octet-stream') return header;
  if (typeof json.mediaType === 'string') return json.mediaType;
  if (json.schemaVersion === 1) return MediaTypes.dockerSchema1Signed;
  if (Array.isArray(json.manifests)) return MediaTypes.ociIndex;
  return MediaTypes.ociManifest;
}

/** The `rel="next"` target of a Link header, or undefined. */
export function nextLink(link: string | string[] | undefined): string | undefined {
  const values = Array.isArray(link) ? link : link ? [link] : [];
  for (const value of values) {
    for (const part of value.split(/,(?=\s*<)/)) {
      const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
      if (m && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/i.test(m[2]!)) return m[1];
    }
  }
  return undefined;
}

export class RegistryClient {
  private readonly transport: Transport;
  private readonly logger: Logger;
  private readonly ownAgent: NodeHttpDispatcher | undefined;
  private readonly tagPageSize: number | undefined;

  constructor(opts: RegistryClientOptions = {}) {
    this.logger = opts.logger ?? nullLogger;
    this.tagPageSize = opts.tagPageSize;
    this.ownAgent = opts.dispatcher ? undefined : new NodeHttpDispatcher({ connections: 8, idleTimeoutMs: 120_000 });
    this.transport = new Transport({
      dispatcher: opts.dispatcher ?? this.ownAgent!,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      userAgent: opts.userAgent ?? 'cvmfs-unpack',
      logger: this.logger,
      retries: opts.retries ?? 4,
      retryBaseMs: opts.retryBaseMs ?? 500,
      retryMaxDelayMs: opts.retryMaxDelayMs ?? 30_000,
      ...(opts.rateLimitMaxWaitMs !== undefined ? { rateLimitMaxWaitMs: opts.rateLimitMaxWaitMs } : {}),
      insecureRegistries: opts.insecureRegistries ?? insecureRegistriesFromEnv(),
    });
  }

  /** Token requests made so far (each cache miss is one). */
  get tokenRequests(): number {
    return this.transport.auth.tokenRequests;
  }

  /**
   * Per registry host: requests sent by kind, its rate limit as last seen
   * (Docker Hub's ratelimit-limit / ratelimit-remaining), 429s received,
   * time spent waiting, requests carried over (for logs and metrics).
   */
  rateLimits(): RegistryRateState[] {
    return this.transport.pacer.states();
  }

  /** Closes the client's keep-alive connections. */
  async close(): Promise<void> {
    await this.ownAgent?.close();
  }

  /**
   * The manifest `reference` (a tag or digest; default the ref's digest, else
   * its tag) as the registry serves it, its digest checked against the bytes.
   */
  async fetchManifest(ref: ImageRef, reference?: string, opts: { signal?: AbortSignal } = {}): Promise<FetchedManifest> {
    const r = reference ?? ref.digest ?? ref.tag ?? 'latest';
    const action = `fetching manifest ${describeRef(ref, r)}`;
    const res = await this.transport.send({
      ref,
      path: `/v2/${ref.repository}/manifests/${r}`,
      action,
      headers: { accept: MANIFEST_ACCEPT },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const raw = await readLimited(res.body, MANIFEST_LIMIT + 1);
    if (raw.length > MANIFEST_LIMIT) throw new UnsupportedManifestError(action, '', `the manifest is larger than ${MANIFEST_LIMIT} bytes`);

    const computed = sha256(raw);
    let digest = computed;
    if (isDigest(r)) {
      const algo = r.slice(0, r.indexOf(':'));
      const actual = algo === 'sha256' ? computed : algo === 'sha512' ? digestOf(raw, algo) : undefined;
      if (actual !== r) throw new DigestMismatchError(action, r, actual ?? `unsupported digest algorithm "${algo}"`);
      digest = r;
    }
    const header = res.headers['docker-content-digest'];
    const served = Array.isArray(header) ? header[0] : header;
    if (served?.startsWith('sha256:') && served !== computed) throw new DigestMismatchError(action, served, computed);

    let json: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      json = parsed as Record<string, unknown>;
    } catch (err) {
      throw new UnsupportedManifestError(action, '', 'the manifest is not a JSON object', { cause: err });
    }
    const mediaType = manifestMediaType(res.headers['content-type'], json);
    if (isSchema1MediaType(mediaType) || json.schemaVersion === 1) {
      throw new UnsupportedManifestError(
        action,
        mediaType,
        `the registry serves a Docker image manifest schema 1 (${mediaType}), which is deprecated and not supported; push the image again with a current docker, buildah or skopeo (schema 2 or OCI)`,
      );
    }
    return { digest, mediaType, raw };
  }

  /**
   * The digest, media type and size of a manifest from a HEAD request (no body;
   * Docker Hub does not count HEADs against its pull rate limit). `digest` is
   * undefined when the registry sends no Docker-Content-Digest.
   */
  async headManifest(ref: ImageRef, reference?: string, opts: { signal?: AbortSignal } = {}): Promise<{ digest?: string; mediaType?: string; size?: number }> {
    const r = reference ?? ref.digest ?? ref.tag ?? 'latest';
    const res = await this.transport.send({
      ref,
      method: 'HEAD',
      path: `/v2/${ref.repository}/manifests/${r}`,
      action: `checking manifest ${describeRef(ref, r)}`,
      headers: { accept: MANIFEST_ACCEPT },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    await res.body.dump();
    const one = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);
    const digest = one(res.headers['docker-content-digest']);
    const mediaType = one(res.headers['content-type'])?.split(';')[0]?.trim();
    const length = Number(one(res.headers['content-length']));
    return {
      ...(digest ? { digest } : {}),
      ...(mediaType ? { mediaType } : {}),
      ...(Number.isFinite(length) && one(res.headers['content-length']) !== undefined ? { size: length } : {}),
    };
  }

  /** Index → the manifest for `platform` (default linux/amd64) → config, each verified and validated. */
  async resolve(ref: ImageRef, opts: { platform?: Platform; top?: FetchedManifest; signal?: AbortSignal } = {}): Promise<ResolvedImage> {
    const signalOpt = opts.signal ? { signal: opts.signal } : {};
    const top = opts.top ?? (await this.fetchManifest(ref, undefined, signalOpt));
    const wanted = opts.platform ?? DEFAULT_PLATFORM;
    let manifest = top;
    let indexDigest: string | undefined;
    let platform: Platform | undefined;

    if (isIndexMediaType(top.mediaType)) {
      const action = `resolving ${describeRef(ref, top.digest)} for platform ${formatPlatform(wanted)}`;
      const index = this.parse(indexSchema, top, action, 'image index');
      const entry = pickManifest(index.manifests, wanted);
      if (!entry) throw new PlatformNotFoundError(action, wanted, availablePlatforms(index.manifests));
      indexDigest = top.digest;
      platform = entry.platform;
      manifest = await this.fetchManifest(ref, entry.digest, signalOpt);
      if (manifest.raw.length !== entry.size) throw new SizeMismatchError(`fetching manifest ${describeRef(ref, entry.digest)}`, entry.size, manifest.raw.length);
    }
    const manifestAction = `reading manifest ${describeRef(ref, manifest.digest)}`;
    if (!isManifestMediaType(manifest.mediaType)) {
      throw new UnsupportedManifestError(manifestAction, manifest.mediaType, `unsupported manifest media type ${manifest.mediaType} (expected an OCI or Docker v2 image manifest or index)`);
    }
    const parsed = this.parse(manifestSchema, manifest, manifestAction, 'image manifest');
    const configDesc: Descriptor = parsed.config;
    const configAction = `fetching config ${configDesc.digest} of ${describeRef(ref)}`;
    const configRaw = await readBlob(this.transport, ref, configDesc, configAction, CONFIG_LIMIT, opts.signal);
    let configJson: unknown;
    try {
      configJson = JSON.parse(configRaw.toString('utf8'));
    } catch (err) {
      throw new UnsupportedManifestError(configAction, configDesc.mediaType, 'the image config is not valid JSON', { cause: err });
    }
    const config = configSchema.safeParse(configJson);
    if (!config.success) {
      throw new UnsupportedManifestError(configAction, configDesc.mediaType, `the image config is invalid: ${config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const imageConfig = toImageConfig(config.data);
    if (!platform) {
      platform = {
        os: imageConfig.os ?? wanted.os,
        architecture: imageConfig.architecture ?? wanted.architecture,
        ...(imageConfig.variant ? { variant: imageConfig.variant } : {}),
      };
      if (opts.platform && normalizePlatform(platform).architecture !== normalizePlatform(wanted).architecture) {
        this.logger.warn('single-platform image does not match the requested platform', { image: describeRef(ref), wanted: formatPlatform(wanted), has: formatPlatform(platform) });
      }
    }
    return {
      ref,
      topDigest: top.digest,
      ...(indexDigest ? { indexDigest } : {}),
      manifestDigest: manifest.digest,
      manifestMediaType: manifest.mediaType,
      manifestRaw: manifest.raw,
      manifest: parsed,
      configDigest: configDesc.digest,
      configRaw,
      config: imageConfig,
      platform,
    };
  }

  /** Every tag of the repository, following `Link: <…>; rel="next"` pages. */
  async listTags(ref: ImageRef, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    const action = `listing tags of ${ref.registry}/${ref.repository}`;
    const n = opts.pageSize ?? this.tagPageSize;
    let path: string | undefined = `/v2/${ref.repository}/tags/list${n ? `?n=${n}` : ''}`;
    const tags: string[] = [];
    const seen = new Set<string>();
    for (let page = 0; path !== undefined; page++) {
      if (page >= MAX_TAG_PAGES || seen.has(path)) throw new RegistryError({ action, method: 'GET', url: path, temporary: false, reason: 'the tag list pagination does not end' });
      seen.add(path);
      const res = await this.transport.send({ ref, path, action, headers: { accept: 'application/json' }, ...(opts.signal ? { signal: opts.signal } : {}) });
      const body = await readLimited(res.body, 64 << 20);
      let parsed;
      try {
        parsed = tagListSchema.parse(JSON.parse(body.toString('utf8')));
      } catch (err) {
        throw new RegistryError({ action, method: 'GET', url: res.url, status: res.status, temporary: false, reason: 'the tag list is not valid JSON of the expected shape', cause: err });
      }
      tags.push(...(parsed.tags ?? []));
      path = nextLink(res.headers.link);
    }
    return tags;
  }

  /** A verified, resumable stream of the blob `desc` (see blob.ts). */
  openBlob(ref: ImageRef, desc: Descriptor, opts: OpenBlobOptions = {}): Readable {
    return openBlobStream(this.transport, this.logger, ref, desc, opts);
  }

  private parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, m: FetchedManifest, action: string, what: string): T {
    let json: unknown;
    try {
      json = JSON.parse(m.raw.toString('utf8'));
    } catch (err) {
      throw new UnsupportedManifestError(action, m.mediaType, `the ${what} is not valid JSON`, { cause: err });
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      throw new UnsupportedManifestError(action, m.mediaType, `the ${what} is invalid: ${r.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
    }
    return r.data;
  }
}
