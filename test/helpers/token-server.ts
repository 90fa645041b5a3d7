/**
 * A small token server for Distribution's `auth.token` mode, as Docker Hub,
 * GHCR or Harbor run one: `GET /token?service=…&scope=…` with optional Basic
 * credentials answers `{token, access_token, expires_in, issued_at}`.
 *
 * The JWT is signed (ES256) with the key of a self-signed certificate made by
 * the `openssl` CLI at start. Distribution 2.8 trusts a token whose header
 * `kid` is the libtrust key ID of a public key in `rootcertbundle`, so that is
 * what the header carries.
 *
 * Counts token requests so that tests can assert token caching.
 */
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';

export interface TokenRequest {
  service: string | null;
  scopes: string[];
  /** The Basic user name, if credentials were sent. */
  username?: string;
  /** True when credentials were sent and accepted. */
  authenticated: boolean;
}

export interface TokenServer {
  /** The realm URL for the registry config and the challenge. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM file with the signing certificate (for `rootcertbundle`). */
  certFile: string;
  username: string;
  password: string;
  /** Every request received, in order (credentials never recorded). */
  requests: TokenRequest[];
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  username?: string;
  password?: string;
  /** Grant `pull` to anonymous callers (like Docker Hub for public images). Default false. */
  anonymousPull?: boolean;
  /** An identity (refresh) token accepted by `POST /token` with grant_type=refresh_token. */
  identityToken?: string;
  /** Seconds a token is valid (`expires_in`). Default 300. */
  expiresIn?: number;
  service?: string;
}

/** libtrust's key ID: base32 of the first 240 bits of sha256(DER SPKI), in groups of four joined by ':'. */
export function libtrustKeyId(spkiDer: Buffer): string {
  const hash = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join(':');
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** `repository:a/b:pull,push` → {type, name, actions}; names may hold ':' (ports are not in names, but be lenient). */
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

function basicCredentials(req: IncomingMessage): { username: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startTokenServer(opts: TokenServerOptions = {}): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), 'token-server-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=cvmfs-unpack test token issuer',
  ], { stdio: 'pipe' });
  const cert = new X509Certificate(readFileSync(certFile));
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const kid = libtrustKeyId(spki);
  const key = await importPKCS8(readFileSync(keyFile, 'utf8'), 'ES256');

  const username = opts.username ?? 'token-user';
  const password = opts.password ?? 'test-only-password';
  const service = opts.service ?? 'test-registry';
  const issuer = 'cvmfs-unpack-test-issuer';
  const expiresIn = opts.expiresIn ?? 300;
  const requests: TokenRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    let params = url.searchParams;
    let creds = basicCredentials(req);
    let authenticated = creds !== undefined && creds.username === username && creds.password === password;
    if (req.method === 'POST') {
      // OAuth2 refresh-token grant, as Docker sends for an `identitytoken`.
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const ok = params.get('grant_type') === 'refresh_token' && opts.identityToken !== undefined && params.get('refresh_token') === opts.identityToken;
      creds = { username: '<identity token>', password: '' };
      authenticated = ok;
    }
    const scopes = params.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    requests.push({ service: params.get('service'), scopes, ...(creds ? { username: creds.username } : {}), authenticated });
    if (creds && !authenticated) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
      return;
    }
    const access: Access[] = [];
    for (const s of scopes) {
      const a = parseScope(s);
      if (!a) continue;
      const actions = authenticated ? a.actions : opts.anonymousPull ? a.actions.filter((x) => x === 'pull') : [];
      access.push({ ...a, actions });
    }
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setSubject(authenticated ? username : '')
      .setAudience(service)
      .setIssuedAt(now - 5)
      .setNotBefore(now - 5)
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(key);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() }),
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certFile,
    username,
    password,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
