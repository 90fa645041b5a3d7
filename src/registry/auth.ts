/**
 * Answering a registry's auth challenge (the distribution token protocol):
 *
 *   - `GET /v2/` once per registry (the ping) tells whether it wants nothing,
 *     Basic, or Bearer tokens from a realm;
 *   - Basic sends the stored username/password;
 *   - Bearer asks the realm for a token per scope (`repository:a/b:pull`),
 *     anonymously or with Basic credentials, or with an identity token as an
 *     OAuth2 refresh token; tokens are cached per (registry, service, scope)
 *     until shortly before `expires_in` (default 60 s) runs out.
 *
 * Credentials go only to the registry's own origin and to the realm it names;
 * never over plain HTTP to a realm when the registry itself is HTTPS.
 */
import type { Dispatcher } from './dispatcher.ts';
import { z } from 'zod';
import type { Logger } from '../log/logger.ts';
import { pickChallenge, parseChallenges, type Challenge } from './challenge.ts';
import type { Credential, CredentialStore } from './credentials.ts';
import { RegistryError, tlsProtocolHint } from './errors.ts';
import { readLimited, parseErrorBody, isTemporaryStatus } from './http.ts';
import { redactUrl } from './redact.ts';

const tokenResponseSchema = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
  issued_at: z.string().optional(),
});

const DEFAULT_EXPIRES_IN = 60;

interface CachedToken {
  token: string;
  expiresAt: number;
}

export interface AuthContext {
  dispatcher: Dispatcher;
  credentials?: CredentialStore;
  userAgent: string;
  logger: Logger;
  now?: () => number;
}

/** When a token fetched at `now` with `expiresIn` seconds should no longer be used. */
export function tokenExpiry(now: number, expiresIn: number | undefined): number {
  const seconds = expiresIn !== undefined && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN;
  // Stop using it 10 s early, or halfway for very short lives.
  const margin = Math.min(10, seconds / 2);
  return now + (seconds - margin) * 1000;
}

export class Authenticator {
  /** Per registry origin: the challenge of its ping (undefined: no auth). */
  private readonly challenges = new Map<string, Promise<Challenge | undefined>>();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();
  /** Token requests made (for tests and metrics). */
  tokenRequests = 0;

  constructor(private readonly ctx: AuthContext) {}

  private now(): number {
    return this.ctx.now?.() ?? Date.now();
  }

  /** The Authorization header for a request to `origin` needing `scope`, or undefined. */
  async authorization(origin: string, registryHost: string, scope: string, signal?: AbortSignal): Promise<string | undefined> {
    let challenge = this.challenges.get(origin);
    if (!challenge) {
      challenge = this.ping(origin, signal);
      this.challenges.set(origin, challenge);
      challenge.catch(() => this.challenges.delete(origin));
    }
    return this.answer(origin, registryHost, await challenge, scope, signal);
  }

  /**
   * A request was refused with 401: learn the challenge it carried and drop the
   * cached token. Returns the scope to ask for next (the challenge's, else
   * ours), or undefined when there is no challenge to answer.
   */
  async refused(origin: string, wwwAuthenticate: string | string[] | undefined, scope: string): Promise<string | undefined> {
    const challenge = pickChallenge(parseChallenges(wwwAuthenticate));
    if (!challenge) return undefined;
    this.challenges.set(origin, Promise.resolve(challenge));
    const next = challenge.params.scope || scope;
    for (const key of [...this.tokens.keys()]) {
      if (key.startsWith(`${origin}|`) && (key.endsWith(`|${scope}`) || key.endsWith(`|${next}`))) this.tokens.delete(key);
    }
    return next;
  }

  private async ping(origin: string, signal?: AbortSignal): Promise<Challenge | undefined> {
    const url = `${origin}/v2/`;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.ctx.dispatcher.request({ origin, path: '/v2/', method: 'GET', headers: { 'user-agent': this.ctx.userAgent }, signal: signal ?? null });
    } catch (err) {
      if (signal?.aborted) throw err;
      const tls = tlsProtocolHint(err, new URL(origin).host);
      throw new RegistryError({ action: `pinging ${redactUrl(url)}`, method: 'GET', url: redactUrl(url), temporary: tls === undefined, reason: tls ?? `network error: ${(err as Error).message}`, cause: err });
    }
    await res.body.dump();
    if (res.statusCode === 401) return pickChallenge(parseChallenges(res.headers['www-authenticate']));
    if (isTemporaryStatus(res.statusCode)) {
      throw new RegistryError({ action: `pinging ${redactUrl(url)}`, method: 'GET', url: redactUrl(url), status: res.statusCode, temporary: true });
    }
    // 200, or anything else (some registries 404 /v2/): go on without auth and let a 401 teach us.
    return undefined;
  }

  private async answer(origin: string, registryHost: string, challenge: Challenge | undefined, scope: string, signal?: AbortSignal): Promise<string | undefined> {
    if (!challenge) return undefined;
    const cred = this.ctx.credentials?.get(registryHost);
    if (challenge.scheme === 'basic') {
      if (cred && 'username' in cred) return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      return undefined;
    }
    const realm = challenge.params.realm;
    if (!realm) return undefined;
    const service = challenge.params.service ?? '';
    const key = `${origin}|${service}|${scope}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return `Bearer ${cached.token}`;
    let inflight = this.pending.get(key);
    if (!inflight) {
      inflight = this.fetchToken(origin, realm, service, scope, cred, signal).then(({ token, expiresIn }) => {
        this.tokens.set(key, { token, expiresAt: tokenExpiry(this.now(), expiresIn) });
        return token;
      });
      this.pending.set(key, inflight);
      void inflight.then(
        () => this.pending.delete(key),
        () => this.pending.delete(key),
      );
    }
    return `Bearer ${await inflight}`;
  }

  private async fetchToken(
    origin: string,
    realm: string,
    service: string,
    scope: string,
    cred: Credential | undefined,
    signal?: AbortSignal,
  ): Promise<{ token: string; expiresIn?: number }> {
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new RegistryError({ action: `fetching a token for ${scope}`, method: 'GET', url: '<invalid realm>', temporary: false, reason: 'the registry named an invalid token realm' });
    }
    // Never send credentials in clear text to a realm of an HTTPS registry.
    const mayUseCreds = realmUrl.protocol === 'https:' || origin.startsWith('http:');
    const useCreds = mayUseCreds ? cred : undefined;
    const headers: Record<string, string> = { 'user-agent': this.ctx.userAgent };
    let method: 'GET' | 'POST' = 'GET';
    let body: string | undefined;
    if (useCreds && 'identityToken' in useCreds) {
      method = 'POST';
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: useCreds.identityToken, service, scope, client_id: 'cvmfs-unpack' }).toString();
    } else {
      if (service) realmUrl.searchParams.set('service', service);
      if (scope) realmUrl.searchParams.append('scope', scope);
      if (useCreds) headers.authorization = `Basic ${Buffer.from(`${useCreds.username}:${useCreds.password}`).toString('base64')}`;
    }
    const action = `fetching a token for ${scope} from ${redactUrl(realmUrl)}`;
    const errorBase = { action, method, url: redactUrl(realmUrl) };
    this.tokenRequests++;
    this.ctx.logger.debug('fetching registry token', { realm: redactUrl(realmUrl), scope, anonymous: !useCreds });
    let res: Dispatcher.ResponseData;
    try {
      res = await this.ctx.dispatcher.request({
        origin: realmUrl.origin,
        path: realmUrl.pathname + realmUrl.search,
        method,
        headers,
        body: body ?? null,
        signal: signal ?? null,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new RegistryError({ ...errorBase, temporary: true, reason: `network error: ${(err as Error).message}`, cause: err });
    }
    const text = await readLimited(res.body, 1 << 20);
    if (res.statusCode !== 200) {
      throw new RegistryError({ ...errorBase, status: res.statusCode, errors: parseErrorBody(text), temporary: isTemporaryStatus(res.statusCode) });
    }
    let parsed: z.infer<typeof tokenResponseSchema>;
    try {
      parsed = tokenResponseSchema.parse(JSON.parse(text.toString('utf8')));
    } catch (err) {
      throw new RegistryError({ ...errorBase, status: res.statusCode, temporary: false, reason: 'the token response is not valid JSON of the expected shape', cause: err });
    }
    const token = parsed.token || parsed.access_token;
    if (!token) throw new RegistryError({ ...errorBase, status: res.statusCode, temporary: false, reason: 'the token response holds no token' });
    return parsed.expires_in !== undefined ? { token, expiresIn: parsed.expires_in } : { token };
  }
}
