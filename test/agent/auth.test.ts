import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Authenticator, bearerToken, IssuerUnavailableError, secretMatches } from '../../src/agent/auth.ts';
import { UnauthenticatedError } from '../../src/agent/errors.ts';
import { ConfigError } from '../../src/agent/config.ts';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.ts';

describe('bearerToken', () => {
  test.each([
    [undefined, undefined],
    ['', undefined],
    ['Bearer ', undefined],
    ['abc', 'abc'],
    ['Bearer abc', 'abc'],
    ['bearer   abc ', 'abc'],
    ['BEARER a.b.c', 'a.b.c'],
  ])('%j → %j', (header, token) => expect(bearerToken(header)).toBe(token));
});

describe('secretMatches', () => {
  test.each([
    ['same', 'same', true],
    ['same', 'Same', false],
    ['short', 'a much longer string than the secret', false],
    ['prefix-and-more', 'prefix', false],
  ])('%j vs %j: %s', (a, b, expected) => expect(secretMatches(a, b)).toBe(expected));
});

describe('Authenticator with a local issuer', () => {
  let github: OidcIssuer;
  let gitlab: OidcIssuer;
  let stranger: OidcIssuer;
  let auth: Authenticator;
  beforeAll(async () => {
    github = await startOidcIssuer();
    gitlab = await startOidcIssuer({ path: '/gitlab' });
    stranger = await startOidcIssuer();
    auth = new Authenticator({
      secret: 'the-secret-token-0123456789',
      clockSkewMs: 30_000,
      jwksCooldownMs: 0,
      issuers: [
        { issuer: github.url, audience: ['cvmfs-unpack'] },
        { issuer: gitlab.url, audience: ['cvmfs-unpack', 'other'], jwksUri: gitlab.jwksUri },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([github.close(), gitlab.close(), stranger.close()]);
  });

  test('the secret, raw or as Bearer', async () => {
    await expect(auth.authenticate('the-secret-token-0123456789')).resolves.toEqual({ kind: 'secret' });
    await expect(auth.authenticate('Bearer the-secret-token-0123456789', 'secret')).resolves.toEqual({ kind: 'secret' });
  });

  test('the secret is not accepted where a JWT is required', async () => {
    await expect(auth.authenticate('the-secret-token-0123456789', 'jwt')).rejects.toThrow('the token is not a JWT');
  });

  test('a GitHub token: discovery once, claims returned, keys cached', async () => {
    const id = await auth.authenticate(`Bearer ${await github.github('my-org/app')}`);
    expect(id).toMatchObject({ kind: 'oidc', issuer: github.url, subject: 'repo:my-org/app:ref:refs/heads/main', claims: { repository: 'my-org/app' } });
    await auth.authenticate(await github.github('my-org/other'));
    expect(github.fetches).toEqual({ discovery: 1, jwks: 1 });
  });

  test('a GitLab token: the configured jwksUri, no discovery', async () => {
    const id = await auth.authenticate(await gitlab.gitlab('group/app'), 'jwt');
    expect(id).toMatchObject({ kind: 'oidc', issuer: gitlab.url, claims: { project_path: 'group/app', ref_protected: 'true' } });
    expect(gitlab.fetches.discovery).toBe(0);
  });

  test('a rotated key is fetched when a token names an unknown kid', async () => {
    await auth.authenticate(await github.github('my-org/app'));
    const before = github.fetches.jwks;
    await github.rotate();
    await expect(auth.authenticate(await github.github('my-org/app'))).resolves.toMatchObject({ kind: 'oidc' });
    expect(github.fetches.jwks).toBe(before + 1);
  });

  test('a token expired within the clock skew passes; beyond it fails', async () => {
    await expect(auth.authenticate(await github.github('my-org/app', {}, { expiresIn: -10 }))).resolves.toMatchObject({ kind: 'oidc' });
    await expect(auth.authenticate(await github.github('my-org/app', {}, { expiresIn: -120 }))).rejects.toThrow('the token has expired');
  });

  test.each([
    ['no header', async () => undefined, /missing Authorization header/],
    ['a wrong secret', async () => 'not-the-secret', /neither the secret token nor a JWT/],
    ['wrong audience', async () => github.github('my-org/app', {}, { audience: 'someone-else' }), /audience mismatch/],
    ['expired', async () => github.github('my-org/app', {}, { expiresIn: -3600 }), /expired/],
    ['not valid yet', async () => github.github('my-org/app', {}, { notBefore: 3600 }), /not valid yet/],
    ['no expiry', async () => github.github('my-org/app', {}, { noExpiry: true }), /no expiry/],
    ['signed by a foreign key', async () => github.github('my-org/app', {}, { foreign: true }), /not signed by a key of its issuer/],
    ['an untrusted issuer', async () => stranger.github('my-org/app'), /not issued by a trusted issuer/],
    ['an untrusted issuer claiming a trusted iss', async () => stranger.github('my-org/app', {}, { issuer: github.url }), /not signed by a key of its issuer/],
    ['a GitLab token with a GitHub iss', async () => gitlab.gitlab('group/app', {}, { issuer: github.url }), /not signed by a key of its issuer/],
    ['garbage with dots', async () => 'a.b.c', /malformed/],
  ])('%s → 401', async (_name, token, reason) => {
    const t = await token();
    const err = await auth.authenticate(t === undefined ? undefined : `Bearer ${t}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as UnauthenticatedError).status).toBe(401);
    expect((err as Error).message).toMatch(reason);
    if (t) expect((err as Error).message).not.toContain(t);
  });

  test('an unreachable issuer is 503, not 401, and is retried later', async () => {
    const down = await startOidcIssuer();
    const token = await down.github('my-org/app');
    await down.close();
    const a = new Authenticator({ clockSkewMs: 0, issuers: [{ issuer: down.url, audience: ['cvmfs-unpack'] }] });
    await expect(a.authenticate(token)).rejects.toBeInstanceOf(IssuerUnavailableError);
  });

  test('plain http is refused for an issuer off loopback', () => {
    expect(() => new Authenticator({ clockSkewMs: 0, issuers: [{ issuer: 'http://gitlab.example.org', audience: ['x'] }] })).toThrow(ConfigError);
  });
});
