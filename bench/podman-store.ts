/**
 * `npm run bench:podman`: the cost of updating the podman store
 * (src/podman), per image, in dir-target transactions of 50 images (the
 * engine's batch), when the store holds 5 images and when it holds 5,000.
 * Layers are empty dirs (the store never reads layer content); every image
 * has 3 layers, the bottom two shared by groups of 20 images.
 *
 *   node --experimental-transform-types bench/podman-store.ts [IMAGES=200] [BIG=5000]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirPublisher } from '../src/publish/dir.ts';
import { addImage, StoreIndexes, type StoreImage } from '../src/podman/store.ts';

const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

function image(root: string, n: number): StoreImage {
  const group = Math.floor(n / 20);
  const layers = [`base-${group % 5}`, `mid-${group}`, `top-${n}`].map((l) => ({ digest: sha(`blob ${l}`), diffId: sha(`diff ${l}`), compressedSize: 1000, diffSize: 4000 }));
  for (const l of layers) mkdirSync(join(root, '.layers', l.digest.slice(7, 9), l.digest.slice(7), 'layerfs'), { recursive: true });
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', n, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } });
  const manifest = JSON.stringify({ schemaVersion: 2, n, layers: layers.map((l) => ({ digest: l.digest, size: 1000 })) });
  return { names: [`registry.example.org/group/image-${n}:1.0`], manifestDigest: sha(manifest), configDigest: sha(config), manifestBytes: manifest, configBytes: config, layers, created: '2024-01-01T00:00:00Z' };
}

/** Wall and CPU (user + system) milliseconds of adding `count` images. */
async function fill(root: string, from: number, count: number, batch = 50): Promise<{ wall: number; cpu: number }> {
  const publisher = new DirPublisher(root);
  const images = Array.from({ length: count }, (_, i) => image(root, from + i));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < images.length; i += batch) {
    const txn = await publisher.begin();
    const idx = new StoreIndexes(root);
    for (const img of images.slice(i, i + batch)) addImage(root, idx, img);
    idx.save();
    await txn.commit();
  }
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const N = Number(process.argv[2] ?? 200);
const BIG = Number(process.argv[3] ?? 5000);
const base = mkdtempSync(join(tmpdir(), 'bench-podman-'));
try {
  await fill(join(base, 'warm-up'), 0, 100); // JIT and file-system warm-up, not measured
  const small = join(base, 'small');
  await fill(small, 0, 5);
  const msSmall = await fill(small, 5, N);
  const big = join(base, 'big');
  await fill(big, 0, BIG);
  const msBig = await fill(big, BIG, N);
  const size = (root: string, f: string) => statSync(join(root, 'podmanStore', f)).size;
  console.log(`podman store: ${N} images added in transactions of 50`);
  const line = (what: string, t: { wall: number; cpu: number }) =>
    `  ${what}: ${t.wall.toFixed(0)} ms wall (${(t.wall / N).toFixed(2)} ms/image), ${t.cpu.toFixed(0)} ms CPU (${(t.cpu / N).toFixed(2)} ms/image)`;
  console.log(`${line('store holding 5 images    ', msSmall)}; images.json ${size(small, 'overlay-images/images.json')} B`);
  console.log(`${line(`store holding ${BIG} images`, msBig)}; images.json ${size(big, 'overlay-images/images.json')} B, layers.json ${size(big, 'overlay-layers/layers.json')} B`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
