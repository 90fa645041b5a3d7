import { describe, expect, test } from 'vitest';
import { InvalidTarError, LayerLimitError } from '../../src/layer/errors.ts';
import { TarParser, type TarHeader } from '../../src/layer/tar-parser.ts';
import { craftTar, type CraftEntry } from '../helpers/tar-craft.ts';

interface Parsed {
  header: TarHeader;
  content: Buffer;
}

/** Parses `tar`, fed in chunks of `chunk` bytes (to cross every block boundary). */
function parse(tar: Buffer, chunk = tar.length): Parsed[] {
  const out: Parsed[] = [];
  let parts: Buffer[] = [];
  const parser = new TarParser({
    entry: (h) => {
      parts = [];
      out.push({ header: h, content: Buffer.alloc(0) });
    },
    data: (c) => parts.push(Buffer.from(c)),
    entryEnd: () => {
      out[out.length - 1]!.content = Buffer.concat(parts);
    },
  });
  for (let off = 0; off < tar.length; off += chunk) parser.write(tar.subarray(off, off + chunk));
  parser.end();
  return out;
}

const long = `${'d'.repeat(120)}/${'e'.repeat(150)}/file.txt`;

describe('TarParser', () => {
  test.each([1, 7, 511, 512, 513, 4096, 1 << 20])('gives the same entries whatever the chunk size (%i)', (chunk) => {
    const tar = craftTar([
      { name: 'dir/', type: 'dir', mode: 0o4755, uid: 1234, gid: 5678, mtime: 1_600_000_000 },
      { name: 'dir/a', content: 'x'.repeat(1000) },
      { name: 'l', type: 'symlink', linkname: '/abs/target' },
      { name: 'h', type: 'hardlink', linkname: 'dir/a' },
      { name: 'e', content: '' },
    ]);
    const got = parse(tar, chunk);
    expect(got.map((p) => [p.header.name, p.header.type, p.content.length])).toEqual([
      ['dir/', 'dir', 0],
      ['dir/a', 'file', 1000],
      ['l', 'symlink', 0],
      ['h', 'hardlink', 0],
      ['e', 'file', 0],
    ]);
    expect(got[0]!.header).toMatchObject({ mode: 0o4755, uid: 1234, gid: 5678, mtime: 1_600_000_000 });
    expect(got[1]!.content.toString()).toBe('x'.repeat(1000));
    expect(got[2]!.header.linkname).toBe('/abs/target');
  });

  test.each<[string, CraftEntry, Partial<TarHeader>]>([
    ['pax path and linkpath', { name: 'short', type: 'symlink', pax: { path: long, linkpath: `/${long}` } }, { name: long, linkname: `/${long}` }],
    ['pax uid/gid beyond octal', { name: 'f', pax: { uid: '4294967294', gid: '3000000000' } }, { uid: 4294967294, gid: 3000000000 }],
    ['pax fractional mtime', { name: 'f', pax: { mtime: '1700000000.25' } }, { mtime: 1700000000.25 }],
    ['pax utf-8 name', { name: 'x', pax: { path: 'données/ü.txt' } }, { name: 'données/ü.txt', utf8: true }],
    ['pax xattrs are read with their raw values', { name: 'f', pax: { 'SCHILY.xattr.security.capability': Buffer.from([1, 2, 0, 3]) } }, { xattrs: [['security.capability', Buffer.from([1, 2, 0, 3])]] }],
    ['GNU long name', { name: '././@LongLink', gnuLongName: long, magic: 'gnu' }, { name: long }],
    ['GNU long link', { name: 'l', type: 'symlink', gnuLongLink: long, magic: 'gnu' }, { linkname: long }],
    ['ustar prefix', { name: 'file.txt', prefix: 'a/b/c' }, { name: 'a/b/c/file.txt' }],
    ['GNU magic ignores the prefix area', { name: 'file.txt', prefix: 'junk', magic: 'gnu' }, { name: 'file.txt' }],
    ['base-256 uid, gid and mtime', { name: 'f', uid: 70_000_000, gid: 3, mtime: 1_700_000_001, base256: true }, { uid: 70_000_000, gid: 3, mtime: 1_700_000_001 }],
    ['old-style directory (NUL typeflag, trailing slash)', { name: 'olddir/', typeflag: '\0' }, { type: 'dir' }],
    ['contiguous file', { name: 'c', typeflag: '7', content: 'abc' }, { type: 'file', size: 3 }],
    ['non-UTF-8 name', { name: Buffer.from([0x66, 0xe9, 0x2e, 0x74]) }, { utf8: false }],
    ['char device', { name: 'dev/null', type: 'char' }, { type: 'char' }],
    ['fifo', { name: 'p', type: 'fifo' }, { type: 'fifo' }],
  ])('%s', (_title, entry, expected) => {
    const got = parse(craftTar([entry]));
    expect(got).toHaveLength(1);
    expect(got[0]!.header).toMatchObject(expected);
  });

  test('pax headers apply to the next entry only; global ones to all that follow', () => {
    const paxGlobal = craftTar([{ name: 'g', typeflag: 'g', content: '12 uid=4242\n' }], { end: false });
    const rest = craftTar([{ name: 'a', pax: { path: 'renamed' } }, { name: 'b' }]);
    const got = parse(Buffer.concat([paxGlobal, rest]));
    expect(got.map((p) => [p.header.name, p.header.uid])).toEqual([
      ['renamed', 4242],
      ['b', 4242],
    ]);
  });

  test('a base-256 size reads the full content', () => {
    const content = Buffer.alloc(3000, 7);
    const got = parse(craftTar([{ name: 'big', content, base256: true }]));
    expect(got[0]!.content.equals(content)).toBe(true);
  });

  test('a size in a link or directory header is not content (as in Go archive/tar)', () => {
    const got = parse(craftTar([{ name: 'd/', type: 'dir', headerSize: 0 }, { name: 'l', type: 'symlink', linkname: 'x' }, { name: 'f', content: 'ok' }]));
    expect(got.map((p) => p.header.name)).toEqual(['d/', 'l', 'f']);
  });

  test('an archive without end blocks is accepted when it stops at an entry boundary', () => {
    expect(parse(craftTar([{ name: 'a', content: 'x' }], { end: false })).map((p) => p.header.name)).toEqual(['a']);
  });

  test.each<[string, Buffer, RegExp]>([
    ['bad checksum', craftTar([{ name: 'a', badChecksum: true }]), /checksum/],
    ['truncated content', craftTar([{ name: 'a', content: 'x'.repeat(2000) }], { truncate: 1200 }), /truncated/],
    ['truncated header', craftTar([{ name: 'a' }], { truncate: 300 }), /truncated/],
    ['unknown typeflag', craftTar([{ name: 'a', typeflag: 'Z' }]), /unknown tar entry type/],
    ['GNU sparse', craftTar([{ name: 'a', typeflag: 'S' }]), /sparse/],
    ['malformed pax record', craftTar([{ name: 'x', typeflag: 'x', content: '99 path=a\n' }, { name: 'a' }]), /malformed pax/],
    ['pax size that is not a number', craftTar([{ name: 'a', pax: { size: '0x10' } }]), /invalid pax size/],
    ['negative base-256 number', (() => {
      const t = craftTar([{ name: 'a', base256: true }]);
      t[108] = 0xff;
      return t;
    })(), /negative uid|checksum/],
  ])('refuses %s', (_title, tar, message) => {
    expect(() => parse(tar)).toThrow(InvalidTarError);
    expect(() => parse(tar)).toThrow(message);
  });

  test('refuses an extension header bigger than the limit', () => {
    const tar = craftTar([{ name: 'a', gnuLongName: 'n'.repeat(5000) }]);
    const parser = new TarParser({ entry: () => {}, data: () => {}, entryEnd: () => {} }, 4096);
    expect(() => parser.write(tar)).toThrow(LayerLimitError);
  });

  test('refuses endless data after the end of the archive', () => {
    const parser = new TarParser({ entry: () => {}, data: () => {}, entryEnd: () => {} }, 4096, 10_000);
    parser.write(craftTar([{ name: 'a' }]));
    expect(parser.ended).toBe(true);
    expect(() => parser.write(Buffer.alloc(20_000))).toThrow(LayerLimitError);
  });
});
