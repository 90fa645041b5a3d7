/**
 * applyLayer on its own: safety of the flat tree (symlinks of lower layers are
 * resolved inside it, never out of it), shared inodes are never changed in
 * place, hardlink groups, copy mode, bad whiteouts and sidecars.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  applyLayer,
  extractLayer,
  InvalidWhiteoutError,
  LayerError,
  resolveInRoot,
  resolveParentInRoot,
  UnsafePathError,
  type ExtractResult,
} from '../../src/layer/index.ts';
import { craftTar, type CraftEntry } from '../helpers/tar-craft.ts';
import { compareTrees, scanTree } from '../helpers/tree-compare.ts';

let base: string;
let flat: string;
let canary: string;
let n = 0;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'layer-apply-'));
  flat = join(base, 'flat');
  canary = join(base, 'canary');
  mkdirSync(canary);
  writeFileSync(join(canary, 'secret'), 'top secret');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

async function layer(entries: CraftEntry[]): Promise<{ dir: string; res: ExtractResult }> {
  const dir = join(base, `layer${n++}`);
  const res = await extractLayer(Readable.from([craftTar(entries)]), dir, {
    mediaType: 'application/vnd.oci.image.layer.v1.tar',
    lowerRoot: flat,
  });
  return { dir, res };
}

async function apply(entries: CraftEntry[], opts: { link?: boolean } = {}) {
  const { dir, res } = await layer(entries);
  const out = await applyLayer(dir, flat, { ...opts, externalLinks: res.externalLinks, implicitDirs: res.implicitDirs });
  return { dir, res, out };
}

function expectCanaryUntouched(): void {
  expect(readdirSync(base).filter((x) => !x.startsWith('layer')).sort()).toEqual(['canary', 'flat']);
  expect(readdirSync(canary)).toEqual(['secret']);
  expect(readFileSync(join(canary, 'secret'), 'utf8')).toBe('top secret');
}

describe('applyLayer never leaves the flat root', () => {
  test('writing through a lower absolute symlink to a host directory stays inside the flat tree', async () => {
    await apply([{ name: 'etc', type: 'symlink', linkname: canary }]);
    await apply([{ name: 'etc/secret', content: 'overwritten?' }, { name: 'etc/new', content: 'new' }]);
    expectCanaryUntouched();
    // resolved like the container would: <flat><canary path>/...
    expect(readFileSync(join(flat, canary, 'secret'), 'utf8')).toBe('overwritten?');
    expect(lstatSync(join(flat, 'etc')).isSymbolicLink()).toBe(true);
  });

  test('relative symlinks climbing above the root are clamped at the root', async () => {
    await apply([{ name: 'up', type: 'symlink', linkname: '../../../../../../..' }]);
    await apply([{ name: 'up/canary/secret', content: 'x' }]);
    expectCanaryUntouched();
    expect(readFileSync(join(flat, 'canary/secret'), 'utf8')).toBe('x');
  });

  test('whiteouts through a lower symlink remove inside the flat tree only', async () => {
    // The flat tree has its own copy of the host path, which is what the whiteouts must hit.
    await apply([{ name: 'host', type: 'symlink', linkname: base }, { name: `${base}/canary/secret`, content: 'in flat' }, { name: `${base}/canary/other`, content: '' }]);
    const { out } = await apply([{ name: 'host/canary/.wh.secret', content: '' }]);
    expect(out.removed).toBe(1);
    expect(existsSync(join(flat, base, 'canary/secret'))).toBe(false);
    expect(existsSync(join(flat, base, 'canary/other'))).toBe(true);
    await apply([{ name: 'host/.wh.canary', content: '' }]);
    expect(existsSync(join(flat, base, 'canary'))).toBe(false);
    expectCanaryUntouched();
  });

  test('a symlink loop in a lower layer is an error, not a hang', async () => {
    await apply([{ name: 'loop', type: 'symlink', linkname: 'loop' }]);
    await expect(apply([{ name: 'loop/x', content: 'x' }])).rejects.toThrow(/too many levels of symbolic links/);
  });

  test('an external link sidecar with ".." is refused', async () => {
    const { dir } = await layer([{ name: 'a', content: 'a' }]);
    await expect(applyLayer(dir, flat, { externalLinks: [{ path: 'a', target: '../canary/secret' }] })).rejects.toThrow(UnsafePathError);
    expectCanaryUntouched();
  });

  test('an external link target that is not in the flat tree is refused', async () => {
    const { dir } = await layer([{ name: 'a', content: 'a' }]);
    await expect(applyLayer(dir, flat, { externalLinks: [{ path: 'a', target: 'missing' }] })).rejects.toThrow(/not a file of the lower layers/);
  });

  test('resolveInRoot clamps ".." and absolute targets at the root', () => {
    mkdirSync(join(flat, 'usr/lib'), { recursive: true });
    symlinkSync('/usr/lib', join(flat, 'lib'));
    symlinkSync('../../../../../usr', join(flat, 'up'));
    expect(resolveInRoot(flat, 'lib/x')).toBe(join(flat, 'usr/lib/x'));
    expect(resolveInRoot(flat, 'up/lib/../../../../etc')).toBe(join(flat, 'etc'));
    expect(resolveInRoot(flat, '/')).toBe(flat);
    expect(resolveParentInRoot(flat, 'lib')).toBe(join(flat, 'lib'));
    expect(resolveParentInRoot(flat, 'lib/libc.so')).toBe(join(flat, 'usr/lib/libc.so'));
  });
});

describe('applyLayer', () => {
  test('never changes a file shared with a layer dir in place', async () => {
    const lower = await apply([{ name: 'etc/', type: 'dir' }, { name: 'etc/passwd', content: 'v1', mode: 0o644 }, { name: 'etc/shadow', content: 's', mode: 0o600 }]);
    const before = scanTree(lower.dir);
    await apply([
      { name: 'etc/passwd', content: 'v2', mode: 0o600, uid: 5 },
      { name: 'etc/.wh.shadow', content: '' },
      { name: 'etc/', type: 'dir', mode: 0o700 },
    ]);
    expect(scanTree(lower.dir)).toEqual(before);
    expect(readFileSync(join(flat, 'etc/passwd'), 'utf8')).toBe('v2');
    expect(existsSync(join(flat, 'etc/shadow'))).toBe(false);
  });

  test('a layer without whiteouts applied onto nothing equals its layer dir (so a clone of it would do)', async () => {
    const { dir, res } = await apply([
      { name: 'etc/', type: 'dir', mode: 0o750, mtime: 1_000 },
      { name: 'etc/a', content: 'a', mode: 0o4755, uid: 3, mtime: 2_000 },
      { name: 'etc/b', type: 'hardlink', linkname: 'etc/a' },
      { name: 'usr/lib/x', content: 'x' },
      { name: 'l', type: 'symlink', linkname: '/etc/a', mtime: 3_000 },
    ]);
    expect(res.whiteouts).toBe(0);
    expect(compareTrees(dir, flat, { mtime: true })).toEqual([]);
  });

  test('counts entries and removals', async () => {
    await apply([{ name: 'a/', type: 'dir' }, { name: 'a/1', content: '' }, { name: 'a/2', content: '' }, { name: 'b', content: '' }]);
    const { out } = await apply([{ name: '.wh.b', content: '' }, { name: 'a/.wh..wh..opq', content: '' }, { name: 'a/3', content: '' }]);
    expect(out).toEqual({ entries: 2, removed: 3 }); // a (implicit) and a/3; b, a/1, a/2
  });

  test('link mode shares inodes with the layer dir; copy mode does not but keeps hardlink groups', async () => {
    const entries: CraftEntry[] = [{ name: 'f', content: 'data' }, { name: 'g', type: 'hardlink', linkname: 'f' }, { name: 's', type: 'symlink', linkname: 'f' }];
    const linked = await apply(entries);
    expect(lstatSync(join(flat, 'f')).ino).toBe(lstatSync(join(linked.dir, 'f')).ino);
    rmSync(flat, { recursive: true });
    const copied = await apply(entries, { link: false });
    expect(lstatSync(join(flat, 'f')).ino).not.toBe(lstatSync(join(copied.dir, 'f')).ino);
    expect(lstatSync(join(flat, 'g')).ino).toBe(lstatSync(join(flat, 'f')).ino);
    expect(lstatSync(join(flat, 's')).isSymbolicLink()).toBe(true);
  });

  test('a directory the layer only passes through is not created for whiteouts alone', async () => {
    await apply([{ name: 'a', content: '' }]);
    await apply([{ name: 'nowhere/deeper/.wh.x', content: '' }]);
    expect(existsSync(join(flat, 'nowhere'))).toBe(false);
  });

  test('a lower file where the layer needs a directory it has no entry for is an error', async () => {
    await apply([{ name: 'f', content: 'file' }]);
    await expect(apply([{ name: 'f/x', content: 'x' }])).rejects.toThrow(LayerError);
  });

  test('without the implicit-dir sidecar every directory counts as an entry of the layer', async () => {
    await apply([{ name: 'usr/lib/', type: 'dir' }, { name: 'lib', type: 'symlink', linkname: 'usr/lib' }]);
    const { dir } = await layer([{ name: 'lib/x', content: 'x' }]);
    await applyLayer(dir, flat);
    expect(lstatSync(join(flat, 'lib')).isDirectory()).toBe(true);
  });

  test.each<[string, (dir: string) => void, RegExp]>([
    ['a whiteout directory', (d) => mkdirSync(join(d, '.wh.x')), /whiteout is a directory/],
    ['a whiteout of ".."', (d) => writeFileSync(join(d, '.wh..'), ''), /names no entry/],
    ['an empty whiteout', (d) => writeFileSync(join(d, '.wh.'), ''), /names no entry/],
  ])('refuses a layer dir with %s', async (_title, make, message) => {
    const dir = join(base, 'handmade');
    mkdirSync(dir);
    make(dir);
    const err = await applyLayer(dir, flat).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidWhiteoutError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('applyLayer with the markers from the sidecar (a target that dropped the .wh.* files)', () => {
  test('the same flat tree whether the layer dir keeps its markers, lost them, or holds char 0:0 in their place', async () => {
    const lower: CraftEntry[] = [
      { name: 'etc/', type: 'dir' },
      { name: 'etc/doomed', content: 'd' },
      { name: 'etc/keep', content: 'k' },
      { name: 'opq/', type: 'dir' },
      { name: 'opq/old', content: 'o' },
      { name: 'deep/a/b/', type: 'dir' },
      { name: 'deep/a/b/gone', content: 'g' },
      { name: 'deep/a/b/stays', content: 's' },
    ];
    const upper: CraftEntry[] = [
      { name: 'etc/.wh.doomed', content: '' },
      { name: 'opq/', type: 'dir' },
      { name: 'opq/.wh..wh..opq', content: '' },
      { name: 'opq/new', content: 'n' },
      { name: 'deep/a/b/.wh.gone', content: '' },
    ];
    const flats: string[] = [];
    for (const variant of ['literal', 'dropped', 'char'] as const) {
      flat = join(base, `flat-${variant}`);
      await apply(lower);
      const { dir, res } = await layer(upper);
      expect(res.markers).toEqual(['deep/a/b/.wh.gone', 'etc/.wh.doomed', 'opq/.wh..wh..opq']);
      if (variant !== 'literal') {
        for (const m of res.markers) rmSync(join(dir, m));
        // Even a directory that held only a marker may be gone.
        rmSync(join(dir, 'deep'), { recursive: true });
      }
      if (variant === 'char') {
        const { spawnSync } = await import('node:child_process');
        expect(spawnSync('mknod', [join(dir, 'etc/doomed'), 'c', '0', '0']).status).toBe(0);
      }
      await applyLayer(dir, flat, { externalLinks: res.externalLinks, implicitDirs: res.implicitDirs, markers: res.markers });
      flats.push(flat);
    }
    for (const f of flats) {
      expect(existsSync(join(f, 'etc/doomed'))).toBe(false);
      expect(existsSync(join(f, 'opq/old'))).toBe(false);
      expect(existsSync(join(f, 'deep/a/b/gone'))).toBe(false);
      expect(readFileSync(join(f, 'deep/a/b/stays'), 'utf8')).toBe('s');
    }
    expect(compareTrees(flats[0]!, flats[1]!)).toEqual([]);
    expect(compareTrees(flats[0]!, flats[2]!)).toEqual([]);
  });

  test('a sidecar marker that is no whiteout, or escapes, is refused', async () => {
    const { dir } = await layer([{ name: 'a', content: 'a' }]);
    await expect(applyLayer(dir, flat, { markers: ['a'] })).rejects.toThrow(InvalidWhiteoutError);
    await expect(applyLayer(dir, flat, { markers: ['../x/.wh.y'] })).rejects.toThrow(InvalidWhiteoutError);
  });
});

describe('refusals name the entry and the rule (issue 10), never a raw errno with a temporary path', () => {
  test('a directory through a lower symlink into a lower file', async () => {
    await apply([{ name: 'f', content: 'x' }, { name: 'l', type: 'symlink', linkname: 'f/x' }]);
    const err = await apply([{ name: 'l/y', content: 'y' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayerError);
    expect((err as Error).message).toMatch(/entry "l": cannot create the directory: a lower layer has a non-directory at "\/f"$/);
    expect((err as Error).message).not.toMatch(/ENOTDIR|mkdir '/);
  });

  test('a lower symlink loop', async () => {
    await apply([{ name: 'loop', type: 'symlink', linkname: 'loop' }]);
    const err = await apply([{ name: 'loop/x', content: 'x' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayerError);
    expect((err as Error).message).toMatch(/entry "loop": too many levels of symbolic links in the lower layers$/);
    expect((err as Error).message).not.toMatch(/ELOOP/);
  });

  test('a directory made through a dangling lower symlink gets 0755 parents, as umoci gives them (not 0700)', async () => {
    await apply([{ name: 'lib', type: 'symlink', linkname: 'usr/lib' }]);
    await apply([{ name: 'lib/x', content: 'x' }]);
    expect(lstatSync(join(flat, 'usr')).mode & 0o7777).toBe(0o755);
    expect(lstatSync(join(flat, 'usr/lib')).mode & 0o7777).toBe(0o755);
    expect(readFileSync(join(flat, 'usr/lib/x'), 'utf8')).toBe('x');
  });
});
