// The engine end to end against the real registry: a dir target is filled in
// DUCC's layout; re-syncs are incremental; one bad image never stops another.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { syncImages } from '../../src/convert/index.ts';
import { parseTarget } from '../../src/publish/index.ts';
import { parseImageRef } from '../../src/reference/index.ts';
import { RegistryClient } from '../../src/registry/index.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { buildAndPush, makeTar, simpleImage } from '../helpers/images.ts';

let registry: StartedRegistry;
let proxy: FaultProxy;
const dirs: string[] = [];

function tempTarget(): string {
  const d = mkdtempSync(join(tmpdir(), 'sync-target-'));
  dirs.push(d);
  return d;
}

function hex(digest: string): string {
  return digest.replace(/^sha256:/, '');
}

async function sync(target: string, images: string[], extraTags?: string[]) {
  return syncImages(
    images.map((i) => ({ ref: parseImageRef(i), extraTags })),
    { publisher: parseTarget(`dir:${target}`), client: new RegistryClient({ retries: 1, retryBaseMs: 10 }) },
  );
}

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.url);
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a cold sync into a dir target', () => {
  test('writes layers, the flat tree, metadata, markers and a relative link', async () => {
    const pushed = await buildAndPush(registry.host, 'group/app:1.0', await simpleImage('cold'));
    const target = tempTarget();
    const [result] = await sync(target, [registry.ref('group/app:1.0')]);

    expect(result).toMatchObject({ status: 'published', digest: pushed.manifestDigest, configDigest: pushed.configDigest });
    const link = join(target, registry.host, 'group', 'app:1.0');
    expect(result!.path).toBe(link);
    const cfg = hex(pushed.configDigest);
    // A relative link: ../../../.flat/<xx>/<hex> from <host>/group/app:1.0
    expect(readlinkSync(link)).toBe(`../../.flat/${cfg.slice(0, 2)}/${cfg}`);
    expect(resolve(dirname(link), readlinkSync(link))).toBe(join(target, '.flat', cfg.slice(0, 2), cfg));
    expect(readFileSync(join(link, 'etc', 'hello.txt'), 'utf8')).toBe('cold\n');

    const layer = hex(pushed.layerDigests[0]!);
    const layerRoot = join(target, '.layers', layer.slice(0, 2), layer);
    expect(readFileSync(join(layerRoot, 'layerfs', 'etc', 'hello.txt'), 'utf8')).toBe('cold\n');
    const layersJson = JSON.parse(readFileSync(join(layerRoot, '.metadata', 'layers.json'), 'utf8'));
    expect(layersJson).toEqual([
      expect.objectContaining({
        id: hex(pushed.diffIds[0]!),
        'compressed-diff-digest': pushed.layerDigests[0],
        'diff-digest': pushed.diffIds[0],
        'diff-size': expect.any(Number),
      }),
    ]);
    expect(JSON.parse(readFileSync(join(layerRoot, '.metadata', 'origin.json'), 'utf8'))).toEqual({ origin: [pushed.configDigest] });

    const manifest = JSON.parse(readFileSync(join(target, '.metadata', registry.host, 'group', 'app:1.0', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ SchemaVersion: 2, Config: { Digest: pushed.configDigest } });
    expect(manifest.Layers.map((l: { Digest: string }) => l.Digest)).toEqual(pushed.layerDigests);

    for (const marker of ['.layers', `.layers/${layer.slice(0, 2)}`, `.layers/${layer.slice(0, 2)}/${layer}/layerfs`, '.flat', `.flat/${cfg.slice(0, 2)}/${cfg}`]) {
      expect(lstatSync(join(target, marker, '.cvmfscatalog')).isFile(), marker).toBe(true);
    }
    // Readable by everyone (users read /cvmfs as themselves), though built in 0700 temp dirs.
    for (const dir of [layerRoot, join(layerRoot, 'layerfs'), join(target, '.flat', cfg.slice(0, 2), cfg)]) {
      expect((lstatSync(dir).mode & 0o777).toString(8), dir).toBe('755');
    }
    // Nothing half-written is left under a temporary name.
    const leftovers = readdirSync(join(target, '.flat', cfg.slice(0, 2))).filter((n) => n.startsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });
});

describe('incremental syncs', () => {
  test('an unchanged image costs one manifest request and downloads nothing', async () => {
    await buildAndPush(registry.host, 'inc/same:1', await simpleImage('same'));
    const target = tempTarget();
    const first = await sync(target, [proxy.ref('inc/same:1')]);
    expect(first[0]!.status).toBe('published');
    const before = proxy.requests.length;
    const second = await sync(target, [proxy.ref('inc/same:1')]);
    expect(second[0]!.status).toBe('unchanged');
    const after = proxy.requests.slice(before).filter((r) => r.path.includes('/inc/same/'));
    expect(after.map((r) => `${r.method} ${r.path}`)).toEqual([expect.stringMatching(/manifests\/1$/)]);
  });

  test('a tag moved to an image already present only re-points the link', async () => {
    const a = await buildAndPush(registry.host, 'inc/moving:a', await simpleImage('A'));
    const b = await buildAndPush(registry.host, 'inc/moving:b', await simpleImage('B'));
    const target = tempTarget();
    await sync(target, [registry.ref('inc/moving:a'), registry.ref('inc/moving:b')]);
    await buildAndPush(registry.host, 'inc/moving:a', await simpleImage('B'));
    const blobsBefore = proxy.count(/\/blobs\//);
    const [moved] = await sync(target, [proxy.ref('inc/moving:a')]);
    expect(moved).toMatchObject({ status: 'published', configDigest: b.configDigest });
    expect(moved!.timings.layersFetched).toBe(0);
    // Only the config blob is read; no layer is downloaded again.
    expect(proxy.count(/\/blobs\//) - blobsBefore).toBeLessThanOrEqual(1);
    expect(readFileSync(join(target, registry.host.replace(/:.*/, '') === '' ? '' : proxy.host, 'inc', 'moving:a', 'etc', 'hello.txt'), 'utf8')).toBe('B\n');
    expect(a.configDigest).not.toBe(b.configDigest);
  });

  test('images sharing a base layer fetch and write it once', async () => {
    const base = await makeTar([{ name: 'base/', type: 'directory' }, { name: 'base/file', content: 'shared base' }]);
    const top1 = await makeTar([{ name: 'one', content: '1' }]);
    const top2 = await makeTar([{ name: 'two', content: '2' }]);
    const i1 = await buildAndPush(registry.host, 'share/one:1', { layers: [{ tar: base }, { tar: top1 }] });
    const i2 = await buildAndPush(registry.host, 'share/two:1', { layers: [{ tar: base }, { tar: top2 }] });
    expect(i1.layerDigests[0]).toBe(i2.layerDigests[0]);
    const target = tempTarget();
    const before = proxy.count(new RegExp(`/blobs/${i1.layerDigests[0]}`));
    const results = await sync(target, [proxy.ref('share/one:1'), proxy.ref('share/two:1')]);
    expect(results.map((r) => r.status)).toEqual(['published', 'published']);
    expect(proxy.count(new RegExp(`/blobs/${i1.layerDigests[0]}`)) - before).toBe(1);
    expect(results.map((r) => r.timings.layersFetched)).toEqual([2, 1]);
    const baseHex = hex(i1.layerDigests[0]!);
    const origin = JSON.parse(readFileSync(join(target, '.layers', baseHex.slice(0, 2), baseHex, '.metadata', 'origin.json'), 'utf8'));
    expect(origin.origin.sort()).toEqual([i1.configDigest, i2.configDigest].sort());
  });

  test('extra tags link to the same flat tree', async () => {
    const pushed = await buildAndPush(registry.host, 'tags/app:v1', await simpleImage('tagged'));
    const target = tempTarget();
    const results = await sync(target, [registry.ref('tags/app:v1')], ['latest', 'stable']);
    expect(results.map((r) => r.ref.replace(/^http:\/\/[^/]+\//, ''))).toEqual(['tags/app:v1', 'tags/app:latest', 'tags/app:stable']);
    const cfg = hex(pushed.configDigest);
    for (const t of ['v1', 'latest', 'stable']) {
      expect(readlinkSync(join(target, registry.host, 'tags', `app:${t}`))).toBe(`../../.flat/${cfg.slice(0, 2)}/${cfg}`);
    }
  });
});

describe('failures', () => {
  test('a missing image fails with its reason and the others are still published', async () => {
    await buildAndPush(registry.host, 'fail/good:1', await simpleImage('good'));
    const target = tempTarget();
    const results = await sync(target, [registry.ref('fail/missing:1'), registry.ref('fail/good:1')]);
    expect(results.find((r) => r.ref.includes('missing'))).toMatchObject({ status: 'failed', error: expect.stringMatching(/manifest unknown|404/i) });
    expect(results.find((r) => r.ref.includes('good'))).toMatchObject({ status: 'published' });
    expect(existsSync(join(target, registry.host, 'fail', 'good:1', 'etc', 'hello.txt'))).toBe(true);
    expect(existsSync(join(target, registry.host, 'fail', 'missing:1'))).toBe(false);
  });

  test('a corrupted layer fails the image and leaves no directory under a final name', async () => {
    const pushed = await buildAndPush(registry.host, 'fail/corrupt:1', await simpleImage('corrupt'));
    const target = tempTarget();
    proxy.addFault({ path: new RegExp(`/blobs/${pushed.layerDigests[0]}`), fault: { kind: 'corrupt' }, times: 10 });
    try {
      const [r] = await sync(target, [proxy.ref('fail/corrupt:1')]);
      expect(r).toMatchObject({ status: 'failed', error: expect.stringMatching(/digest/i) });
    } finally {
      proxy.clearFaults();
    }
    const layer = hex(pushed.layerDigests[0]!);
    const cfg = hex(pushed.configDigest);
    expect(existsSync(join(target, '.layers', layer.slice(0, 2), layer))).toBe(false);
    expect(existsSync(join(target, '.flat', cfg.slice(0, 2), cfg))).toBe(false);
    const tmp = (d: string) => (existsSync(d) ? readdirSync(d).filter((n) => n.startsWith('.tmp')) : []);
    expect([...tmp(join(target, '.layers', layer.slice(0, 2))), ...tmp(join(target, '.flat', cfg.slice(0, 2)))]).toEqual([]);
  });
});

/** The real dir publisher, counting the transactions it is asked to begin. */
function countingPublisher(target: string) {
  const inner = parseTarget(`dir:${target}`);
  let count = 0;
  const publisher = Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, {
    begin: (o?: Parameters<typeof inner.begin>[0]) => {
      count++;
      return inner.begin(o);
    },
  }) as typeof inner;
  return { publisher, transactions: () => count };
}

describe('batches', () => {
  test('a bound of two images per transaction publishes five images in three transactions', async () => {
    for (const n of [1, 2, 3, 4, 5]) await buildAndPush(registry.host, `batch/img${n}:1`, await simpleImage(`batch ${n}`));
    const target = tempTarget();
    const { publisher, transactions } = countingPublisher(target);
    const results = await syncImages(
      [1, 2, 3, 4, 5].map((n) => ({ ref: parseImageRef(registry.ref(`batch/img${n}:1`)) })),
      { publisher, batch: { images: 2 } },
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('published'));
    expect(transactions()).toBe(3);
  });

  test('an unchanged run opens no transaction at all', async () => {
    await buildAndPush(registry.host, 'batch/noop:1', await simpleImage('noop'));
    const target = tempTarget();
    await sync(target, [registry.ref('batch/noop:1')]);
    const { publisher, transactions } = countingPublisher(target);
    const [r] = await syncImages([{ ref: parseImageRef(registry.ref('batch/noop:1')) }], { publisher });
    expect(r!.status).toBe('unchanged');
    expect(transactions()).toBe(0);
  });
});
