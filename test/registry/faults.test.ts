/**
 * Faults injected between the client and the real registry by
 * test/helpers/fault-proxy.ts: dropped connections, 429/503, corrupted
 * bodies, schema 1 answers, and redirects to a second server.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseImageRef } from '../../src/reference/index.ts';
import { createLogger } from '../../src/log/logger.ts';
import {
  CredentialStore,
  DigestMismatchError,
  RegistryClient,
  RegistryError,
  UnsupportedManifestError,
} from '../../src/registry/index.ts';
import { freePort, startRegistry, TEST_PASSWORD, TEST_USERNAME, type StartedRegistry } from '../helpers/registry-server.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { buildAndPush, makeTar, simpleImage } from '../helpers/images.ts';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** 4 MiB that do not compress away, the same every run. */
function pseudoRandom(size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = Buffer.from('seed');
  for (let off = 0; off < size; off += 32) {
    block = createHash('sha256').update(block).digest();
    block.copy(out, off);
  }
  return out;
}

describe('faults without auth', () => {
  let reg: StartedRegistry;
  let proxy: FaultProxy;
  let client: RegistryClient;
  beforeAll(async () => {
    reg = await startRegistry();
    proxy = await startFaultProxy(reg.url);
    await buildAndPush(reg, 'fault/big:1', { layers: [{ tar: await makeTar([{ name: 'blob.bin', content: pseudoRandom(4 << 20) }]), compression: 'none' }] });
    await buildAndPush(reg, 'fault/small:1', await simpleImage('small'));
  });
  beforeEach(async () => {
    proxy.clearFaults();
    await client?.close();
    client = new RegistryClient({ retryBaseMs: 1, retries: 3 });
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.stop();
    await reg?.stop();
  });

  test('a connection dropped mid-blob is resumed with Range', async () => {
    const ref = parseImageRef(proxy.ref('fault/big:1'));
    const img = await client.resolve(ref);
    const layer = img.manifest.layers[0]!;
    proxy.addFault({ method: 'GET', path: /\/blobs\/sha256:/, fault: { kind: 'drop-after', bytes: 1 << 20 } });
    const start = proxy.requests.length;
    const data = await readAll(client.openBlob(ref, layer));
    expect(data.length).toBe(layer.size);
    expect(`sha256:${createHash('sha256').update(data).digest('hex')}`).toBe(layer.digest);
    const blobRequests = proxy.requests.slice(start).filter((r) => r.path.includes('/blobs/'));
    expect(blobRequests.map((r) => r.fault)).toEqual(['drop-after', undefined]);
    expect(blobRequests[0]!.headers.range).toBeUndefined();
    expect(blobRequests[1]!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  test('429 with Retry-After is retried', async () => {
    proxy.addFault({ path: /\/manifests\//, fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } } });
    const start = proxy.requests.length;
    const img = await client.resolve(parseImageRef(proxy.ref('fault/small:1')));
    expect(img.manifest.layers.length).toBe(1);
    const manifestRequests = proxy.requests.slice(start).filter((r) => r.path.includes('/manifests/'));
    expect(manifestRequests.map((r) => r.fault)).toEqual(['status', undefined]);
  });

  test('a connection reset before the answer is retried', async () => {
    proxy.addFault({ path: /\/manifests\//, fault: { kind: 'reset' } });
    const start = proxy.requests.length;
    const m = await client.fetchManifest(parseImageRef(proxy.ref('fault/small:1')));
    expect(m.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(proxy.requests.slice(start).filter((r) => r.path.includes('/manifests/')).map((r) => r.fault ?? 'ok')).toEqual(['reset', 'ok']);
  });

  test('a blob that keeps dropping without progress ends in a temporary RegistryError', async () => {
    const ref = parseImageRef(proxy.ref('fault/big:1'));
    const img = await client.resolve(ref);
    proxy.addFault({ path: /\/blobs\/sha256:/, fault: { kind: 'reset' }, times: 100 });
    const err = await readAll(client.openBlob(ref, img.manifest.layers[0]!)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).temporary).toBe(true);
    expect((err as Error).message).toMatch(/^fetching blob sha256:\w+ of .*fault\/big:1: network error: /);
  });

  test('503 on a blob is retried', async () => {
    const ref = parseImageRef(proxy.ref('fault/small:1'));
    const img = await client.resolve(ref);
    proxy.addFault({ path: /\/blobs\//, fault: { kind: 'status', status: 503 }, times: 2 });
    const data = await readAll(client.openBlob(ref, img.manifest.layers[0]!));
    expect(data.length).toBe(img.manifest.layers[0]!.size);
    expect(proxy.requests.filter((r) => r.fault === 'status').length).toBeGreaterThanOrEqual(2);
  });

  test('retries are bounded: persistent 503 ends in a temporary RegistryError', async () => {
    proxy.addFault({ path: /\/manifests\/1$/, fault: { kind: 'status', status: 503 }, times: 100 });
    const start = proxy.requests.length;
    const err = await client.fetchManifest(parseImageRef(proxy.ref('fault/small:1'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).temporary).toBe(true);
    expect((err as Error).message).toBe(`fetching manifest ${proxy.host}/fault/small:1: 503 UNAVAILABLE injected fault`);
    expect(proxy.requests.slice(start).filter((r) => r.path.includes('/manifests/')).length).toBe(4);
  });

  test('a corrupted blob fails with DigestMismatchError', async () => {
    const ref = parseImageRef(proxy.ref('fault/small:1'));
    const img = await client.resolve(ref);
    proxy.addFault({ path: /\/blobs\//, fault: { kind: 'corrupt' } });
    const err = await readAll(client.openBlob(ref, img.manifest.layers[0]!)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as Error).message).toMatch(new RegExp(`^fetching blob ${img.manifest.layers[0]!.digest} of ${proxy.host}/fault/small:1: digest mismatch`));
  });

  test('a corrupted manifest fails with DigestMismatchError', async () => {
    proxy.addFault({ path: /\/manifests\//, fault: { kind: 'corrupt' } });
    await expect(client.fetchManifest(parseImageRef(proxy.ref('fault/small:1')))).rejects.toBeInstanceOf(DigestMismatchError);
  });

  test('a schema 1 manifest is refused with a clear error', async () => {
    const body = JSON.stringify({ schemaVersion: 1, name: 'fault/small', tag: '1', architecture: 'amd64', fsLayers: [], history: [] });
    proxy.addFault({ path: /\/manifests\//, fault: { kind: 'status', status: 200, headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' }, body } });
    const err = await client.fetchManifest(parseImageRef(proxy.ref('fault/small:1'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedManifestError);
    expect((err as Error).message).toMatch(/^fetching manifest .*fault\/small:1: the registry serves a Docker image manifest schema 1/);
  });
});

test('an unreachable registry is a temporary RegistryError after bounded retries', async () => {
  const port = await freePort();
  const client = new RegistryClient({ retries: 1, retryBaseMs: 1 });
  const err = await client.fetchManifest(parseImageRef(`http://127.0.0.1:${port}/x/y:1`)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RegistryError);
  expect((err as RegistryError).temporary).toBe(true);
  expect((err as Error).message).toBe(`fetching manifest 127.0.0.1:${port}/x/y:1: pinging http://127.0.0.1:${port}/v2/: network error: connect ECONNREFUSED 127.0.0.1:${port}`);
  await client.close();
});

describe.each(['htpasswd', 'token'] as const)('redirect to blob storage with %s auth', (auth) => {
  let reg: StartedRegistry;
  let proxy: FaultProxy;
  beforeAll(async () => {
    reg = await startRegistry({ auth });
    proxy = await startFaultProxy(reg.url);
    await buildAndPush(reg, 'redir/img:1', await simpleImage('redirect'));
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  test('follows the redirect without sending Authorization, and logs no secret', async () => {
    const lines: string[] = [];
    const logger = createLogger((level, msg, fields) => lines.push(`${level} ${msg} ${JSON.stringify(fields)}`));
    const credentials = new CredentialStore([[proxy.host, { username: TEST_USERNAME, password: TEST_PASSWORD }]]);
    const client = new RegistryClient({ credentials, logger, retryBaseMs: 1 });
    const ref = parseImageRef(proxy.ref('redir/img:1'));
    const img = await client.resolve(ref);
    proxy.addFault({ method: 'GET', path: /\/blobs\//, fault: { kind: 'redirect' } });
    const data = await readAll(client.openBlob(ref, img.manifest.layers[0]!));
    expect(data.length).toBe(img.manifest.layers[0]!.size);
    const redirectedFrom = proxy.requests.find((r) => r.fault === 'redirect')!;
    expect(redirectedFrom.headers.authorization).toMatch(auth === 'token' ? /^Bearer / : /^Basic /);
    expect(proxy.redirected.length).toBe(1);
    expect(proxy.redirected[0]!.headers.authorization).toBeUndefined();
    const logged = lines.join('\n');
    expect(logged).not.toContain(TEST_PASSWORD);
    expect(logged).not.toContain(Buffer.from(`${TEST_USERNAME}:${TEST_PASSWORD}`).toString('base64'));
    expect(logged).not.toContain('secret-signature');
    await client.close();
  });
});
