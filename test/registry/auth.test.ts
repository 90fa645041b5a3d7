/**
 * Auth against the real docker-registry: htpasswd (Basic) and token (Bearer,
 * with the token server in test/helpers/token-server.ts), tokens cached.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseImageRef } from '../../src/reference/index.ts';
import { CredentialStore, RegistryClient, RegistryError, envVarPrefix } from '../../src/registry/index.ts';
import { startRegistry, TEST_PASSWORD, TEST_USERNAME, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, simpleImage } from '../helpers/images.ts';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function storeFor(reg: StartedRegistry, password = TEST_PASSWORD): CredentialStore {
  return new CredentialStore([[reg.host, { username: TEST_USERNAME, password }]]);
}

describe('htpasswd (Basic)', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'htpasswd' });
    await buildAndPush(reg, 'basic/img:1', await simpleImage('basic'));
  });
  afterAll(async () => { await reg?.stop(); });

  test('pulls with credentials from the store', async () => {
    const client = new RegistryClient({ credentials: storeFor(reg), retryBaseMs: 1 });
    const ref = parseImageRef(reg.ref('basic/img:1'));
    const img = await client.resolve(ref);
    const blob = await readAll(client.openBlob(ref, img.manifest.layers[0]!));
    expect(blob.length).toBe(img.manifest.layers[0]!.size);
    await client.close();
  });

  test('pulls with credentials from per-registry environment variables', async () => {
    const prefix = envVarPrefix(reg.host);
    const env = { HOME: '/nonexistent', [`${prefix}USERNAME`]: TEST_USERNAME, [`${prefix}PASSWORD`]: TEST_PASSWORD };
    const client = new RegistryClient({ credentials: CredentialStore.fromEnvironment(env), retryBaseMs: 1 });
    const tags = await client.listTags(parseImageRef(reg.ref('basic/img:1')));
    expect(tags).toEqual(['1']);
    await client.close();
  });

  test('without credentials the registry says 401 UNAUTHORIZED', async () => {
    const client = new RegistryClient({ retryBaseMs: 1 });
    const err = await client.fetchManifest(parseImageRef(reg.ref('basic/img:1'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).status).toBe(401);
    expect((err as RegistryError).temporary).toBe(false);
    expect((err as Error).message).toMatch(new RegExp(`^fetching manifest ${reg.host}/basic/img:1: 401 UNAUTHORIZED`));
    await client.close();
  });
});

describe('token (Bearer)', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token' });
    await buildAndPush(reg, 'tok/img:1', await simpleImage('token one'));
    await buildAndPush(reg, 'tok/img:2', await simpleImage('token two'));
    await buildAndPush(reg, 'tok/other:1', await simpleImage('token other'));
  });
  afterAll(async () => { await reg?.stop(); });

  const pullRequests = (scope: string) => reg.tokenServer!.requests.filter((r) => r.scopes.includes(scope) && r.authenticated);

  test('fetches one token per scope and reuses it for a second pull', async () => {
    const client = new RegistryClient({ credentials: storeFor(reg), retryBaseMs: 1 });
    const scope = 'repository:tok/img:pull';
    const before = pullRequests(scope).length;
    const one = await client.resolve(parseImageRef(reg.ref('tok/img:1')));
    await readAll(client.openBlob(one.ref, one.manifest.layers[0]!));
    expect(pullRequests(scope).length).toBe(before + 1);
    const two = await client.resolve(parseImageRef(reg.ref('tok/img:2')));
    await readAll(client.openBlob(two.ref, two.manifest.layers[0]!));
    expect(pullRequests(scope).length).toBe(before + 1);
    expect(client.tokenRequests).toBe(1);
    // Another repository is another scope: one more token.
    await client.resolve(parseImageRef(reg.ref('tok/other:1')));
    expect(pullRequests('repository:tok/other:pull').length).toBeGreaterThanOrEqual(1);
    expect(client.tokenRequests).toBe(2);
    const last = reg.tokenServer!.requests.at(-1)!;
    expect(last.service).toBe(reg.tokenServer!.service);
    expect(last.username).toBe(TEST_USERNAME);
    await client.close();
  });

  test('wrong credentials: the token request fails with 401', async () => {
    const client = new RegistryClient({ credentials: storeFor(reg, 'wrong'), retryBaseMs: 1 });
    const err = await client.fetchManifest(parseImageRef(reg.ref('tok/img:1'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toBe(`fetching manifest ${reg.host}/tok/img:1: fetching a token for repository:tok/img:pull from ${reg.tokenServer!.realm}?service=${reg.tokenServer!.service}&scope=repository%3Atok%2Fimg%3Apull: 401 UNAUTHORIZED bad credentials`);
    expect((err as Error).message).not.toContain('wrong');
    expect((err as RegistryError).status).toBe(401);
    expect((err as RegistryError).temporary).toBe(false);
    await client.close();
  });

  test('anonymous: a token without pull access leads to 401 from the registry', async () => {
    const client = new RegistryClient({ retryBaseMs: 1 });
    const err = (await client.fetchManifest(parseImageRef(reg.ref('tok/img:1'))).catch((e: unknown) => e)) as RegistryError;
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.status).toBe(401);
    await client.close();
  });
});

describe('token with an identity token (OAuth2 refresh token, as `docker login` stores for some registries)', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token', identityToken: 'test-only-identity-token' });
    await buildAndPush(reg, 'ident/img:1', await simpleImage('identity'));
  });
  afterAll(async () => { await reg?.stop(); });

  test.each([
    ['test-only-identity-token', true],
    ['not-the-identity-token', false],
  ])('identity token %s → pull allowed: %s', async (identityToken, allowed) => {
    const client = new RegistryClient({ credentials: new CredentialStore([[reg.host, { identityToken }]]), retryBaseMs: 1 });
    const got = await client.fetchManifest(parseImageRef(reg.ref('ident/img:1'))).then(
      (m) => m.mediaType,
      (e: unknown) => (e as RegistryError).status,
    );
    expect(got).toBe(allowed ? 'application/vnd.oci.image.manifest.v1+json' : 401);
    await client.close();
  });
});

describe('token with anonymous pull (like Docker Hub, GHCR, Quay for public images)', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token', anonymousPull: true });
    await buildAndPush(reg, 'public/img:1', await simpleImage('public'));
  });
  afterAll(async () => { await reg?.stop(); });

  test('pulls with an anonymous token', async () => {
    const client = new RegistryClient({ retryBaseMs: 1 });
    const img = await client.resolve(parseImageRef(reg.ref('public/img:1')));
    await readAll(client.openBlob(img.ref, img.manifest.layers[0]!));
    const anonymous = reg.tokenServer!.requests.filter((r) => r.username === undefined);
    expect(anonymous.length).toBe(1);
    expect(anonymous[0]!.scopes).toEqual(['repository:public/img:pull']);
    await client.close();
  });
});
