import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addLayerOrigin,
  duccManifestJson,
  ensureCatalogMarkers,
  flatDir,
  layerDir,
  layersJson,
  listSyncRecords,
  parseDuccManifest,
  publishImage,
  readLayerOrigins,
  readSyncRecord,
  writeLayerMetadata,
  type ImagePublication,
} from '../../src/repo/index.ts';

const hex = (c: string) => c.repeat(64);
const CONFIG = `sha256:${hex('c')}`;
const CONFIG2 = `sha256:${hex('d')}`;
const LAYER = `sha256:${hex('a')}`;
const DIFF = hex('b');

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-meta-'));
  dirs.push(d);
  return d;
}
function noTempLeft(root: string): void {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.name.startsWith('.tmp-') ? [join(d, e.name)] : e.isDirectory() ? walk(join(d, e.name)) : []));
  expect(walk(root)).toEqual([]);
}

describe("DUCC's JSON forms", () => {
  test('manifest.json: Go field names, compact, declaration order, HTML-escaped like encoding/json', () => {
    const m = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1469, digest: CONFIG },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 75181999, digest: LAYER, urls: ['x'] }],
    };
    expect(duccManifestJson(m)).toBe(
      '{"SchemaVersion":2,"MediaType":"application/vnd.docker.distribution.manifest.v2+json",' +
        `"Config":{"MediaType":"application/vnd.docker.container.image.v1+json","Size":1469,"Digest":"${CONFIG}"},` +
        `"Layers":[{"MediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","Size":75181999,"Digest":"${LAYER}"}]}`,
    );
    // An OCI manifest may omit mediaType: Go writes the zero value.
    expect(duccManifestJson({ config: { size: 1, digest: CONFIG }, layers: [] })).toBe(
      `{"SchemaVersion":0,"MediaType":"","Config":{"MediaType":"","Size":1,"Digest":"${CONFIG}"},"Layers":[]}`,
    );
    expect(duccManifestJson({ config: { mediaType: 'a<b>&c', size: 1, digest: CONFIG }, layers: [] })).toContain('"a\\u003cb\\u003e\\u0026c"');
    expect(parseDuccManifest(duccManifestJson(m))).toEqual({ configDigest: CONFIG, layerDigests: [LAYER] });
  });

  test('layers.json: one-space indent, DUCC key order, Go time format', () => {
    expect(layersJson({ diffId: `sha256:${DIFF}`, digest: LAYER, size: 1234, created: '2024-05-06T07:08:09.500Z' })).toBe(
      `[\n {\n  "id": "${DIFF}",\n  "created": "2024-05-06T07:08:09.5Z",\n  "compressed-diff-digest": "${LAYER}",\n` +
        `  "diff-digest": "sha256:${DIFF}",\n  "diff-size": 1234\n }\n]`,
    );
    expect(layersJson({ diffId: DIFF, digest: LAYER, size: 0, created: new Date('2024-01-01T00:00:00Z') })).not.toContain('diff-size');
    expect(() => layersJson({ diffId: '../x', digest: LAYER, size: 1 })).toThrow(/invalid digest/);
  });
});

describe('layer metadata', () => {
  test('writeLayerMetadata writes layers.json (and external links when there are some)', () => {
    const d = tmp();
    writeLayerMetadata(d, { diffId: DIFF, digest: LAYER, size: 5, externalLinks: [{ path: 'a', target: 'b' }] });
    expect(JSON.parse(readFileSync(join(d, '.metadata/layers.json'), 'utf8'))[0]['diff-digest']).toBe(`sha256:${DIFF}`);
    expect(JSON.parse(readFileSync(join(d, '.metadata/external-links.json'), 'utf8'))).toEqual([{ path: 'a', target: 'b' }]);
    noTempLeft(d);
  });

  test('origin.json: merged without duplicates, DUCC duplicates cleaned, unchanged file not rewritten', () => {
    const d = tmp();
    mkdirSync(join(d, '.metadata'));
    writeFileSync(join(d, '.metadata/origin.json'), JSON.stringify({ origin: [CONFIG, CONFIG] }));
    addLayerOrigin(d, CONFIG2);
    addLayerOrigin(d, CONFIG);
    expect(readFileSync(join(d, '.metadata/origin.json'), 'utf8')).toBe(`{"origin":["${CONFIG}","${CONFIG2}"]}`);
    expect(readLayerOrigins(d)).toEqual([CONFIG, CONFIG2]);
    const fresh = tmp();
    addLayerOrigin(fresh, CONFIG);
    expect(readLayerOrigins(fresh)).toEqual([CONFIG]);
    expect(() => addLayerOrigin(fresh, 'sha256:../../x')).toThrow(/invalid digest/);
  });

  test('catalog markers: fixed ones always, per-digest ones where the dirs exist, never truncated', () => {
    const root = tmp();
    mkdirSync(join(root, layerDir(LAYER), 'layerfs'), { recursive: true });
    mkdirSync(join(root, flatDir(CONFIG)), { recursive: true });
    writeFileSync(join(root, '.flat/.cvmfscatalog'), 'keep');
    ensureCatalogMarkers(root, { layers: [LAYER], flats: [CONFIG, CONFIG2] });
    expect(readFileSync(join(root, '.flat/.cvmfscatalog'), 'utf8')).toBe('keep');
    for (const p of ['.layers/.cvmfscatalog', '.layers/aa/.cvmfscatalog', `${layerDir(LAYER)}/layerfs/.cvmfscatalog`, `${flatDir(CONFIG)}/.cvmfscatalog`]) {
      expect(existsSync(join(root, p)), p).toBe(true);
    }
    expect(existsSync(join(root, flatDir(CONFIG2)))).toBe(false);
  });
});

describe('publishing a name', () => {
  const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { size: 2, digest: CONFIG }, layers: [{ size: 3, digest: LAYER }] };
  const base = (over: Partial<ImagePublication> = {}): ImagePublication => ({
    linkPath: 'registry.hub.docker.com/library/centos:centos7',
    ref: 'registry.hub.docker.com/library/centos:centos7',
    topDigest: `sha256:${hex('e')}`,
    manifestDigest: `sha256:${hex('f')}`,
    configDigest: CONFIG,
    platform: { os: 'linux', architecture: 'amd64' },
    manifest,
    manifestBytes: '{"raw": true}',
    configBytes: '{}',
    syncedAt: new Date('2025-01-02T03:04:05Z'),
    ...over,
  });

  test('metadata files, a relative link that resolves to the flat dir, and a readable sync record', async () => {
    const root = tmp();
    mkdirSync(join(root, flatDir(CONFIG)), { recursive: true });
    const links = publishImage(root, base());
    const link = join(root, 'registry.hub.docker.com/library/centos:centos7');
    expect(links).toEqual([link]);
    expect(readlinkSync(link)).toBe(`../../.flat/cc/${hex('c')}`);
    expect(realpathSync(link)).toBe(realpathSync(join(root, flatDir(CONFIG))));
    const meta = join(root, '.metadata/registry.hub.docker.com/library/centos:centos7');
    expect(readFileSync(join(meta, 'manifest.json'), 'utf8')).toBe(duccManifestJson(manifest));
    expect(readFileSync(join(meta, 'manifest.raw.json'), 'utf8')).toBe('{"raw": true}');
    expect(readFileSync(join(meta, 'config.json'), 'utf8')).toBe('{}');
    expect(await readSyncRecord(root, 'registry.hub.docker.com/library/centos:centos7')).toEqual({
      ref: 'registry.hub.docker.com/library/centos:centos7',
      topDigest: `sha256:${hex('e')}`,
      manifestDigest: `sha256:${hex('f')}`,
      configDigest: CONFIG,
      platform: 'linux/amd64',
      syncedAt: '2025-01-02T03:04:05.000Z',
    });
    expect(await readSyncRecord(root, 'registry.hub.docker.com/library/centos:other')).toBeUndefined();
    noTempLeft(root);
  });

  test('a moved tag re-points the link; a non-link in the way is an error', () => {
    const root = tmp();
    mkdirSync(join(root, flatDir(CONFIG)), { recursive: true });
    mkdirSync(join(root, flatDir(CONFIG2)), { recursive: true });
    publishImage(root, base());
    publishImage(root, base({ configDigest: CONFIG2 }));
    expect(readlinkSync(join(root, 'registry.hub.docker.com/library/centos:centos7'))).toBe(`../../.flat/dd/${hex('d')}`);
    mkdirSync(join(root, 'h:5000/dir:1'), { recursive: true });
    expect(() => publishImage(root, base({ linkPath: 'h:5000/dir:1' }))).toThrow(/is in the way/);
    expect(() => publishImage(root, base({ configDigest: `sha256:${hex('0')}` }))).toThrow(/does not exist/);
  });

  test('multiarch: per-platform links and records; the public link shows the primary platform only', async () => {
    const root = tmp();
    mkdirSync(join(root, flatDir(CONFIG)), { recursive: true });
    mkdirSync(join(root, flatDir(CONFIG2)), { recursive: true });
    const name = 'ghcr.io/org/app:1.0';
    publishImage(root, base({ linkPath: name, multiarch: true, primary: true }));
    publishImage(root, base({ linkPath: name, multiarch: true, primary: false, configDigest: CONFIG2, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }));
    expect(realpathSync(join(root, name))).toBe(realpathSync(join(root, flatDir(CONFIG))));
    expect(realpathSync(join(root, '.multiarch/amd64', name))).toBe(realpathSync(join(root, flatDir(CONFIG))));
    expect(realpathSync(join(root, '.multiarch/arm64:v8', name))).toBe(realpathSync(join(root, flatDir(CONFIG2))));
    expect((await readSyncRecord(root, name, { architecture: 'arm64', variant: 'v8' }))?.platform).toBe('linux/arm64/v8');
    expect((await readSyncRecord(root, name))?.configDigest).toBe(CONFIG);
    expect(listSyncRecords(root).map((r) => r.linkPath)).toEqual(['.multiarch/amd64/ghcr.io/org/app:1.0', '.multiarch/arm64:v8/ghcr.io/org/app:1.0', 'ghcr.io/org/app:1.0']);
  });

  test('a damaged sync record reads as none (costs only a re-sync)', async () => {
    const root = tmp();
    mkdirSync(join(root, '.metadata/r/x:1'), { recursive: true });
    writeFileSync(join(root, '.metadata/r/x:1/sync.json'), '{not json');
    expect(await readSyncRecord(root, 'r/x:1')).toBeUndefined();
  });
});
