/**
 * extractLayer against GNU tar: the layer dir must equal `tar -x` of the same
 * layer (whiteout files included, as literal files), for every compression.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { extractLayer, isForeignLayer, InvalidTarError, openDecompressed } from '../../src/layer/index.ts';
import { craftTar, type CraftEntry } from '../helpers/tar-craft.ts';
import { compareTrees } from '../helpers/tree-compare.ts';

const MT = {
  tar: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  docker: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'layer-extract-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const long = `${'long-directory-name-'.repeat(8)}/${'x'.repeat(180)}.txt`;

/** A layer with most of what real images contain, and a few things they rarely do. */
const richLayer: CraftEntry[] = [
  { name: './', type: 'dir', mode: 0o755, mtime: 1_600_000_000 },
  { name: 'bin/', type: 'dir', mode: 0o755, mtime: 1_600_000_001 },
  { name: 'bin/sh', content: '#!/bin/true\n', mode: 0o755, mtime: 1_600_000_002 },
  { name: 'bin/su', content: 'setuid', mode: 0o4755, mtime: 1_600_000_003 },
  { name: 'bin/wall', content: 'setgid', mode: 0o2755, gid: 5, mtime: 1_600_000_004 },
  { name: 'tmp/', type: 'dir', mode: 0o1777, mtime: 1_600_000_005 },
  { name: 'home/user/', type: 'dir', mode: 0o700, uid: 1000, gid: 1000, mtime: 1_600_000_006 },
  { name: 'home/user/.profile', content: 'export A=1\n', mode: 0o600, uid: 1000, gid: 1000 },
  { name: 'odd/', type: 'dir', uid: 4_000_000_000, gid: 65534, base256: true },
  { name: 'odd/big-uid', content: 'x', uid: 4_000_000_000, gid: 4_000_000_001, base256: true },
  { name: 'odd/no-perms', content: 'none', mode: 0 },
  { name: 'odd/ro-dir/', type: 'dir', mode: 0o555 },
  { name: 'odd/ro-dir/inside', content: 'written before the dir became read-only' },
  { name: 'links/', type: 'dir' },
  { name: 'links/abs', type: 'symlink', linkname: '/bin/sh', uid: 7, gid: 8, mtime: 1_500_000_000 },
  { name: 'links/rel', type: 'symlink', linkname: '../bin/sh' },
  { name: 'links/dangling', type: 'symlink', linkname: 'nowhere/at/all' },
  { name: 'links/hard', type: 'hardlink', linkname: 'bin/sh' },
  { name: 'links/hard2', type: 'hardlink', linkname: './links/hard' },
  { name: 'links/hard-to-symlink', type: 'hardlink', linkname: 'links/abs' },
  { name: 'wh/', type: 'dir' },
  { name: 'wh/.wh.removed', content: '' },
  { name: 'wh/.wh..wh..opq', content: '' },
  { name: 'wh/kept', content: 'kept' },
  { name: 'pax', content: 'pax name', pax: { path: long, mtime: '1650000000.5' } },
  { name: '././@LongLink', gnuLongName: `gnu/${long}`, content: 'gnu name', magic: 'gnu' },
  { name: 'gnu-link', type: 'symlink', gnuLongLink: `/${long}`, magic: 'gnu' },
  { name: 'file.txt', prefix: 'ustar/prefixed/dir', content: 'prefixed' },
  { name: 'implicit/parent/file', content: 'parents not in the tar' },
  { name: 'utf8/données-ü', content: 'utf-8' },
  { name: 'empty', content: '' },
  { name: 'dup', content: 'first version' },
  { name: 'dup-link', type: 'hardlink', linkname: 'dup' },
  { name: 'dup', content: 'second version' },
  { name: 'big', content: Buffer.alloc(3 << 20, 0x5a) },
  { name: 'late-dir/', type: 'dir', mode: 0o750, mtime: 1_234_567_890 },
];

function gnuTarX(tar: Buffer, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(base, 'layer.tar');
  writeFileSync(file, tar);
  execFileSync('tar', ['--numeric-owner', '-xpf', file, '-C', dir]);
}

function digest(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

describe('extractLayer equals tar -x', () => {
  test.each([
    ['plain tar', MT.tar, (b: Buffer) => b],
    ['gzip', MT.gzip, (b: Buffer) => gzipSync(b)],
    ['zstd', MT.zstd, (b: Buffer) => zstdCompressSync(b)],
    ['gzip data under a plain tar media type (magic bytes win)', MT.tar, (b: Buffer) => gzipSync(b)],
    ['plain data under a gzip media type', MT.docker, (b: Buffer) => b],
  ])('%s', async (_title, mediaType, compress) => {
    const tar = craftTar(richLayer);
    const blob = compress(tar);
    let progress = 0;
    const res = await extractLayer(Readable.from([blob.subarray(0, 1000), blob.subarray(1000)]), join(base, 'ours'), {
      mediaType,
      expectedDiffId: digest(tar),
      onProgress: (n) => (progress = n),
    });
    expect(res.diffId).toBe(digest(tar));
    expect(res.uncompressedSize).toBe(tar.length);
    expect(res.entries).toBe(richLayer.length);
    expect(res.whiteouts).toBe(2);
    expect(progress).toBe(blob.length);
    expect(res.skipped).toEqual([]);
    expect(res.externalLinks).toEqual([]);
    expect(res.implicitDirs).toEqual(expect.arrayContaining(['implicit', 'implicit/parent', 'ustar/prefixed/dir', 'utf8', 'home', 'gnu']));
    expect(res.implicitDirs).not.toContain('');
    expect(res.implicitDirs).not.toContain('bin');
    expect(res.implicitDirs).not.toContain('late-dir');
    gnuTarX(tar, join(base, 'gnu'));
    const implicit = new Set(res.implicitDirs);
    expect(compareTrees(join(base, 'ours'), join(base, 'gnu'), { mtime: true, root: true, ignoreDirMeta: (p) => implicit.has(p) })).toEqual([]);
    // Spot checks that the comparison itself sees what matters.
    const ours = (p: string) => lstatSync(join(base, 'ours', p));
    expect(ours('bin/su').mode & 0o7777).toBe(0o4755);
    expect(ours('tmp').mode & 0o7777).toBe(0o1777);
    expect(ours('odd/big-uid').uid).toBe(4_000_000_000);
    expect(ours('links/hard2').ino).toBe(ours('bin/sh').ino);
    expect(ours('dup-link').ino).not.toBe(ours('dup').ino);
    expect(readFileSync(join(base, 'ours/dup-link'), 'utf8')).toBe('first version');
    expect(readFileSync(join(base, 'ours/wh/.wh..wh..opq'), 'utf8')).toBe('');
    expect(readlinkSync(join(base, 'ours/gnu-link'))).toBe(`/${long}`);
    expect(ours('late-dir').mtimeMs).toBe(1_234_567_890_000);
  });

  test('the tree of a tar made by tar-stream (as the test images are) also matches', async () => {
    const { makeTar } = await import('../helpers/images.ts');
    const tar = await makeTar([
      { name: 'etc', type: 'directory', mode: 0o755 },
      { name: 'etc/os-release', content: 'ID=test\n' },
      // (GNU tar, unlike umoci and us, lets a later entry in an earlier directory change that directory's mtime)
      { name: 'etc/alias', type: 'link', linkname: 'etc/os-release' },
      { name: 'usr/lib/libx.so.1', content: 'lib' },
      { name: 'usr/lib/libx.so', type: 'symlink', linkname: 'libx.so.1' },
    ]);
    const res = await extractLayer(Readable.from([tar]), join(base, 'ours'), { mediaType: MT.tar });
    gnuTarX(tar, join(base, 'gnu'));
    const implicit = new Set(res.implicitDirs);
    expect(compareTrees(join(base, 'ours'), join(base, 'gnu'), { mtime: true, ignoreDirMeta: (p) => implicit.has(p) })).toEqual([]);
  });
});

describe('extractLayer', () => {
  test('skips device nodes and FIFOs, and names that are not UTF-8, listing each', async () => {
    const tar = craftTar([
      { name: 'dev/', type: 'dir' },
      { name: 'dev/null', type: 'char' },
      { name: 'dev/sda', type: 'block' },
      { name: 'run/pipe', type: 'fifo' },
      { name: Buffer.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0xe9]), content: 'latin-1 name' },
      { name: 'ok', content: 'ok' },
    ]);
    const res = await extractLayer(Readable.from([tar]), join(base, 'ours'), { mediaType: MT.tar });
    expect(res.skipped).toEqual([
      { path: 'dev/null', reason: 'char device not extracted' },
      { path: 'dev/sda', reason: 'block device not extracted' },
      { path: 'run/pipe', reason: 'FIFO not extracted' },
      { path: 'latin\ufffd', reason: 'name or link target is not valid UTF-8' },
    ]);
    expect(readFileSync(join(base, 'ours/ok'), 'utf8')).toBe('ok');
    expect(() => lstatSync(join(base, 'ours/dev/null'))).toThrow(/ENOENT/);
  });

  test('a hardlink to a lower layer becomes a copy and is reported for the flat tree', async () => {
    const lower = join(base, 'flat');
    mkdirSync(join(lower, 'usr/bin'), { recursive: true });
    writeFileSync(join(lower, 'usr/bin/python3.11'), 'python');
    const asked: string[] = [];
    const tar = craftTar([
      { name: 'usr/bin/python3', type: 'hardlink', linkname: 'usr/bin/python3.11' },
      { name: 'usr/bin/python', type: 'hardlink', linkname: 'usr/bin/python3' },
      { name: 'usr/bin/replaced', type: 'hardlink', linkname: 'usr/bin/python3.11' },
      { name: 'usr/bin/replaced', content: 'own content' },
    ]);
    const res = await extractLayer(Readable.from([tar]), join(base, 'ours'), {
      mediaType: MT.tar,
      resolveExternalLink: (t) => (asked.push(t), join(lower, t)),
    });
    expect(asked).toEqual(['usr/bin/python3.11', 'usr/bin/python3.11']);
    expect(res.externalLinks).toEqual([
      { path: 'usr/bin/python', target: 'usr/bin/python3.11' },
      { path: 'usr/bin/python3', target: 'usr/bin/python3.11' },
    ]);
    expect(readFileSync(join(base, 'ours/usr/bin/python3'), 'utf8')).toBe('python');
    expect(lstatSync(join(base, 'ours/usr/bin/python')).ino).toBe(lstatSync(join(base, 'ours/usr/bin/python3')).ino);
    expect(lstatSync(join(base, 'ours/usr/bin/python3')).ino).not.toBe(lstatSync(join(lower, 'usr/bin/python3.11')).ino);
  });

  test('refuses a media type that is not a layer', async () => {
    const err = await extractLayer(Readable.from([Buffer.alloc(10)]), join(base, 'ours'), { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTarError);
    expect((err as Error).message).toMatch(/^layer: unsupported layer media type/);
  });

  test('openDecompressed gives the uncompressed tar', async () => {
    const tar = craftTar([{ name: 'a', content: 'abc' }]);
    const chunks: Buffer[] = [];
    for await (const c of openDecompressed(Readable.from([zstdCompressSync(tar)]), MT.zstd)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(tar)).toBe(true);
  });

  test('a corrupt gzip stream is an error naming the layer', async () => {
    const blob = gzipSync(craftTar([{ name: 'a', content: 'x'.repeat(10000) }]));
    blob[blob.length - 20] = blob[blob.length - 20]! ^ 0xff;
    await expect(extractLayer(Readable.from([blob]), join(base, 'ours'), { mediaType: MT.gzip, label: 'layer sha256:77' })).rejects.toThrow(/^layer sha256:77: reading the layer: /);
  });

  test.each([
    ['application/vnd.oci.image.layer.v1.tar+gzip', false],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', false],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', true],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', true],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', true],
  ])('isForeignLayer(%s) = %s', (mediaType, foreign) => {
    expect(isForeignLayer(mediaType)).toBe(foreign);
  });
});
