/**
 * Hostile layers: every one is refused with the right error class and a
 * message naming the layer and the entry, and nothing appears outside the
 * destination (a canary directory beside it stays empty).
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  applyLayer,
  DigestMismatchError,
  extractLayer,
  InvalidTarError,
  InvalidWhiteoutError,
  LayerLimitError,
  UnsafePathError,
  type ExtractOptions,
} from '../../src/layer/index.ts';
import { craftTar, manyFiles, type CraftEntry } from '../helpers/tar-craft.ts';
import { scanTree } from '../helpers/tree-compare.ts';

const TAR = 'application/vnd.oci.image.layer.v1.tar';
const LABEL = 'layer sha256:ab12';

let base: string;
let dest: string;
let canary: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'layer-hostile-'));
  dest = join(base, 'dest');
  canary = join(base, 'canary');
  mkdirSync(canary);
  writeFileSync(join(canary, 'secret'), 'top secret');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function extract(tar: Buffer, opts: Partial<ExtractOptions> = {}) {
  return extractLayer(Readable.from([tar]), dest, { mediaType: TAR, label: LABEL, ...opts });
}

function expectNothingOutside(): void {
  expect(readdirSync(base).sort()).toEqual(['canary', 'dest']);
  expect(readdirSync(canary)).toEqual(['secret']);
  expect(readFileSync(join(canary, 'secret'), 'utf8')).toBe('top secret');
}

type ErrorClass = new (...args: never[]) => Error;

// [title, entries (canary path as CANARY), error class, message]
const cases: [string, (canary: string) => CraftEntry[], ErrorClass, RegExp][] = [
  ['a ".." name', () => [{ name: '../escape', content: 'x' }], UnsafePathError, /entry "\.\.\/escape": path escapes the layer root/],
  ['".." after a directory', () => [{ name: 'a/../../escape', content: 'x' }], UnsafePathError, /path escapes the layer root/],
  ['"./.." prefix', () => [{ name: './../canary/x', content: 'x' }], UnsafePathError, /path escapes/],
  ['".." in a pax path', () => [{ name: 'ok', content: 'x', pax: { path: 'a/../../../canary/x' } }], UnsafePathError, /path escapes/],
  ['".." in a GNU long name', () => [{ name: '././@LongLink', gnuLongName: `${'a/'.repeat(60)}${'../'.repeat(62)}canary/x`, content: 'x' }], UnsafePathError, /path escapes/],
  ['a NUL in a pax path', () => [{ name: 'ok', pax: { path: 'a\0/../b' } }], UnsafePathError, /NUL/],
  ['an empty name', () => [{ name: '', content: 'x' }], UnsafePathError, /empty name/],
  ['writing through an absolute symlink', (c) => [{ name: 'evil', type: 'symlink', linkname: c }, { name: 'evil/pwned', content: 'x' }], UnsafePathError, /entry "evil\/pwned": writing through a symlink/],
  ['writing through a relative symlink', () => [{ name: 'evil', type: 'symlink', linkname: '../canary' }, { name: 'evil/pwned', content: 'x' }], UnsafePathError, /writing through a symlink/],
  ['a directory through a symlink', (c) => [{ name: 'evil', type: 'symlink', linkname: c }, { name: 'evil/sub/', type: 'dir' }], UnsafePathError, /writing through a symlink/],
  ['a symlink through a symlink', (c) => [{ name: 'evil', type: 'symlink', linkname: c }, { name: 'evil/l', type: 'symlink', linkname: '/' }], UnsafePathError, /writing through a symlink/],
  ['a hardlink through a symlink', (c) => [{ name: 'evil', type: 'symlink', linkname: c }, { name: 'evil/h', type: 'hardlink', linkname: 'x' }], UnsafePathError, /writing through a symlink/],
  ['a self-referencing symlink as parent', () => [{ name: 'loop', type: 'symlink', linkname: '.' }, { name: 'loop/loop/x', content: 'x' }], UnsafePathError, /writing through a symlink/],
  ['a hardlink to "../canary/secret"', () => [{ name: 'h', type: 'hardlink', linkname: '../canary/secret' }], UnsafePathError, /hardlink target "\.\.\/canary\/secret": path escapes/],
  ['a hardlink target through a symlink', (c) => [{ name: 'evil', type: 'symlink', linkname: c }, { name: 'h', type: 'hardlink', linkname: 'evil/secret' }], UnsafePathError, /hardlink target through a symlink/],
  ['a hardlink to a file in no layer', () => [{ name: 'h', type: 'hardlink', linkname: 'nowhere' }], UnsafePathError, /neither in this layer nor in a lower one/],
  ['a hardlink to a directory', () => [{ name: 'd/', type: 'dir' }, { name: 'h', type: 'hardlink', linkname: 'd' }], UnsafePathError, /is a directory/],
  ['a hardlink to itself', () => [{ name: 'h', type: 'hardlink', linkname: './h' }], UnsafePathError, /invalid hardlink target/],
  ['the root turned into a symlink', (c) => [{ name: './', type: 'symlink', linkname: c }, { name: 'x', content: 'x' }], UnsafePathError, /type of the layer root/],
  ['a file as parent', () => [{ name: 'f', content: 'x' }, { name: 'f/x', content: 'y' }], UnsafePathError, /parent "f" is not a directory/],
  ['a whiteout of ".."', () => [{ name: 'a/.wh..', content: '' }], InvalidWhiteoutError, /names no entry/],
  ['a whiteout of "."', () => [{ name: '.wh..' , content: '' }], InvalidWhiteoutError, /names no entry/],
  ['an empty whiteout', () => [{ name: 'a/.wh.', content: '' }], InvalidWhiteoutError, /names no entry/],
  ['a whiteout directory', () => [{ name: '.wh.etc/', type: 'dir' }], InvalidWhiteoutError, /whiteout is a directory/],
  ['an entry inside a whiteout', () => [{ name: '.wh.etc/passwd', content: 'x' }], InvalidWhiteoutError, /inside a whiteout/],
  ['an empty symlink target', () => [{ name: 'l', type: 'symlink', linkname: '' }], UnsafePathError, /invalid symlink target/],
];

describe('extractLayer refuses hostile layers', () => {
  test.each(cases)('%s', async (_title, entries, ErrorClass, message) => {
    const err = await extract(craftTar(entries(canary))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrorClass);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(`${LABEL}: `)).toBe(true);
    expectNothingOutside();
  });

  test.each<[string, Buffer, Partial<ExtractOptions>, RegExp]>([
    ['too many entries', craftTar(manyFiles(101)), { limits: { maxEntries: 100 } }, /more than 100 entries/],
    ['the default limits where a limit is given as undefined', craftTar([{ name: 'x', pax: { path: 'a/'.repeat(2100) } }]), { limits: { maxPathLength: undefined as unknown as number } }, /longer than 4096 bytes/],
    ['too many bytes (refused at the header, before any content)', craftTar([{ name: 'big', headerSize: 100 * 1024 ** 3, base256: true }], { end: false }), {}, /exceed/],
    ['a sum of files above the byte limit', craftTar([{ name: 'a', content: 'x'.repeat(600) }, { name: 'b', content: 'x'.repeat(600) }]), { limits: { maxBytes: 1000 } }, /exceed 1000 bytes/],
    ['a name above the path limit', craftTar([{ name: 'x', pax: { path: 'a/'.repeat(100) + 'b' } }]), { limits: { maxPathLength: 100 } }, /longer than 100 bytes/],
    ['a huge pax header', craftTar([{ name: 'x', pax: { comment: 'c'.repeat(9 << 20) } }]), {}, /extension header/],
  ])('%s → LayerLimitError', async (_title, tar, opts, message) => {
    const err = await extract(tar, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayerLimitError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(`${LABEL}: `)).toBe(true);
    expectNothingOutside();
  });

  test('endless zeros after the end of the archive → LayerLimitError', async () => {
    async function* zeros() {
      yield craftTar([{ name: 'a', content: 'x' }]);
      for (let i = 0; i < 40; i++) yield Buffer.alloc(1 << 20);
    }
    const err = await extractLayer(Readable.from(zeros()), dest, { mediaType: TAR, label: LABEL }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayerLimitError);
  });

  test('a wrong DiffID → DigestMismatchError naming both digests', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const err = await extract(craftTar([{ name: 'a', content: 'x' }]), { expectedDiffId: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as Error).message).toMatch(new RegExp(`^${LABEL}: uncompressed layer has digest sha256:[0-9a-f]{64}, the image config says ${wrong}$`));
  });

  test('a corrupt header → InvalidTarError', async () => {
    const err = await extract(craftTar([{ name: 'a', badChecksum: true }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTarError);
    expect((err as Error).message).toMatch(/^layer sha256:ab12: tar header checksum mismatch/);
  });

  test('a non-empty destination is refused', async () => {
    mkdirSync(dest);
    writeFileSync(join(dest, 'old'), '');
    await expect(extract(craftTar([{ name: 'a' }]))).rejects.toThrow(/not empty/);
  });
});

describe('hardlinks to lower layers never reach outside the lower tree', () => {
  test('a lower symlink to a host directory is resolved inside the lower tree (lowerRoot)', async () => {
    const lower = join(base, 'dest-lower');
    mkdirSync(lower);
    symlinkSync(canary, join(lower, 'evil'));
    const err = await extract(craftTar([{ name: 'h', type: 'hardlink', linkname: 'evil/secret' }]), { lowerRoot: lower }).catch((e: unknown) => e);
    rmSync(lower, { recursive: true });
    expect(err).toBeInstanceOf(UnsafePathError);
    expect((err as Error).message).toMatch(/entry "h": hardlink target "evil\/secret" in the lower layers is not a file/);
    expectNothingOutside();
  });

  test('a target reached through a lower symlink that stays inside is copied', async () => {
    const lower = join(base, 'dest-lower');
    mkdirSync(join(lower, 'usr/lib'), { recursive: true });
    writeFileSync(join(lower, 'usr/lib/libc.so'), 'libc');
    symlinkSync('/usr/lib', join(lower, 'lib'));
    const res = await extract(craftTar([{ name: 'libc-link', type: 'hardlink', linkname: 'lib/libc.so' }]), { lowerRoot: lower });
    rmSync(lower, { recursive: true });
    expect(res.externalLinks).toEqual([{ path: 'libc-link', target: 'lib/libc.so' }]);
    expect(readFileSync(join(dest, 'libc-link'), 'utf8')).toBe('libc');
  });
});

describe('extractLayer keeps harmless oddities inside the destination', () => {
  test('absolute names land inside dest; absolute symlink targets are stored, not followed', async () => {
    await extract(
      craftTar([
        { name: '/etc/passwd', content: 'root:x:0:0' },
        { name: '//usr///bin/./tool', content: 'bin' },
        { name: 'canary-link', type: 'symlink', linkname: canary },
        { name: 'abs-hardlink', type: 'hardlink', linkname: '/etc/passwd' },
      ]),
    );
    expect(readFileSync(join(dest, 'etc/passwd'), 'utf8')).toBe('root:x:0:0');
    expect(readFileSync(join(dest, 'usr/bin/tool'), 'utf8')).toBe('bin');
    expect(readlinkSync(join(dest, 'canary-link'))).toBe(canary);
    expect(lstatSync(join(dest, 'abs-hardlink')).ino).toBe(lstatSync(join(dest, 'etc/passwd')).ino);
    expectNothingOutside();
  });

  test('a file replacing a symlink of the same name replaces the link, not its target', async () => {
    await extract(craftTar([{ name: 'x', type: 'symlink', linkname: join(canary, 'secret') }, { name: 'x', content: 'overwritten' }]));
    expect(lstatSync(join(dest, 'x')).isFile()).toBe(true);
    expect(readFileSync(join(dest, 'x'), 'utf8')).toBe('overwritten');
    expectNothingOutside();
  });

  test('a directory replacing a symlink does not follow it', async () => {
    await extract(craftTar([{ name: 'd', type: 'symlink', linkname: canary }, { name: 'd/', type: 'dir' }, { name: 'd/f', content: 'in' }]));
    expect(lstatSync(join(dest, 'd')).isDirectory()).toBe(true);
    expect(existsSync(join(dest, 'd/f'))).toBe(true);
    expectNothingOutside();
  });
});

/**
 * Issue 10, section 1: directories whose metadata is deferred to the end of the layer, then a symlink
 * replacing their ancestor. The deferred owner/mode/mtime must not follow the symlink out of the
 * target. Canary trees beside and above the target are snapshotted (type, mode, owner, mtime,
 * content, link target of every entry) and must be unchanged afterwards, for the layer dir and for
 * the flat tree built from it.
 */
describe('deferred directory metadata never follows a symlink that replaced an ancestor', () => {
  type Snap = Map<string, string>;
  function snapshot(root: string, skip: (p: string) => boolean): Snap {
    const out: Snap = new Map();
    for (const [p, n] of scanTree(root, skip)) {
      out.set(p, `${n.type} ${n.mode.toString(8)} ${n.uid}:${n.gid} ${n.mtimeNs} ${n.sha256 ?? ''} ${n.target ?? ''}`);
    }
    return out;
  }

  /** base/{beside/b/c, b/c, x/y/{layer,layer2,flat}}: `beside` is next to the target's parents, `b/c` right above them. */
  function world(): { root: string; layer: string; flat: string; beside: string; skip: (p: string) => boolean } {
    const root = join(base, 'world');
    for (const d of ['beside/b/c', 'b/c', 'x/y/layer', 'x/y/layer2', 'x/y/flat']) mkdirSync(join(root, d), { recursive: true, mode: 0o755 });
    writeFileSync(join(root, 'beside/b/c/keep'), 'beside');
    writeFileSync(join(root, 'b/c/keep'), 'above');
    utimesSync(join(root, 'beside/b/c'), 1_000_000, 1_000_000);
    utimesSync(join(root, 'b/c'), 1_000_000, 1_000_000);
    const skip = (p: string) => p === 'x/y/layer' || p === 'x/y/layer2' || p === 'x/y/flat';
    return { root, layer: join(root, 'x/y/layer'), flat: join(root, 'x/y/flat'), beside: join(root, 'beside'), skip };
  }

  const deferred = (link: string): CraftEntry[] => [
    { name: 'd/', type: 'dir' },
    { name: 'd/b/', type: 'dir' },
    { name: 'd/b/c/', type: 'dir', mode: 0o777, uid: 4321, gid: 4321, mtime: 1_600_000_000 },
    { name: 'd', type: 'symlink', linkname: link },
  ];

  test.each([
    ['an absolute symlink to a directory beside the target', (w: ReturnType<typeof world>) => w.beside],
    // from x/y/layer (and x/y/flat), `../../..` is the world root, which holds b/c
    ['a relative symlink above the target', () => '../../..'],
  ])('%s', async (_title, target) => {
    const w = world();
    const before = snapshot(w.root, w.skip);
    const res = await extractLayer(Readable.from([craftTar(deferred(target(w)))]), w.layer, { mediaType: TAR, label: LABEL, sameOwner: true });
    await applyLayer(w.layer, w.flat, { externalLinks: res.externalLinks, implicitDirs: res.implicitDirs, sameOwner: true });
    expect(snapshot(w.root, w.skip)).toEqual(before);
    // The layer is applied as umoci applies it: `d` ends as the symlink, stored as is, nothing below it.
    for (const tree of [w.layer, w.flat]) {
      expect(readlinkSync(join(tree, 'd'))).toBe(target(w));
      expect([...scanTree(tree).keys()].sort()).toEqual(['', 'd']);
    }
    expect(before.size).toBeGreaterThan(6);
  });

  test('the same layer as a lower layer: an upper layer writing into d/b/c lands inside the flat tree', async () => {
    const w = world();
    const before = snapshot(w.root, w.skip);
    const lower = await extractLayer(Readable.from([craftTar(deferred('../../..'))]), w.layer, { mediaType: TAR, label: LABEL });
    await applyLayer(w.layer, w.flat, { externalLinks: lower.externalLinks, implicitDirs: lower.implicitDirs });
    const upperDir = join(w.root, 'x/y/layer2');
    const upper = await extractLayer(Readable.from([craftTar([{ name: 'd/b/c/new', content: 'x' }, { name: 'd/b/c/.wh.keep', content: '' }])]), upperDir, {
      mediaType: TAR,
      label: LABEL,
      lowerRoot: w.flat,
    });
    await applyLayer(upperDir, w.flat, { externalLinks: upper.externalLinks, implicitDirs: upper.implicitDirs });
    expect(snapshot(w.root, w.skip)).toEqual(before);
    // `d -> ../../..` resolves at the flat root: d/b/c/new is <flat>/b/c/new.
    expect(readFileSync(join(w.flat, 'b/c/new'), 'utf8')).toBe('x');
  });

  test('applyLayer: an implicit directory resolved through a lower symlink whose ancestor this layer replaces', async () => {
    const w = world();
    // lower: x/a/b/c (real dirs) and lib -> x/a/b/c; upper: lib/f, lib/sub/ (0777) and x/a -> the canary beside
    const lowerTar = craftTar([{ name: 'x/a/b/c/', type: 'dir' }, { name: 'lib', type: 'symlink', linkname: 'x/a/b/c' }]);
    const lower = await extractLayer(Readable.from([lowerTar]), w.layer, { mediaType: TAR, label: LABEL });
    await applyLayer(w.layer, w.flat, { externalLinks: lower.externalLinks, implicitDirs: lower.implicitDirs });
    const before = snapshot(w.root, w.skip);
    const upperDir = join(w.root, 'x/y/layer2');
    const upper = await extractLayer(
      Readable.from([craftTar([{ name: 'lib/f', content: 'f' }, { name: 'lib/sub/', type: 'dir', mode: 0o777, mtime: 1_600_000_000 }, { name: 'x/a', type: 'symlink', linkname: w.beside }])]),
      upperDir,
      { mediaType: TAR, label: LABEL, lowerRoot: w.flat },
    );
    // `lib` is resolved when its turn comes (before `x`: names sorted), so lib/f and lib/sub go into x/a/b/c;
    // then `x/a` replaces that directory by the symlink. The deferred metadata of lib/sub goes with it,
    // and nothing follows the new symlink out of the flat tree.
    await applyLayer(upperDir, w.flat, { externalLinks: upper.externalLinks, implicitDirs: upper.implicitDirs });
    expect(readlinkSync(join(w.flat, 'x/a'))).toBe(w.beside);
    expect([...scanTree(w.flat).keys()].sort()).toEqual(['', 'lib', 'x', 'x/a']);
    expect(snapshot(w.root, w.skip)).toEqual(before);
  });
});
