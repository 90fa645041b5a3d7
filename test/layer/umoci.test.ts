/**
 * extractLayer + applyLayer against the reference unpacker: the flat tree of a
 * multi-layer image must equal `umoci raw unpack` of the same image, entry by
 * entry (type, mode with special bits, owner, size, content, symlink target,
 * hardlink groups, mtimes). umoci 0.4 reads no zstd, so it gets the same
 * tars gzip-compressed; we read the layout with the mixed compressions.
 */
import { execFile } from 'node:child_process';
import { createReadStream, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyLayer, extractLayer } from '../../src/layer/index.ts';
import { writeOciLayout, type LayerSpec } from '../helpers/images.ts';
import { craftTar, type CraftEntry } from '../helpers/tar-craft.ts';
import { compareTrees, scanTree } from '../helpers/tree-compare.ts';

const execFileP = promisify(execFile);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layer-umoci-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const T0 = 1_600_000_000;
const dir = (name: string, extra: Partial<CraftEntry> = {}): CraftEntry => ({ name, type: 'dir', mtime: T0, ...extra });
const file = (name: string, content: string, extra: Partial<CraftEntry> = {}): CraftEntry => ({ name, content, mtime: T0 + 1, ...extra });
const link = (name: string, linkname: string): CraftEntry => ({ name, type: 'hardlink', linkname });
const sym = (name: string, linkname: string, extra: Partial<CraftEntry> = {}): CraftEntry => ({ name, type: 'symlink', linkname, mtime: T0 + 2, ...extra });
const long = `${'deep-'.repeat(30)}/${'n'.repeat(200)}`;

const base: CraftEntry[] = [
  dir('./', { mode: 0o751, mtime: T0 - 1 }),
  dir('etc/', { mode: 0o755 }),
  file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n'),
  file('etc/config', 'lower config\n'),
  sym('etc/abs-link', '/etc/passwd'),
  dir('usr/'),
  dir('usr/bin/'),
  file('usr/bin/tool', 'tool v1\n', { mode: 0o755 }),
  file('usr/bin/su', 'su\n', { mode: 0o4755 }),
  file('usr/bin/python3.11', 'python\n', { mode: 0o755 }),
  file('usr/bin/gzip', 'gzip\n', { mode: 0o755 }),
  link('usr/bin/gunzip', 'usr/bin/gzip'),
  dir('usr/lib/'),
  file('usr/lib/libx.so.1', 'libx\n'),
  sym('usr/lib/libx.so', 'libx.so.1'),
  sym('lib', 'usr/lib'),
  sym('bin', 'usr/bin'),
  dir('var/', { mtime: T0 + 10 }),
  dir('var/log/', { mtime: T0 + 11 }),
  file('var/log/a.log', 'a\n'),
  dir('var/cache/'),
  dir('var/cache/x/'),
  file('var/cache/x/y', 'cached\n'),
  dir('opt/'),
  dir('opt/app/'),
  file('opt/app/f1', '1'),
  file('opt/app/f2', '2'),
  dir('opt/app/sub/'),
  file('opt/app/sub/g', 'g'),
  dir('home/'),
  dir('home/user/', { uid: 1000, gid: 1000, mode: 0o700 }),
  file('home/user/.bashrc', 'alias ll="ls -l"\n', { uid: 1000, gid: 1000 }),
  dir('old/'),
  file('old/inside', 'old'),
  file('thing', 'a file that becomes a directory'),
  dir('tmp/', { mode: 0o1777 }),
  dir('srv/', { uid: 4_000_000_000, gid: 65534, base256: true }),
  file('srv/odd', 'odd owner', { uid: 4_000_000_000, gid: 3_000_000_000, base256: true }),
  file('pax-long', 'long name', { pax: { path: `srv/${long}` } }),
];

const middle: CraftEntry[] = [
  // whiteouts: a file, a directory, a symlink, something that is not there, in a directory without an entry
  file('etc/.wh.config', ''),
  file('var/.wh.cache', ''),
  file('.wh.bin', ''),
  file('.wh.nothing-here', ''),
  file('home/.wh.user', ''),
  // opaque directory with this layer's entries both before and after the marker in tar order
  dir('opt/app/', { mtime: T0 + 20 }),
  file('opt/app/new1', 'new1'),
  file('opt/app/.wh..wh..opq', ''),
  file('opt/app/new2', 'new2'),
  // file replacing a directory, directory replacing a file
  file('old', 'now a file'),
  dir('thing/', { mode: 0o750 }),
  file('thing/inside', 'inside'),
  // hardlinks to a lower layer, a chain of them, and one whose target this layer replaces afterwards
  link('usr/bin/python3', 'usr/bin/python3.11'),
  link('usr/bin/python', 'usr/bin/python3'),
  link('usr/bin/tool-old', 'usr/bin/tool'),
  file('usr/bin/tool', 'tool v2\n', { mode: 0o755 }),
  // through the lower layers' `lib -> usr/lib` symlink: the layer has no `lib/` entry
  file('lib/newlib.so', 'new lib\n'),
  // a lower directory's metadata changed by an entry; another only gains a file
  dir('etc/', { mode: 0o750, mtime: T0 + 30 }),
  file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'),
  file('var/log/b.log', 'b\n'),
  dir('srv/sticky/', { mode: 0o1777 }),
  file('srv/sgid', 'sgid', { mode: 0o2755, gid: 50 }),
];

const top: CraftEntry[] = [
  file('etc/config', 'config is back\n'),
  // opaque with the marker first
  dir('usr/lib/', { mtime: T0 + 40 }),
  file('usr/lib/.wh..wh..opq', ''),
  file('usr/lib/only.so', 'only\n'),
  // file over symlink, symlink over directory, explicit directory over a symlink
  file('etc/abs-link', 'no longer a link'),
  sym('thing', '/tmp'),
  dir('lib/', { mode: 0o755, mtime: T0 + 41 }),
  file('lib/x', 'x'),
  // a hardlink group within one layer, long names
  dir('a/'),
  file('a/b', 'shared'),
  link('a/c', 'a/b'),
  file('././@LongLink', 'gnu long', { gnuLongName: `a/${long}`, magic: 'gnu' }),
  { name: 'a/link-to-long', type: 'hardlink', linkname: 'x', pax: { linkpath: `a/${long}` } },
  file('usr/bin/su', 'su v2\n', { mode: 0o4711 }),
  // nanosecond mtimes from pax headers
  dir('frac/', { pax: { mtime: '1650000000.123456789' } }),
  file('frac/f', 'f', { pax: { mtime: '1650000001.987654321' } }),
  sym('frac/l', 'f', { pax: { mtime: '1650000002.5' } }),
];

const rootOpaque: CraftEntry[] = [
  link('kept-link', 'etc/passwd'),
  file('.wh..wh..opq', ''),
  dir('new/'),
  file('new/file', 'after the opaque root'),
];

// A lower layer's symlinks to '/' and above it; the upper layer writes and removes through them.
const escapingLinks: CraftEntry[] = [
  sym('etc', '/'),
  dir('usr/'),
  dir('usr/lib/'),
  file('usr/lib/old.so', 'old'),
  sym('abs', '/usr'),
  sym('rel', '../../../../..'),
  sym('loop', 'loop'),
];
const throughLinks: CraftEntry[] = [
  file('etc/passwd', 'lands at the root of the tree'),
  file('abs/lib/new.so', 'lands in usr/lib'),
  file('abs/lib/.wh.old.so', ''),
  file('rel/top', 'lands at the root too'),
  file('rel/.wh.usr-not-there', ''),
];

async function flatten(name: string, layers: LayerSpec[], link: boolean): Promise<{ flat: string; layerDirs: string[] }> {
  const layout = join(work, `${name}-ours-layout`);
  const written = await writeOciLayout(layout, 'img', { layers });
  const manifest = JSON.parse(readFileSync(join(layout, 'blobs/sha256', written.manifestDigest.slice(7)), 'utf8')) as { layers: { mediaType: string; digest: string }[] };
  const flat = join(work, `${name}-ours-flat-${link}`);
  const layerDirs: string[] = [];
  for (const [i, l] of manifest.layers.entries()) {
    const layerfs = join(work, `${name}-layer-${link}-${i}`);
    const res = await extractLayer(createReadStream(join(layout, 'blobs/sha256', l.digest.slice(7))), layerfs, {
      mediaType: l.mediaType,
      expectedDiffId: written.diffIds[i]!,
      label: `${name} layer ${i}`,
      lowerRoot: flat,
    });
    await applyLayer(layerfs, flat, { link, externalLinks: res.externalLinks, implicitDirs: res.implicitDirs });
    layerDirs.push(layerfs);
  }
  return { flat, layerDirs };
}

async function umoci(name: string, layers: LayerSpec[]): Promise<string> {
  const layout = join(work, `${name}-umoci-layout`);
  await writeOciLayout(layout, 'img', { layers: layers.map((l) => ({ tar: l.tar, compression: 'gzip' as const })) });
  const rootfs = join(work, `${name}-umoci-rootfs`);
  await execFileP('umoci', ['raw', 'unpack', '--image', `${layout}:img`, rootfs]);
  return rootfs;
}

/** Directories both unpackers created "now" (no tar entry gave them a time). */
function recentDirs(tree: string): Set<string> {
  const cutoff = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  return new Set([...scanTree(tree)].filter(([, n]) => n.type === 'dir' && n.mtimeNs > cutoff).map(([p]) => p));
}

describe('flat tree equals umoci raw unpack', () => {
  const images: [string, LayerSpec[]][] = [
    [
      'three-layers',
      [
        { tar: craftTar(base), compression: 'gzip' },
        { tar: craftTar(middle), compression: 'zstd' },
        { tar: craftTar(top), compression: 'none' },
      ],
    ],
    [
      'symlinks-to-the-root',
      [
        { tar: craftTar(escapingLinks), compression: 'gzip' },
        { tar: craftTar(throughLinks), compression: 'gzip' },
      ],
    ],
    [
      'opaque-root',
      [
        { tar: craftTar(base), compression: 'gzip' },
        { tar: craftTar(rootOpaque), compression: 'gzip' },
      ],
    ],
  ];

  test.each(images.flatMap(([n, l]) => [[n, true, l] as const, [n, false, l] as const]))('%s (link: %s)', async (name, link, layers) => {
    const reference = await umoci(`${name}-${link}`, [...layers]);
    const { flat } = await flatten(name, [...layers], link);
    const recent = recentDirs(reference);
    // Without a './' entry the root's mtime is whatever the unpacker gave it (umoci: the epoch).
    const rootHasEntry = name !== 'symlinks-to-the-root';
    const diffs = compareTrees(flat, reference, { mtime: true, root: true, ignoreMtime: (p) => recent.has(p) || (p === '' && !rootHasEntry) });
    expect(diffs).toEqual([]);
    expect(scanTree(reference).size).toBeGreaterThan(3);
  });

  test('the comparison fails when the trees differ (control: the base layer alone vs all three)', async () => {
    const reference = await umoci('control', images[0]![1]);
    const { flat } = await flatten('control', images[0]![1].slice(0, 1), true);
    const diffs = compareTrees(flat, reference, { mtime: true });
    expect(diffs).toEqual(
      expect.arrayContaining([
        'etc/config: content differs',
        'bin: only in first tree (symlink)',
        'opt/app/new1: only in second tree (file)',
        'etc: mode 755 vs 750',
        'a/c: only in second tree (file)',
      ]),
    );
  });

  test('the comparison sees the layer semantics (spot checks on the three-layer image)', async () => {
    const { flat, layerDirs } = await flatten('spot', images[0]![1], true);
    const read = (p: string) => readFileSync(join(flat, p), 'utf8');
    expect(read('usr/bin/tool')).toBe('tool v2\n');
    expect(read('usr/bin/tool-old')).toBe('tool v1\n');
    expect(lstatSync(join(flat, 'usr/bin/python')).ino).toBe(lstatSync(join(flat, 'usr/bin/python3.11')).ino);
    expect(lstatSync(join(flat, 'usr/lib')).isDirectory()).toBe(true);
    expect(lstatSync(join(flat, 'lib')).isDirectory()).toBe(true);
    expect(() => lstatSync(join(flat, 'bin'))).toThrow(/ENOENT/);
    expect(() => lstatSync(join(flat, 'home/user'))).toThrow(/ENOENT/);
    expect(scanTree(join(flat, 'opt/app')).size).toBe(3); // the dir, new1, new2
    // Whiteout files stay literal in the layer dirs and never reach the flat tree.
    expect(lstatSync(join(layerDirs[1]!, 'opt/app/.wh..wh..opq')).isFile()).toBe(true);
    expect([...scanTree(flat).keys()].filter((p) => p.includes('.wh.'))).toEqual([]);
    // Content is shared with the layer dir (written once).
    expect(lstatSync(join(flat, 'etc/config')).ino).toBe(lstatSync(join(layerDirs[2]!, 'etc/config')).ino);
  });
});
