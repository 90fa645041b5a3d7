/**
 * Starts Debian's `docker-registry` (Distribution 2.8) on a free loopback
 * port with a config of the test's own (filesystem storage in a temp dir,
 * deletes enabled), in one of three auth modes:
 *
 *   none      anonymous push and pull
 *   htpasswd  Basic auth; the bcrypt line below is for a test-only password
 *   token     Bearer tokens from the token server in ./token-server.ts
 *
 * `stop()` ends the process (SIGTERM, then SIGKILL) and removes the temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startTokenServer, type TokenServer } from './token-server.ts';

export type RegistryAuth = 'none' | 'htpasswd' | 'token';

export interface StartedRegistry {
  /** '127.0.0.1:PORT' */
  host: string;
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** 'http://127.0.0.1:PORT/' + repoAndTag: the form the reference parser reads as plain HTTP. */
  ref(repoAndTag: string): string;
  auth: RegistryAuth;
  username?: string;
  password?: string;
  /** `username:password` for skopeo's --dest-creds, when auth is on. */
  creds?: string;
  /** The token server in token mode (its `requests` count token fetches). */
  tokenServer?: TokenServer;
  storageDir: string;
  stop(): Promise<void>;
}

export const TEST_USERNAME = 'testuser';
/** A test-only password; its bcrypt hash (cost 4) is the fixture below. */
export const TEST_PASSWORD = 'test-only-password';
const TEST_HTPASSWD = `${TEST_USERNAME}:$2b$04$cwl32DC7qSM7uXc9uMGbR.6Mlt3HVrxp11k6nJAHSHimvUMhCh586\n`;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function authConfig(auth: RegistryAuth, dir: string, token?: TokenServer): string {
  if (auth === 'htpasswd') {
    const path = join(dir, 'htpasswd');
    writeFileSync(path, TEST_HTPASSWD);
    return `auth:\n  htpasswd:\n    realm: test-realm\n    path: ${path}\n`;
  }
  if (auth === 'token' && token) {
    return [
      'auth:',
      '  token:',
      `    realm: ${token.realm}`,
      `    service: ${token.service}`,
      `    issuer: ${token.issuer}`,
      `    rootcertbundle: ${token.certFile}`,
      '',
    ].join('\n');
  }
  return '';
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${output()}`);
    try {
      const res = await request(`${url}/v2/`, { method: 'GET' });
      await res.body.dump();
      if (res.statusCode === 200 || res.statusCode === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${url}/v2/: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface StartRegistryOptions {
  auth?: RegistryAuth;
  /** Token mode: anonymous callers get pull tokens (like Docker Hub for public images). */
  anonymousPull?: boolean;
  /** Token mode: an identity token the token server accepts as an OAuth2 refresh token. */
  identityToken?: string;
}

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<StartedRegistry> {
  const auth = opts.auth ?? 'none';
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const storageDir = join(dir, 'storage');
  const tokenServer = auth === 'token' ? await startTokenServer({ username: TEST_USERNAME, password: TEST_PASSWORD, ...(opts.anonymousPull ? { anonymousPull: true } : {}), ...(opts.identityToken ? { identityToken: opts.identityToken } : {}) }) : undefined;
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${host}`,
    '  secret: cvmfs-unpack-test-secret',
    authConfig(auth, dir, tokenServer),
  ].join('\n');
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, config);

  let output = '';
  const child = spawn('/usr/bin/docker-registry', ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  const url = `http://${host}`;
  const stop = async () => {
    await stopProcess(child);
    await tokenServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPing(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  const withCreds = auth !== 'none';
  return {
    host,
    url,
    ref: (repoAndTag) => `${url}/${repoAndTag}`,
    auth,
    ...(withCreds ? { username: TEST_USERNAME, password: TEST_PASSWORD, creds: `${TEST_USERNAME}:${TEST_PASSWORD}` } : {}),
    ...(tokenServer ? { tokenServer } : {}),
    storageDir,
    stop,
  };
}
