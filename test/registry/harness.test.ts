/**
 * The test harness itself: the real registry in its three auth modes, and
 * images built by test/helpers/images.ts pushed with their digests preserved.
 * Checked with plain HTTP requests, independent of src/registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request } from 'undici';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar, MEDIA, sha256, simpleImage } from '../helpers/images.ts';

const ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(', ');

async function getManifest(reg: StartedRegistry, repo: string, reference: string, authorization?: string) {
  const res = await request(`${reg.url}/v2/${repo}/manifests/${reference}`, {
    headers: { accept: ACCEPT, ...(authorization ? { authorization } : {}) },
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, body, digest: res.headers['docker-content-digest'], contentType: res.headers['content-type'] };
}

describe('registry without auth', () => {
  let reg: StartedRegistry;
  beforeAll(async () => { reg = await startRegistry(); });
  afterAll(async () => { await reg?.stop(); });

  test('an OCI image keeps its digest', async () => {
    const pushed = await buildAndPush(reg, 'test/oci:1', await simpleImage('oci'));
    const got = await getManifest(reg, 'test/oci', '1');
    expect(got.status).toBe(200);
    expect(got.digest).toBe(pushed.manifestDigest);
    expect(sha256(got.body)).toBe(pushed.manifestDigest);
    expect(got.contentType).toBe(MEDIA.ociManifest);
  });

  test('the same spec gives the same digests', async () => {
    const a = await buildAndPush(reg, 'test/same:a', await simpleImage('same'));
    const b = await buildAndPush(reg, 'test/same:b', await simpleImage('same'));
    expect(b.manifestDigest).toBe(a.manifestDigest);
    expect(b.layerDigests).toEqual(a.layerDigests);
  });

  test('a Docker v2 schema 2 image with docker media types', async () => {
    const pushed = await buildAndPush(reg, 'test/docker:1', await simpleImage('docker', { format: 'docker' }));
    const got = await getManifest(reg, 'test/docker', '1');
    expect(got.contentType).toBe(MEDIA.dockerManifest);
    expect(got.digest).toBe(pushed.manifestDigest);
  });

  test('zstd and uncompressed layers', async () => {
    const tar = await makeTar([{ name: 'a.txt', content: 'a' }]);
    const pushed = await buildAndPush(reg, 'test/zstd:1', { layers: [{ tar, compression: 'zstd' }, { tar, compression: 'none' }] });
    const manifest = JSON.parse((await getManifest(reg, 'test/zstd', '1')).body.toString()) as { layers: { mediaType: string; digest: string }[] };
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([MEDIA.ociLayerZstd, MEDIA.ociLayerTar]);
    expect(manifest.layers[1]!.digest).toBe(sha256(tar));
    expect(pushed.diffIds).toEqual([sha256(tar), sha256(tar)]);
  });

  test.each(['oci', 'docker'] as const)('a multi-arch %s index with attestations', async (format) => {
    const pushed = await buildAndPush(reg, `test/multi-${format}:1`, {
      format,
      attestations: true,
      index: [
        await simpleImage('amd64', { architecture: 'amd64' }),
        await simpleImage('arm64', { architecture: 'arm64', variant: 'v8' }),
      ],
    });
    const got = await getManifest(reg, `test/multi-${format}`, '1');
    expect(got.digest).toBe(pushed.indexDigest);
    expect(got.contentType).toBe(format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerList);
    const index = JSON.parse(got.body.toString()) as { manifests: { digest: string; platform: { os: string; architecture: string } }[] };
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`)).toEqual(['linux/amd64', 'linux/arm64', 'unknown/unknown', 'unknown/unknown']);
    const arm = await getManifest(reg, `test/multi-${format}`, pushed.images[1]!.manifestDigest);
    expect(arm.status).toBe(200);
  });
});

describe.each(['htpasswd', 'token'] as const)('registry with %s auth', (auth) => {
  let reg: StartedRegistry;
  beforeAll(async () => { reg = await startRegistry({ auth }); });
  afterAll(async () => { await reg?.stop(); });

  test('refuses anonymous access and accepts the test credentials', async () => {
    const pushed = await buildAndPush(reg, 'test/auth:1', await simpleImage(auth));
    expect((await getManifest(reg, 'test/auth', '1')).status).toBe(401);
    let authorization = `Basic ${Buffer.from(reg.creds!).toString('base64')}`;
    if (auth === 'token') {
      const ts = reg.tokenServer!;
      const res = await request(`${ts.realm}?service=${ts.service}&scope=repository:test/auth:pull`, { headers: { authorization } });
      const body = (await res.body.json()) as { token: string };
      authorization = `Bearer ${body.token}`;
      expect(ts.requests.filter((r) => r.authenticated).length).toBeGreaterThan(0);
    }
    const got = await getManifest(reg, 'test/auth', '1', authorization);
    expect(got.status).toBe(200);
    expect(got.digest).toBe(pushed.manifestDigest);
  });
});
