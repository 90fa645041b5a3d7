import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MEDIA, makeTar, sha256 } from '../helpers/images.ts';
import { fileDigest, pushFileImage, withFileLock, writeLayoutFromFiles, type FileLayer } from '../helpers/minbase.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'minbase-helpers-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function smallFileLayer(name: string, text: string): Promise<FileLayer> {
  const tar = await makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/hello', content: text }]);
  const path = join(dir, `${name}.tar.gz`);
  writeFileSync(path, gzipSync(tar));
  const { digest, size } = await fileDigest(path);
  return { path, digest, size, diffId: sha256(tar) };
}

describe('withFileLock', () => {
  test('serialises two holders of the same lock and removes it afterwards', async () => {
    const lock = join(dir, 'serial.lock');
    const events: string[] = [];
    const hold = (name: string) =>
      withFileLock(lock, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 100));
        events.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([hold('a'), hold('b')]);
    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(lock)).toBe(false);
  });

  test('takes over a lock whose holder has died', async () => {
    const lock = join(dir, 'stale.lock');
    const dead = spawnSync('true');
    writeFileSync(lock, String(dead.pid));
    await expect(withFileLock(lock, async () => 'ran')).resolves.toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  test('releases the lock when the holder throws', async () => {
    const lock = join(dir, 'throw.lock');
    await expect(withFileLock(lock, async () => { throw new Error('build failed'); })).rejects.toThrow('build failed');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('writeLayoutFromFiles', () => {
  test('writes an OCI layout whose blobs are the layer files and whose config lists the diff IDs', async () => {
    const l1 = await smallFileLayer('one', 'one\n');
    const l2 = await smallFileLayer('two', 'two\n');
    const layout = join(dir, 'layout');
    const written = await writeLayoutFromFiles(layout, 'img', { layers: [l1, l2], config: { Cmd: ['sh'] } });
    const blob = (d: string) => readFileSync(join(layout, 'blobs', 'sha256', d.slice(7)));
    const manifest = JSON.parse(blob(written.manifestDigest).toString()) as { mediaType: string; config: { digest: string }; layers: { digest: string; size: number; mediaType: string }[] };
    expect(manifest.mediaType).toBe(MEDIA.ociManifest);
    expect(manifest.layers).toEqual([
      { mediaType: MEDIA.ociLayerGzip, digest: l1.digest, size: l1.size },
      { mediaType: MEDIA.ociLayerGzip, digest: l2.digest, size: l2.size },
    ]);
    expect(sha256(blob(l2.digest))).toBe(l2.digest);
    const config = JSON.parse(blob(manifest.config.digest).toString()) as { rootfs: { diff_ids: string[] }; config: { Cmd: string[] } };
    expect(config.rootfs.diff_ids).toEqual([l1.diffId, l2.diffId]);
    expect(config.config.Cmd).toEqual(['sh']);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    expect(index.manifests).toEqual([expect.objectContaining({ digest: written.manifestDigest, annotations: { 'org.opencontainers.image.ref.name': 'img' } })]);
  });
});

describe('pushFileImage', () => {
  let registry: StartedRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  test('the registry serves the pushed manifest and layer under their digests', async () => {
    const layer = await smallFileLayer('pushed', 'pushed\n');
    const pushed = await pushFileImage(registry.host, 'files/app:1', { layers: [layer] });
    const res = await request(`${registry.url}/v2/files/app/manifests/1`, { headers: { accept: MEDIA.ociManifest } });
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(res.statusCode).toBe(200);
    expect(sha256(body)).toBe(pushed.manifestDigest);
    const blob = await request(`${registry.url}/v2/files/app/blobs/${layer.digest}`);
    expect(blob.statusCode).toBe(200);
    expect(sha256(Buffer.from(await blob.body.arrayBuffer()))).toBe(layer.digest);
  });
});
