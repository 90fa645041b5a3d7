/**
 * A real agent (`serve` with the real engine and a dir target) on loopback,
 * in front of the real registry, trusting a local OIDC issuer; plus the
 * GitHub runner's ID-token service (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN)
 * minting that issuer's tokens. Shared by the action and GitLab tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../src/agent/index.ts';
import { nullLogger } from '../../src/log/logger.ts';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.ts';
import { freePort, startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';

export interface LiveAgent {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** '127.0.0.1:PORT' (what a GitLab AUTHENTICATION_SERVER with a port looks like). */
  hostPort: string;
  secret: string;
  /** The dir target the agent publishes into. */
  targetDir: string;
  issuer: OidcIssuer;
  registry: StartedRegistry;
  stop(): Promise<void>;
}

/** Policy: GitHub repositories of my-org and GitLab projects of group/ may publish the registry's org/* and group/* images. */
export async function startLiveAgent(): Promise<LiveAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-live-agent-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const registry = await startRegistry();
    cleanups.push(() => registry.stop());
    const issuer = await startOidcIssuer();
    cleanups.push(() => issuer.close());

    const secret = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'secret'), `${secret}\n`, { mode: 0o600 });
    const port = await freePort();
    const targetDir = join(dir, 'target');
    const config = {
      listen: `127.0.0.1:${port}`,
      target: `dir:${targetDir}`,
      state: join(dir, 'state'),
      auth: { secretTokenFile: join(dir, 'secret'), oidc: [{ issuer: issuer.url, audience: 'cvmfs-unpack' }] },
      policy: [
        { match: { repository: 'my-org/*' }, images: [`${registry.host}/org/*`], remove: [`${registry.host}/org/*:feature-*`] },
        { match: { project_path: 'group/*', ref_protected: 'true' }, images: [`${registry.host}/group/*`], remove: [`${registry.host}/group/*:feature-*`] },
        { match: { secret: true }, images: ['*'] },
      ],
    };
    writeFileSync(join(dir, 'agent.yaml'), JSON.stringify(config, null, 2));

    const controller = new AbortController();
    const serving = serve({ configPath: join(dir, 'agent.yaml'), logger: nullLogger, signal: controller.signal, env: {} });
    cleanups.push(async () => {
      controller.abort();
      await serving.catch(() => {});
    });
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url, serving);
    return { url, hostPort: `127.0.0.1:${port}`, secret, targetDir, issuer, registry, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitHealthy(url: string, serving: Promise<void>): Promise<void> {
  let failed: unknown;
  void serving.catch((err: unknown) => (failed = err));
  for (let i = 0; i < 200; i++) {
    if (failed !== undefined) throw new Error('starting the agent', { cause: failed });
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the agent at ${url} did not become healthy`);
}

export interface IdTokenService {
  /** ACTIONS_ID_TOKEN_REQUEST_URL: the runner's service; the action appends '&audience=…'. */
  requestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN */
  requestToken: string;
  /** The audiences asked for, in order. */
  audiences: string[];
  close(): Promise<void>;
}

/** The GitHub runner's ID-token endpoint, handing out GitHub-shaped tokens of `issuer` for `repository`. */
export async function startIdTokenService(issuer: OidcIssuer, repository: string): Promise<IdTokenService> {
  const requestToken = randomBytes(16).toString('hex');
  const audiences: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      res.writeHead(401).end();
      return;
    }
    const audience = url.searchParams.get('audience') ?? 'https://github.com/my-org';
    audiences.push(audience);
    void issuer.github(repository, {}, { audience }).then((value) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    requestUrl: `http://127.0.0.1:${port}/token?api-version=2.0`,
    requestToken,
    audiences,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
