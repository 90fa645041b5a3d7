/**
 * Registry credentials, looked up by registry host. Sources, first match wins:
 *
 *   1. CVMFS_UNPACK_REGISTRY_<HOST>_USERNAME and _PASSWORD (or _TOKEN, an
 *      identity/refresh token), where <HOST> is the registry host in upper
 *      case with every character other than A-Z and 0-9 replaced by '_':
 *      ghcr.io → GHCR_IO, 127.0.0.1:5000 → 127_0_0_1_5000,
 *      Docker Hub → REGISTRY_HUB_DOCKER_COM (DOCKER_IO also works);
 *   2. CVMFS_UNPACK_REGISTRY_AUTH: JSON, either a Docker config
 *      (`{"auths": {...}}`) or `{"<host>": {"username": …, "password": …}}`;
 *   3. REGISTRY_AUTH_FILE (containers-auth.json, same format as Docker's);
 *   4. $DOCKER_CONFIG/config.json, else ~/.docker/config.json: `auths`
 *      entries (base64 `auth`, `username`/`password`, `identitytoken`), then
 *      `credHelpers` / `credsStore` (runs docker-credential-<name> get).
 *
 * Keys may be URLs ('https://index.docker.io/v1/', 'http://host:5000/v2/');
 * every Docker Hub spelling maps to one host. Credentials are never logged.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export type Credential = { username: string; password: string } | { identityToken: string };

export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

const DOCKER_HUB = 'registry.hub.docker.com';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.docker.io', DOCKER_HUB]);
/** What `docker login` writes for Docker Hub, and what credential helpers expect. */
const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/';

const authEntrySchema = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
const dockerConfigSchema = z.object({
  auths: z.record(z.string(), authEntrySchema).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});
const plainMapSchema = z.record(z.string(), authEntrySchema);

/** 'https://index.docker.io/v1/' → 'registry.hub.docker.com'; 'http://Host:5000/v2/' → 'host:5000'. */
export function normalizeRegistryHost(key: string): string {
  let host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  host = host.split('/')[0]!.toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** The env var prefix for a host: 'ghcr.io' → 'CVMFS_UNPACK_REGISTRY_GHCR_IO_'. */
export function envVarPrefix(host: string): string {
  return `CVMFS_UNPACK_REGISTRY_${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

function fromEntry(entry: z.infer<typeof authEntrySchema>, where: string): Credential | undefined {
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.username !== undefined && entry.password !== undefined && entry.username !== '') {
    return { username: entry.username, password: entry.password };
  }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new CredentialsError(`reading ${where}: an "auth" value is not base64 of "username:password"`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return undefined;
}

type Helper = (serverUrl: string) => Credential | undefined;

/** Runs `docker-credential-<name> get`; a missing helper or unknown server gives undefined. */
function credentialHelper(name: string): Helper {
  return (serverUrl) => {
    try {
      const out = execFileSync(`docker-credential-${name}`, ['get'], { input: serverUrl, stdio: ['pipe', 'pipe', 'ignore'], timeout: 30_000 });
      const parsed = z.object({ Username: z.string(), Secret: z.string() }).parse(JSON.parse(out.toString('utf8')));
      return parsed.Username === '<token>' ? { identityToken: parsed.Secret } : { username: parsed.Username, password: parsed.Secret };
    } catch {
      return undefined;
    }
  };
}

export class CredentialStore {
  private readonly entries = new Map<string, Credential>();
  private readonly helpers = new Map<string, Helper>();
  private defaultHelper: Helper | undefined;
  /** Where the per-registry variables are read (see the header comment). */
  private env: NodeJS.ProcessEnv = {};

  /** Static entries keyed by host or URL; earlier `add`s win over later ones. */
  constructor(entries: Iterable<[string, Credential]> = []) {
    for (const [key, cred] of entries) this.add(key, cred);
  }

  add(key: string, cred: Credential): void {
    const host = normalizeRegistryHost(key);
    if (!this.entries.has(host)) this.entries.set(host, cred);
  }

  /** Adds the `auths`, `credHelpers` and `credsStore` of a Docker config / containers auth.json. */
  addDockerConfig(json: unknown, where: string): void {
    const parsed = dockerConfigSchema.safeParse(json);
    if (!parsed.success) throw new CredentialsError(`reading ${where}: not a Docker config file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    for (const [key, entry] of Object.entries(parsed.data.auths ?? {})) {
      const cred = fromEntry(entry, where);
      if (cred) this.add(key, cred);
    }
    for (const [key, helper] of Object.entries(parsed.data.credHelpers ?? {})) {
      const host = normalizeRegistryHost(key);
      if (!this.helpers.has(host)) this.helpers.set(host, credentialHelper(helper));
    }
    if (parsed.data.credsStore && !this.defaultHelper) this.defaultHelper = credentialHelper(parsed.data.credsStore);
  }

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): CredentialStore {
    const store = new CredentialStore();
    store.env = env;
    const inline = env.CVMFS_UNPACK_REGISTRY_AUTH;
    if (inline) {
      const json = parseJson(inline, 'CVMFS_UNPACK_REGISTRY_AUTH');
      if (json && typeof json === 'object' && 'auths' in json) store.addDockerConfig(json, 'CVMFS_UNPACK_REGISTRY_AUTH');
      else {
        const map = plainMapSchema.safeParse(json);
        if (!map.success) throw new CredentialsError('reading CVMFS_UNPACK_REGISTRY_AUTH: expected {"<host>": {"username": …, "password": …}} or a Docker config');
        for (const [key, entry] of Object.entries(map.data)) {
          const cred = fromEntry(entry, 'CVMFS_UNPACK_REGISTRY_AUTH');
          if (cred) store.add(key, cred);
        }
      }
    }
    const files: string[] = [];
    if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
    const dockerDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
    files.push(join(dockerDir, 'config.json'));
    for (const file of files) {
      if (!existsSync(file)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CredentialsError(`reading ${file}: ${(err as Error).message}`, { cause: err });
      }
      store.addDockerConfig(parseJson(text, file), file);
    }
    return store;
  }

  /** Credentials for a registry host ('ghcr.io', 'host:5000'; any Docker Hub spelling), or undefined. */
  get(registryHost: string): Credential | undefined {
    const host = normalizeRegistryHost(registryHost);
    const fromEnv = this.fromEnvVars(host);
    if (fromEnv) return fromEnv;
    const entry = this.entries.get(host);
    if (entry) return entry;
    const helper = this.helpers.get(host) ?? this.defaultHelper;
    return helper?.(host === DOCKER_HUB ? DOCKER_HUB_SERVER_URL : host);
  }

  private fromEnvVars(host: string): Credential | undefined {
    const hosts = host === DOCKER_HUB ? [DOCKER_HUB, 'docker.io'] : [host];
    for (const h of hosts) {
      const prefix = envVarPrefix(h);
      const token = this.env[`${prefix}TOKEN`];
      if (token) return { identityToken: token };
      const username = this.env[`${prefix}USERNAME`];
      const password = this.env[`${prefix}PASSWORD`];
      if (username && password !== undefined) return { username, password };
    }
    return undefined;
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // The message of JSON.parse may quote the text; do not pass it on (it may hold secrets).
    throw new CredentialsError(`reading ${where}: not valid JSON`, { cause: err instanceof SyntaxError ? undefined : err });
  }
}
