/**
 * Who is calling: the secret token (compared in constant time) or an OIDC
 * JWT from a configured issuer (GitHub Actions, GitLab `id_tokens`), checked
 * against the issuer's JWKS with `iss`, `aud`, `exp` and `nbf` enforced.
 * Failures are UnauthenticatedError with a reason that never contains the
 * token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { ApiError, UnauthenticatedError } from './errors.ts';
import type { OidcIssuerConfig } from './config.ts';
import type { Identity } from './policy.ts';
import { ConfigError } from './config.ts';

/** The token of an Authorization header: the raw value, or what follows `Bearer `. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  const m = /^bearer(?:\s+(.*))?$/i.exec(value);
  const token = (m ? (m[1] ?? '') : value).trim();
  return token === '' ? undefined : token;
}

/** Constant-time equality of two secrets of any length (both hashed first, so lengths do not leak). */
export function secretMatches(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Three base64url parts: a compact JWS. */
function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Issuer and JWKS addresses must be https; plain http only on loopback (tests, local issuers). */
function checkTransport(url: string, what: string): void {
  const u = new URL(url);
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) return;
  throw new ConfigError(`${what} ${url} must use https (plain http is only accepted on loopback)`);
}

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

/** The issuer's OIDC service could not be reached or answered nonsense: not the caller's fault. */
export class IssuerUnavailableError extends ApiError {
  override readonly name = 'IssuerUnavailableError';
  constructor(issuer: string, options?: ErrorOptions) {
    super(503, 'issuer_unavailable', `cannot fetch the signing keys of ${issuer}; retry later`, { 'Retry-After': '10' }, options);
  }
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** One trusted issuer: its keys, found once (discovery or jwksUri) and cached by jose. */
class IssuerVerifier {
  readonly config: OidcIssuerConfig;
  private keys?: Promise<ReturnType<typeof createRemoteJWKSet>>;
  private readonly fetchFn: typeof fetch;
  private readonly cooldownMs: number;

  constructor(config: OidcIssuerConfig, fetchFn: typeof fetch, cooldownMs: number) {
    this.config = config;
    this.fetchFn = fetchFn;
    this.cooldownMs = cooldownMs;
    checkTransport(config.issuer, 'OIDC issuer');
    if (config.jwksUri) checkTransport(config.jwksUri, 'OIDC jwksUri');
  }

  private jwks(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.keys ??= this.resolveJwksUri().then(
      // jose caches the set, and refetches it (at most once per cooldown) when a token names an unknown kid.
      (uri) => createRemoteJWKSet(new URL(uri), { cooldownDuration: this.cooldownMs, cacheMaxAge: 600_000, timeoutDuration: 5_000 }),
      (err: unknown) => {
        this.keys = undefined; // retry discovery on the next request
        throw err;
      },
    );
    return this.keys;
  }

  private async resolveJwksUri(): Promise<string> {
    if (this.config.jwksUri) return this.config.jwksUri;
    const url = `${this.config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    try {
      const res = await this.fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000), redirect: 'error' });
      if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
      const doc = discoverySchema.parse(await res.json());
      if (doc.issuer !== this.config.issuer) throw new Error(`discovery document names issuer ${doc.issuer}, not ${this.config.issuer}`);
      checkTransport(doc.jwks_uri, 'jwks_uri of the discovery document');
      return doc.jwks_uri;
    } catch (err) {
      throw new IssuerUnavailableError(this.config.issuer, { cause: err });
    }
  }

  async verify(token: string, clockSkewMs: number): Promise<JWTPayload> {
    const keys = await this.jwks();
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: Math.round(clockSkewMs / 1000),
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (err) {
      throw verificationError(err, this.config.issuer);
    }
  }
}

/** A jose failure as a 401 reason (or a 503 when the issuer cannot be reached). */
function verificationError(err: unknown, issuer: string): Error {
  if (err instanceof joseErrors.JWTExpired) return new UnauthenticatedError('the token has expired', { cause: err });
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const reasons: Record<string, string> = {
      aud: 'the token is not meant for this agent (audience mismatch)',
      iss: 'the token was not issued by a trusted issuer',
      nbf: 'the token is not valid yet',
      exp: 'the token has no expiry time',
      iat: 'the token has an invalid issue time',
    };
    return new UnauthenticatedError(reasons[err.claim] ?? `the token's "${err.claim}" claim is invalid`, { cause: err });
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new UnauthenticatedError('the token is not signed by a key of its issuer', { cause: err });
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new UnauthenticatedError('the token uses a signing algorithm that is not accepted', { cause: err });
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || err instanceof TypeError) {
    return new IssuerUnavailableError(issuer, { cause: err });
  }
  if (err instanceof joseErrors.JOSEError) return new UnauthenticatedError('the token is malformed', { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

export type Accept = 'secret' | 'jwt' | 'any';

export interface AuthenticatorOptions {
  secret?: string;
  issuers: OidcIssuerConfig[];
  clockSkewMs: number;
  fetch?: typeof fetch;
  /** Least time between two JWKS fetches caused by unknown key ids; default 30 s. */
  jwksCooldownMs?: number;
}

export class Authenticator {
  private readonly secret?: string;
  private readonly verifiers: Map<string, IssuerVerifier>;
  private readonly clockSkewMs: number;

  constructor(opts: AuthenticatorOptions) {
    this.secret = opts.secret;
    this.clockSkewMs = opts.clockSkewMs;
    const fetchFn = opts.fetch ?? fetch;
    this.verifiers = new Map(opts.issuers.map((i) => [i.issuer, new IssuerVerifier(i, fetchFn, opts.jwksCooldownMs ?? 30_000)]));
  }

  /** The identity behind an Authorization header, or UnauthenticatedError. */
  async authenticate(header: string | undefined, accept: Accept = 'any'): Promise<Identity> {
    const token = bearerToken(header);
    if (token === undefined) throw new UnauthenticatedError('missing Authorization header (send "Authorization: Bearer <token>")');
    if (accept !== 'jwt' && this.secret !== undefined && secretMatches(this.secret, token)) return { kind: 'secret' };
    if (accept === 'secret') {
      throw new UnauthenticatedError(this.secret === undefined ? 'secret token authentication is not enabled on this agent' : 'invalid secret token');
    }
    if (!looksLikeJwt(token)) {
      throw new UnauthenticatedError(accept === 'jwt' ? 'the token is not a JWT' : 'invalid token: neither the secret token nor a JWT');
    }
    return this.verifyJwt(token);
  }

  private async verifyJwt(token: string): Promise<Identity> {
    if (this.verifiers.size === 0) throw new UnauthenticatedError('OIDC authentication is not enabled on this agent');
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch (err) {
      throw new UnauthenticatedError('the token is malformed', { cause: err });
    }
    // The unverified `iss` only selects which keys to verify with; jwtVerify checks it again.
    const verifier = typeof claims.iss === 'string' ? this.verifiers.get(claims.iss) : undefined;
    if (!verifier) throw new UnauthenticatedError('the token was not issued by a trusted issuer');
    const payload = await verifier.verify(token, this.clockSkewMs);
    return { kind: 'oidc', issuer: verifier.config.issuer, subject: typeof payload.sub === 'string' ? payload.sub : '', claims: payload };
  }
}
