// The podman store's files (src/podman) without podman: the one-entry-per-line
// index files, DUCC's entries merged, moved tags, shared layers, gc's reconcile.
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { IndexFile } from '../../src/podman/index-file.ts';
import { addImage, reconcileStore, StoreIndexes, type StoreImage } from '../../src/podman/store.ts';
import { bigDataFileName, chainIds, shortId } from '../../src/podman/layout.ts';
import { DirPublisher } from '../../src/publish/dir.ts';
import { snapshot } from '../publish/contract.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

function repo(): string {
  const r = mkdtempSync(join(tmpdir(), 'podman-store-'));
  roots.push(r);
  return r;
}

/** An image whose layers exist as (empty) layer dirs, with metadata for `names`. */
function image(root: string, label: string, layerLabels: string[], names: string[]): StoreImage {
  const layers = layerLabels.map((l) => ({ digest: sha(`blob ${l}`), diffId: sha(`diff ${l}`), compressedSize: 10 }));
  for (const l of layers) mkdirSync(join(root, '.layers', l.digest.slice(7, 9), l.digest.slice(7), 'layerfs'), { recursive: true });
  for (const n of names) mkdirSync(join(root, '.metadata', n), { recursive: true });
  const config = JSON.stringify({ label, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } });
  const manifest = JSON.stringify({ schemaVersion: 2, label });
  return { names, manifestDigest: sha(manifest), configDigest: sha(config), manifestBytes: manifest, configBytes: config, layers, created: '2024-01-01T00:00:00Z' };
}

function add(root: string, ...imgs: StoreImage[]) {
  const idx = new StoreIndexes(root);
  for (const i of imgs) addImage(root, idx, i);
  idx.save();
}

const images = (root: string) => JSON.parse(readFileSync(join(root, 'podmanStore/overlay-images/images.json'), 'utf8')) as { id: string; names: string[]; layer: string }[];
const layers = (root: string) => JSON.parse(readFileSync(join(root, 'podmanStore/overlay-layers/layers.json'), 'utf8')) as { id: string; parent?: string }[];

describe('IndexFile', () => {
  test.each([
    ['missing file', undefined, []],
    ['empty array', '[\n]\n', []],
    ['DUCC, indented, with a duplicate id', JSON.stringify([{ id: 'a'.repeat(64), x: 1 }, { id: 'b'.repeat(64) }, { id: 'a'.repeat(64), x: 2 }], null, ' '), ['a'.repeat(64), 'b'.repeat(64)]],
  ])('%s', (_name, text, ids) => {
    const f = IndexFile.parse(text, 'test.json');
    expect([...f.ids()]).toEqual(ids);
    const out = f.serialize();
    expect(JSON.parse(out).map((e: { id: string }) => e.id)).toEqual(ids);
    if (ids.length) expect(f.get('a'.repeat(64))).toEqual({ id: 'a'.repeat(64), x: 1 }); // the first of a duplicate wins
    // Our form is read back without conversion.
    expect(IndexFile.parse(out, 'test.json').dirty).toBe(false);
  });

  test('an update rewrites only the lines it changes', () => {
    const f = IndexFile.parse(undefined, 't');
    for (let i = 0; i < 5; i++) f.set({ id: String(i).repeat(64), n: i });
    const lines = (text: string) => text.split('\n').map((l) => l.replace(/,$/, ''));
    const before = lines(f.serialize());
    const g = IndexFile.parse(f.serialize(), 't');
    g.set({ id: '2'.repeat(64), n: 20 });
    g.set({ id: '9'.repeat(64), n: 9 });
    const after = lines(g.serialize());
    expect(after.filter((l) => !before.includes(l))).toEqual([`{"id":"${'2'.repeat(64)}","n":20}`, `{"id":"${'9'.repeat(64)}","n":9}`]);
  });
});

describe('the store', () => {
  test('an aborted dir transaction puts the old store back byte for byte', async () => {
    const root = repo();
    add(root, image(root, 'first', ['base', 'one'], ['reg/app:1']));
    const before = snapshot(join(root, 'podmanStore'));
    const txn = await new DirPublisher(root).begin();
    add(root, image(root, 'second', ['base', 'two'], ['reg/app:1']), image(root, 'third', ['three'], ['reg/other:1']));
    expect(images(root).map((i) => i.names)).toEqual([['reg/app:1'], ['reg/other:1']]);
    await txn.abort(new Error('test'));
    expect(snapshot(join(root, 'podmanStore'))).toEqual(before);
  });

  test('layers are linked, never copied; shared base layers are one entry; two names of one image are one entry', () => {
    const root = repo();
    const a = image(root, 'a', ['base', 'mid', 'top-a'], ['reg/a:1']);
    const b = image(root, 'b', ['base', 'mid', 'top-b'], ['reg/b:1']);
    const a2 = { ...a, names: ['reg/a:latest'] };
    mkdirSync(join(root, '.metadata/reg/a:latest'), { recursive: true });
    add(root, a, b, a2);
    const ids = chainIds(a.layers.map((l) => l.diffId));
    expect(ids[0]).toBe(a.layers[0]!.diffId.slice(7)); // a bottom layer is named by its diff ID, as DUCC does
    expect(layers(root).map((l) => l.id).sort()).toEqual([...new Set([...ids, ...chainIds(b.layers.map((l) => l.diffId))])].sort());
    expect(layers(root).find((l) => l.id === ids[2])?.parent).toBe(ids[1]);
    const d = a.layers[2]!.digest.slice(7);
    expect(readlinkSync(join(root, 'podmanStore/overlay', ids[2]!, 'diff'))).toBe(`../../../.layers/${d.slice(0, 2)}/${d}/layerfs`);
    expect(readFileSync(join(root, 'podmanStore/overlay', ids[2]!, 'lower'), 'utf8')).toBe(`l/${shortId(ids[1]!)}:l/${shortId(ids[0]!)}`);
    expect(readlinkSync(join(root, 'podmanStore/overlay/l', shortId(ids[2]!)))).toBe(`../${ids[2]}/diff`);
    expect(images(root)).toEqual([
      expect.objectContaining({ id: a.configDigest.slice(7), names: ['reg/a:1', 'reg/a:latest'], layer: ids[2] }),
      expect.objectContaining({ id: b.configDigest.slice(7), names: ['reg/b:1'] }),
    ]);
    expect(readFileSync(join(root, 'podmanStore/overlay-images', a.configDigest.slice(7), bigDataFileName(a.configDigest)), 'utf8')).toBe(a.configBytes);
    expect(bigDataFileName(a.configDigest)).toBe(`=${Buffer.from(a.configDigest).toString('base64')}`);
  });

  test('a moved tag leaves the old image (which goes when it has no name left)', () => {
    const root = repo();
    const old = image(root, 'old', ['x'], ['reg/app:1']);
    add(root, old);
    const next = image(root, 'new', ['y'], ['reg/app:1']);
    add(root, next);
    expect(images(root).map((i) => [i.id, i.names])).toEqual([[next.configDigest.slice(7), ['reg/app:1']]]);
  });

  test("DUCC's entries are kept and merged", () => {
    const root = repo();
    const ducc = image(root, 'ducc', ['d'], ['reg/ducc:1']);
    const duccLayer = ducc.layers[0]!.diffId.slice(7);
    mkdirSync(join(root, 'podmanStore/overlay-images'), { recursive: true });
    mkdirSync(join(root, 'podmanStore/overlay-layers'), { recursive: true });
    // DUCC writes MarshalIndent(v, "", " ") and appends a layer entry again per image.
    const duccLayers = [{ id: duccLayer, created: '2023-01-01T00:00:00Z', 'diff-digest': ducc.layers[0]!.diffId }];
    writeFileSync(join(root, 'podmanStore/overlay-layers/layers.json'), JSON.stringify([...duccLayers, ...duccLayers], null, ' '));
    writeFileSync(join(root, 'podmanStore/overlay-images/images.json'), JSON.stringify([{ id: ducc.configDigest.slice(7), names: ['reg/ducc:1'], layer: duccLayer, created: '2023-01-01T00:00:00Z' }], null, ' '));
    const ours = image(root, 'ours', ['d', 'o'], ['reg/ours:1']);
    add(root, ours);
    expect(images(root).map((i) => i.names)).toEqual([['reg/ducc:1'], ['reg/ours:1']]);
    expect(images(root)[0]).toEqual({ id: ducc.configDigest.slice(7), names: ['reg/ducc:1'], layer: duccLayer, created: '2023-01-01T00:00:00Z' });
    // The shared bottom layer keeps DUCC's entry; ours stands on it.
    expect(layers(root).filter((l) => l.id === duccLayer)).toEqual([duccLayers[0]]);
    expect(layers(root).find((l) => l.parent === duccLayer)).toBeDefined();
  });

  test("gc's reconcile: names without metadata go, then images without names, then layers nothing stands on", () => {
    const root = repo();
    const a = image(root, 'a', ['base', 'a'], ['reg/a:1']);
    const b = image(root, 'b', ['base', 'b'], ['reg/b:1']);
    add(root, a, b);
    rmSync(join(root, '.metadata/reg/b:1'), { recursive: true });
    expect(reconcileStore(root)).toEqual({ images: 1, layers: 1 });
    expect(images(root).map((i) => i.names)).toEqual([['reg/a:1']]);
    const bTop = chainIds(b.layers.map((l) => l.diffId))[1]!;
    expect(layers(root).map((l) => l.id)).not.toContain(bTop);
    expect(existsSync(join(root, 'podmanStore/overlay', bTop))).toBe(false);
    expect(existsSync(join(root, 'podmanStore/overlay/l', shortId(bTop)))).toBe(false);
    expect(existsSync(join(root, 'podmanStore/overlay-images', b.configDigest.slice(7)))).toBe(false);
    expect(reconcileStore(root)).toEqual({ images: 0, layers: 0 });
  });
});
