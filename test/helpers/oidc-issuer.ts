/**
 * A local OIDC issuer of the tests' own: an RS256 key pair, the discovery
 * document and the JWKS on loopback HTTP, and `mint()` for real signed JWTs
 * shaped like GitHub Actions' and GitLab's `id_tokens`. A second "foreign"
 * key, never published, signs tokens no agent should accept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface MintOptions {
  /** `aud`; default 'cvmfs-unpack'. */
  audience?: string | string[];
  /** Seconds from now until `exp` (negative: already expired); default 300. */
  expiresIn?: number;
  /** Seconds from now of `nbf` (positive: not valid yet); default none. */
  notBefore?: number;
  /** `iss` override (default: this issuer's URL). */
  issuer?: string;
  /** Sign with the unpublished foreign key (same kid as the real one, so only the signature is wrong). */
  foreign?: boolean;
  /** Leave `exp` out entirely. */
  noExpiry?: boolean;
}

export interface OidcIssuer {
  /** The issuer URL (`iss`), e.g. http://127.0.0.1:PORT/gitlab. */
  url: string;
  jwksUri: string;
  mint(claims: Record<string, unknown>, opts?: MintOptions): Promise<string>;
  /** A token with GitHub Actions' claims for `repository` (owner/name); `extra` overrides. */
  github(repository: string, extra?: Record<string, unknown>, opts?: MintOptions): Promise<string>;
  /** A token with GitLab's claims for `projectPath` (group/project); `extra` overrides. */
  gitlab(projectPath: string, extra?: Record<string, unknown>, opts?: MintOptions): Promise<string>;
  /** Publishes a new signing key (and signs with it from now on): agents must refresh their JWKS. */
  rotate(): Promise<void>;
  /** How many times the JWKS and discovery documents were fetched. */
  fetches: { jwks: number; discovery: number };
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, jwk };
}

/** Starts the issuer; `path` is appended to the origin (GitLab instances may live under a path). */
export async function startOidcIssuer(opts: { path?: string } = {}): Promise<OidcIssuer> {
  const keys: SigningKey[] = [await newKey('key-1')];
  const foreign = await newKey('key-1');
  const fetches = { jwks: 0, discovery: 0 };
  const path = (opts.path ?? '').replace(/\/+$/, '');

  let url = '';
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === `${path}/.well-known/openid-configuration`) {
      fetches.discovery++;
      return send({ issuer: url, jwks_uri: `${url}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.url === `${path}/.well-known/jwks`) {
      fetches.jwks++;
      return send({ keys: keys.map((k) => k.jwk) });
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

  const mint = async (claims: Record<string, unknown>, o: MintOptions = {}) => {
    const key = o.foreign ? foreign : keys[keys.length - 1]!;
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(o.issuer ?? url)
      .setAudience(o.audience ?? 'cvmfs-unpack')
      .setIssuedAt(now)
      .setJti(crypto.randomUUID());
    if (!o.noExpiry) jwt.setExpirationTime(now + (o.expiresIn ?? 300));
    if (o.notBefore !== undefined) jwt.setNotBefore(now + o.notBefore);
    return jwt.sign(key.privateKey);
  };

  return {
    url,
    jwksUri: `${url}/.well-known/jwks`,
    fetches,
    mint,
    github: (repository, extra = {}, o) => {
      const owner = repository.split('/')[0]!;
      return mint(
        {
          sub: `repo:${repository}:ref:refs/heads/main`,
          repository,
          repository_owner: owner,
          repository_id: '123456',
          ref: 'refs/heads/main',
          ref_type: 'branch',
          ref_protected: 'true',
          job_workflow_ref: `${repository}/.github/workflows/build.yml@refs/heads/main`,
          workflow: 'build',
          event_name: 'push',
          actor: 'octocat',
          runner_environment: 'github-hosted',
          ...extra,
        },
        o,
      );
    },
    gitlab: (projectPath, extra = {}, o) => {
      const namespace = projectPath.split('/').slice(0, -1).join('/');
      return mint(
        {
          sub: `project_path:${projectPath}:ref_type:branch:ref:main`,
          namespace_id: '42',
          namespace_path: namespace,
          project_id: '4242',
          project_path: projectPath,
          user_login: 'alice',
          pipeline_source: 'push',
          ref: 'main',
          ref_type: 'branch',
          ref_path: 'refs/heads/main',
          ref_protected: 'true',
          ...extra,
        },
        o,
      );
    },
    rotate: async () => {
      keys.push(await newKey(`key-${keys.length + 1}`));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
