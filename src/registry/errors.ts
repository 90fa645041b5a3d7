/**
 * Typed errors of the registry client. Messages say what was being done, then
 * why: `fetching manifest 127.0.0.1:5000/a/b:1: 404 MANIFEST_UNKNOWN manifest unknown`.
 * URLs in errors are always redacted (see redact.ts).
 */
import type { Platform } from './types.ts';

/** One entry of the registry's `{"errors": [...]}` body (Distribution's errcode). */
export interface RegistryErrorDetail {
  code: string;
  message: string;
  detail?: unknown;
}

export interface RegistryErrorInit {
  /** What was being done, e.g. 'fetching manifest host/repo:tag'. */
  action: string;
  method: string;
  /** Already redacted. */
  url: string;
  status?: number;
  errors?: RegistryErrorDetail[];
  /** True for failures worth retrying later (5xx, 429, network errors). */
  temporary: boolean;
  /** Used instead of the status and error codes in the message (e.g. a network error). */
  reason?: string;
  /** From Retry-After on a 429 or 503. */
  retryAfterMs?: number;
  cause?: unknown;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  408: 'request timeout',
  409: 'conflict',
  416: 'range not satisfiable',
  429: 'too many requests',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

function describeFailure(init: RegistryErrorInit): string {
  if (init.reason) return init.reason;
  const status = init.status !== undefined ? String(init.status) : 'no response';
  const errors = init.errors ?? [];
  if (errors.length === 0) return `${status} ${STATUS_TEXT[init.status ?? 0] ?? 'unexpected status'}`;
  return `${status} ${errors.map((e) => [e.code, e.message].filter(Boolean).join(' ')).join('; ')}`;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
  readonly status?: number;
  readonly errors: RegistryErrorDetail[];
  readonly method: string;
  readonly url: string;
  readonly temporary: boolean;
  readonly retryAfterMs?: number;

  constructor(init: RegistryErrorInit) {
    super(`${init.action}: ${describeFailure(init)}`, init.cause !== undefined ? { cause: init.cause } : undefined);
    if (init.status !== undefined) this.status = init.status;
    this.errors = init.errors ?? [];
    this.method = init.method;
    this.url = init.url;
    this.temporary = init.temporary;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** True when the registry said the thing does not exist (404 or a *_UNKNOWN code). */
  get notFound(): boolean {
    return this.status === 404 || this.errors.some((e) => e.code.endsWith('_UNKNOWN'));
  }
}

/** Content whose sha256 (or sha512) differs from the digest it was asked by. */
export class DigestMismatchError extends Error {
  override name = 'DigestMismatchError';
  constructor(
    readonly action: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${action}: digest mismatch: expected ${expected}, got ${actual}`);
  }
}

/** Content longer or shorter than its descriptor says. */
export class SizeMismatchError extends Error {
  override name = 'SizeMismatchError';
  constructor(
    readonly action: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${action}: size mismatch: expected ${expected} bytes, got ${actual}${actual > expected ? ' or more' : ''}`);
  }
}

/** A manifest this client cannot use (schema 1, unknown media type, invalid JSON). */
export class UnsupportedManifestError extends Error {
  override name = 'UnsupportedManifestError';
  constructor(
    readonly action: string,
    readonly mediaType: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${action}: ${reason}`, options);
  }
}

/** The index has no manifest for the requested platform; the message lists the ones it has. */
export class PlatformNotFoundError extends Error {
  override name = 'PlatformNotFoundError';
  constructor(
    readonly action: string,
    readonly wanted: Platform,
    readonly available: Platform[],
  ) {
    const list = available.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'));
    super(`${action}: no manifest for platform ${[wanted.os, wanted.architecture, wanted.variant].filter(Boolean).join('/')}; available: ${list.length ? list.join(', ') : 'none'}`);
  }
}

/**
 * A TLS handshake that failed on protocol grounds ('wrong version number':
 * the server speaks plain HTTP) is no temporary failure: retrying cannot help.
 */
export function tlsProtocolHint(err: unknown, registry: string): string | undefined {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const text = `${String(e?.code ?? '')} ${String(e?.message ?? '')} ${String(e?.cause?.code ?? '')} ${String(e?.cause?.message ?? '')}`;
  if (!/wrong version number|ERR_SSL_|EPROTO|packet length too long|unknown protocol/i.test(text)) return undefined;
  return `the TLS handshake with ${registry} failed (${/wrong version number/i.test(text) ? 'wrong version number' : 'protocol error'}): it seems to speak plain HTTP; name it http://${registry}/…, or list ${registry} in insecureRegistries (agent.yaml), CVMFS_UNPACK_INSECURE_REGISTRIES or --insecure-registry`;
}
