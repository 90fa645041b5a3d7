/**
 * Pushing an image with the distribution API alone (no Docker daemon): each
 * blob is checked with HEAD and, when missing, uploaded monolithically
 * (POST /v2/<name>/blobs/uploads/, then PUT <location>?digest=…); then the
 * manifest is PUT under the tag. Auth as for pulls (src/registry/auth.ts),
 * with the scope `repository:<name>:pull,push`; credentials go to the
 * registry's own origin only.
 */
import { Agent, type Dispatcher } from 'undici';
import { registryBaseUrl, type ImageRef } from '../reference/index.ts';
import { Authenticator } from '../registry/auth.ts';
import type { CredentialStore } from '../registry/index.ts';
import { RegistryError } from '../registry/index.ts';
import { parseErrorBody, readLimited } from '../registry/http.ts';
import { redactUrl } from '../registry/redact.ts';
import { nullLogger, type Logger } from '../log/logger.ts';
import type { Blob } from './image.ts';

export interface PushOptions {
  credentials?: CredentialStore;
  logger?: Logger;
  userAgent?: string;
  signal?: AbortSignal;
}

interface Request {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  url: URL;
  action: string;
  headers?: Record<string, string>;
  body?: Buffer;
  ok: number[];
}

export class Pusher {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  private readonly auth: Authenticator;
  private readonly userAgent: string;

  constructor(private readonly opts: PushOptions = {}) {
    this.userAgent = opts.userAgent ?? 'cvmfs-unpack';
    this.auth = new Authenticator({
      dispatcher: this.dispatcher,
      userAgent: this.userAgent,
      logger: opts.logger ?? nullLogger,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Pushes `blobs` and then `manifest` (of `mediaType`) as `ref`'s tag. */
  async pushImage(ref: ImageRef, blobs: Blob[], manifest: Blob, mediaType: string): Promise<void> {
    for (const b of blobs) await this.pushBlob(ref, b);
    const tag = ref.tag ?? ref.digest ?? 'latest';
    await this.send(ref, {
      method: 'PUT',
      url: this.url(ref, `/v2/${ref.repository}/manifests/${tag}`),
      action: `putting manifest ${ref.registry}/${ref.repository}:${tag}`,
      headers: { 'content-type': mediaType },
      body: manifest.bytes,
      ok: [200, 201],
    });
  }

  private url(ref: ImageRef, path: string): URL {
    return new URL(path, registryBaseUrl(ref));
  }

  private async pushBlob(ref: ImageRef, b: Blob): Promise<void> {
    const what = `${ref.registry}/${ref.repository}@${b.digest}`;
    const head = await this.send(ref, { method: 'HEAD', url: this.url(ref, `/v2/${ref.repository}/blobs/${b.digest}`), action: `checking blob ${what}`, ok: [200, 404] });
    if (head.statusCode === 200) return;
    const started = await this.send(ref, {
      method: 'POST',
      url: this.url(ref, `/v2/${ref.repository}/blobs/uploads/`),
      action: `starting the upload of blob ${what}`,
      headers: { 'content-length': '0' },
      ok: [202],
    });
    const location = started.headers.location;
    if (typeof location !== 'string') throw new Error(`starting the upload of blob ${what}: the registry sent no Location`);
    const put = new URL(location, this.url(ref, '/'));
    put.searchParams.set('digest', b.digest);
    await this.send(ref, {
      method: 'PUT',
      url: put,
      action: `uploading blob ${what}`,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(b.bytes.length) },
      body: b.bytes,
      ok: [201, 204],
    });
  }

  /** One request; one re-authentication after a 401 that carries a challenge. */
  private async send(ref: ImageRef, req: Request): Promise<Dispatcher.ResponseData> {
    const origin = new URL(registryBaseUrl(ref)).origin;
    let scope = `repository:${ref.repository}:pull,push`;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
      if (req.url.origin === origin) {
        const authorization = await this.auth.authorization(origin, ref.registry, scope, this.opts.signal);
        if (authorization) headers.authorization = authorization;
      }
      let res: Dispatcher.ResponseData;
      try {
        res = await this.dispatcher.request({
          origin: req.url.origin,
          path: req.url.pathname + req.url.search,
          method: req.method,
          headers,
          body: req.body ?? null,
          signal: this.opts.signal ?? null,
        });
      } catch (err) {
        throw new RegistryError({ action: req.action, method: req.method, url: redactUrl(req.url), temporary: true, reason: `network error: ${(err as Error).message}`, cause: err });
      }
      if (req.ok.includes(res.statusCode)) {
        await res.body.dump();
        return res;
      }
      if (res.statusCode === 401 && attempt === 0 && req.url.origin === origin) {
        await res.body.dump();
        const next = await this.auth.refused(origin, res.headers['www-authenticate'], scope);
        if (next !== undefined) {
          scope = next.includes('push') ? next : scope;
          continue;
        }
      }
      const body = req.method === 'HEAD' ? Buffer.alloc(0) : await readLimited(res.body, 64 * 1024);
      throw new RegistryError({
        action: req.action,
        method: req.method,
        url: redactUrl(req.url),
        status: res.statusCode,
        errors: parseErrorBody(body),
        temporary: res.statusCode >= 500 || res.statusCode === 429,
        ...(res.statusCode === 401 ? { reason: '401 unauthorized: the output registry refused the credentials (check `user` and DUCC_OUTPUT_REGISTRY_PASS)' } : {}),
      });
    }
  }
}
