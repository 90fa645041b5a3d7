/**
 * RegistryClient against the real docker-registry (no auth): media types,
 * platform selection, blobs, tags, errors.
 */
import { gunzipSync, zstdDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseImageRef } from '../../src/reference/index.ts';
import {
  DigestMismatchError,
  PlatformNotFoundError,
  RegistryClient,
  RegistryError,
  SizeMismatchError,
} from '../../src/registry/index.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar, MEDIA, simpleImage, type WrittenLayout } from '../helpers/images.ts';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

let reg: StartedRegistry;
let client: RegistryClient;
beforeAll(async () => {
  reg = await startRegistry();
  client = new RegistryClient({ retryBaseMs: 1 });
});
afterAll(async () => {
  await client?.close();
  await reg?.stop();
});

describe('manifests and configs', () => {
  test.each(['oci', 'docker'] as const)('resolves a single %s image to its manifest and config', async (format) => {
    const spec = await simpleImage(format, { format, config: { Env: ['A=1'], Entrypoint: ['/bin/greet'], Cmd: ['x'], WorkingDir: '/w', User: '1000', Labels: { l: 'v' } } });
    const pushed = await buildAndPush(reg, `single/${format}:1`, spec);
    const ref = parseImageRef(reg.ref(`single/${format}:1`));
    const img = await client.resolve(ref);
    expect(img.topDigest).toBe(pushed.manifestDigest);
    expect(img.indexDigest).toBeUndefined();
    expect(img.manifestDigest).toBe(pushed.manifestDigest);
    expect(img.manifestMediaType).toBe(format === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest);
    expect(img.configDigest).toBe(pushed.configDigest);
    expect(img.manifest.layers.map((l) => l.digest)).toEqual(pushed.layerDigests);
    expect(img.config.rootfs.diff_ids).toEqual(pushed.diffIds);
    expect(img.config.config).toEqual({ Env: ['A=1'], Entrypoint: ['/bin/greet'], Cmd: ['x'], WorkingDir: '/w', User: '1000', Labels: { l: 'v' } });
    expect(img.platform).toEqual({ os: 'linux', architecture: 'amd64' });
  });

  test('headManifest gives the digest without a body', async () => {
    const pushed = await buildAndPush(reg, 'head/img:1', await simpleImage('head'));
    const head = await client.headManifest(parseImageRef(reg.ref('head/img:1')));
    expect(head).toEqual({ digest: pushed.manifestDigest, mediaType: MEDIA.ociManifest, size: pushed.manifestSize });
    const err = (await client.headManifest(parseImageRef(reg.ref('head/img:2'))).catch((e: unknown) => e)) as RegistryError;
    expect(err.status).toBe(404);
    expect(err.message).toBe(`checking manifest ${reg.host}/head/img:2: 404 not found`);
  });

  test('fetchManifest by digest verifies the bytes and keeps the digest', async () => {
    const pushed = await buildAndPush(reg, 'bydigest/img:1', await simpleImage('by digest'));
    const ref = parseImageRef(reg.ref(`bydigest/img@${pushed.manifestDigest}`));
    const m = await client.fetchManifest(ref);
    expect(m.digest).toBe(pushed.manifestDigest);
    expect(m.mediaType).toBe(MEDIA.ociManifest);
  });

  test('a missing tag is a 404 RegistryError that says what was being done', async () => {
    const ref = parseImageRef(reg.ref('a/b:1'));
    const err = await client.fetchManifest(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    const e = err as RegistryError;
    expect(e.message).toBe(`fetching manifest ${reg.host}/a/b:1: 404 MANIFEST_UNKNOWN manifest unknown`);
    expect(e.status).toBe(404);
    expect(e.errors[0]?.code).toBe('MANIFEST_UNKNOWN');
    expect(e.notFound).toBe(true);
    expect(e.temporary).toBe(false);
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${reg.url}/v2/a/b/manifests/1`);
  });

  test('an unknown tag of a known repository says MANIFEST_UNKNOWN', async () => {
    await buildAndPush(reg, 'known/repo:1', await simpleImage('known'));
    const err = (await client.fetchManifest(parseImageRef(reg.ref('known/repo:2'))).catch((e: unknown) => e)) as RegistryError;
    expect(err.message).toBe(`fetching manifest ${reg.host}/known/repo:2: 404 MANIFEST_UNKNOWN manifest unknown`);
  });
});

describe('multi-arch', () => {
  let pushed: Record<'oci' | 'docker', WrittenLayout>;
  beforeAll(async () => {
    const index = async (format: 'oci' | 'docker') =>
      buildAndPush(reg, `multi/${format}:1`, {
        format,
        attestations: true,
        index: [
          await simpleImage('amd64', { architecture: 'amd64' }),
          await simpleImage('arm64', { architecture: 'arm64', variant: 'v8' }),
          await simpleImage('armv7', { architecture: 'arm', variant: 'v7' }),
        ],
      });
    pushed = { oci: await index('oci'), docker: await index('docker') };
  });

  test.each([
    ['oci', undefined, 0],
    ['oci', { os: 'linux', architecture: 'arm64' }, 1],
    ['oci', { os: 'linux', architecture: 'arm64', variant: 'v8' }, 1],
    ['oci', { os: 'linux', architecture: 'arm' }, 2],
    ['docker', undefined, 0],
    ['docker', { os: 'linux', architecture: 'arm64' }, 1],
    ['docker', { os: 'linux', architecture: 'arm', variant: 'v7' }, 2],
  ] as const)('%s index, platform %j → entry %i', async (format, platform, entry) => {
    const p = pushed[format];
    const ref = parseImageRef(reg.ref(`multi/${format}:1`));
    const img = await client.resolve(ref, platform ? { platform } : {});
    expect(img.topDigest).toBe(p.indexDigest);
    expect(img.indexDigest).toBe(p.indexDigest);
    expect(img.manifestDigest).toBe(p.images[entry]!.manifestDigest);
    expect(img.configDigest).toBe(p.images[entry]!.configDigest);
    expect(img.manifestMediaType).toBe(format === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest);
  });

  test('reuses an already fetched top-level manifest', async () => {
    const ref = parseImageRef(reg.ref('multi/oci:1'));
    const top = await client.fetchManifest(ref);
    const img = await client.resolve(ref, { top, platform: { os: 'linux', architecture: 'arm64' } });
    expect(img.topDigest).toBe(top.digest);
    expect(img.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
  });

  test('a missing platform lists the available ones, attestations left out', async () => {
    const ref = parseImageRef(reg.ref('multi/oci:1'));
    const err = await client.resolve(ref, { platform: { os: 'linux', architecture: 's390x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformNotFoundError);
    expect((err as Error).message).toBe(
      `resolving ${reg.host}/multi/oci@${pushed.oci.indexDigest} for platform linux/s390x: no manifest for platform linux/s390x; available: linux/amd64, linux/arm64/v8, linux/arm/v7`,
    );
  });

  test('an attestation entry is never chosen', async () => {
    const ref = parseImageRef(reg.ref('multi/oci:1'));
    await expect(client.resolve(ref, { platform: { os: 'unknown', architecture: 'unknown' } })).rejects.toBeInstanceOf(PlatformNotFoundError);
  });
});

describe('blobs', () => {
  test.each(['gzip', 'zstd', 'none'] as const)('streams a %s layer with its digest verified', async (compression) => {
    const tar = await makeTar([{ name: 'big.bin', content: Buffer.alloc(3 << 20, 7) }, { name: 'small.txt', content: compression }]);
    const pushed = await buildAndPush(reg, `blobs/${compression}:1`, { layers: [{ tar, compression }] });
    const ref = parseImageRef(reg.ref(`blobs/${compression}:1`));
    const img = await client.resolve(ref);
    const layer = img.manifest.layers[0]!;
    expect(layer.digest).toBe(pushed.layerDigests[0]);
    const progress: number[] = [];
    const data = await readAll(client.openBlob(ref, layer, { onProgress: (b) => progress.push(b) }));
    expect(data.length).toBe(layer.size);
    expect(progress.at(-1)).toBe(layer.size);
    const plain = compression === 'gzip' ? gunzipSync(data) : compression === 'zstd' ? zstdDecompressSync(data) : data;
    expect(plain.equals(tar)).toBe(true);
  });

  test('a blob longer than its descriptor says fails with SizeMismatchError', async () => {
    await buildAndPush(reg, 'blobs/wrong:1', await simpleImage('wrong size'));
    const ref = parseImageRef(reg.ref('blobs/wrong:1'));
    const layer = (await client.resolve(ref)).manifest.layers[0]!;
    const err = await readAll(client.openBlob(ref, { ...layer, size: layer.size - 10 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SizeMismatchError);
    expect((err as Error).message).toMatch(new RegExp(`^fetching blob ${layer.digest} of ${reg.host}/blobs/wrong:1: size mismatch: expected ${layer.size - 10} bytes, got \\d+ or more$`));
  });

  test('a wrong size is reported', async () => {
    const ref = parseImageRef(reg.ref('blobs/wrong:1'));
    const img = await client.resolve(ref);
    const layer = img.manifest.layers[0]!;
    const err = await readAll(client.openBlob(ref, { ...layer, size: layer.size + 10 })).catch((e: unknown) => e);
    expect((err as Error).name).toBe('SizeMismatchError');
    expect((err as Error).message).toContain(`expected ${layer.size + 10} bytes, got ${layer.size}`);
  });

  test('a missing blob is a RegistryError naming the blob', async () => {
    const ref = parseImageRef(reg.ref('blobs/wrong:1'));
    const digest = `sha256:${'0'.repeat(64)}`;
    const err = await readAll(client.openBlob(ref, { mediaType: MEDIA.ociLayerGzip, digest, size: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toBe(`fetching blob ${digest} of ${reg.host}/blobs/wrong:1: 404 BLOB_UNKNOWN blob unknown to registry`);
  });

  test('digest mismatch errors carry both digests', () => {
    const e = new DigestMismatchError('fetching blob x', 'sha256:aa', 'sha256:bb');
    expect(e.message).toBe('fetching blob x: digest mismatch: expected sha256:aa, got sha256:bb');
  });
});

describe('tags', () => {
  test('lists every tag across Link-paginated pages', async () => {
    const spec = await simpleImage('tags');
    const tags = ['1.0', '1.1', '2.0', 'latest', 'v3'];
    for (const t of tags) await buildAndPush(reg, `tags/many:${t}`, spec);
    const ref = parseImageRef(reg.ref('tags/many:latest'));
    expect((await client.listTags(ref, { pageSize: 2 })).sort()).toEqual([...tags].sort());
    expect((await client.listTags(ref)).sort()).toEqual([...tags].sort());
  });
});
