/**
 * Hand-written tar archives with arbitrary, also hostile, headers: names with
 * `..`, absolute names, NUL bytes, empty names, links out of the root, pax and
 * GNU long names, base-256 numbers, broken checksums, truncation. Real tar
 * writers refuse most of these, so the headers are written byte by byte.
 */

export type CraftType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

const TYPEFLAG: Record<CraftType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
};

export interface CraftEntry {
  /** Written as is into the 100-byte name field (bytes beyond 100 are an error: use `pax` or `gnuLongName`). */
  name: string | Buffer;
  type?: CraftType;
  /** A raw typeflag character, overriding `type`. */
  typeflag?: string;
  content?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  /** Seconds since the epoch. */
  mtime?: number;
  linkname?: string | Buffer;
  /** ustar prefix field (only with the POSIX magic). */
  prefix?: string;
  /** Write numbers in base-256 (GNU) instead of octal. */
  base256?: boolean;
  /** The size field, if it must differ from the content length. */
  headerSize?: number;
  /** Pax records written in an 'x' header before this entry. */
  pax?: Record<string, string | Buffer>;
  /** A GNU 'L' header carrying this name before the entry. */
  gnuLongName?: string | Buffer;
  /** A GNU 'K' header carrying this link target before the entry. */
  gnuLongLink?: string | Buffer;
  magic?: 'posix' | 'gnu';
  badChecksum?: boolean;
}

export interface CraftOptions {
  /** Write the two zero blocks at the end (default true). */
  end?: boolean;
  /** Cut the archive to this many bytes. */
  truncate?: number;
}

const BLOCK = 512;

function bytes(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function putField(block: Buffer, off: number, len: number, value: string | Buffer, what: string): void {
  const b = bytes(value);
  if (b.length > len) throw new Error(`tar-craft: ${what} is ${b.length} bytes, field holds ${len}`);
  b.copy(block, off);
}

function putNumber(block: Buffer, off: number, len: number, n: number, base256: boolean): void {
  const octal = n.toString(8);
  if (!base256 && n >= 0 && octal.length < len) {
    block.write(octal.padStart(len - 1, '0'), off, 'latin1');
    block[off + len - 1] = 0;
    return;
  }
  // base-256: high bit of the first byte set, big-endian value in the rest; a negative
  // number (only octal cannot hold one) is the two's complement of the whole field, first byte 0xff.
  let v = n < 0 ? (1n << BigInt(8 * len)) + BigInt(n) : BigInt(n);
  for (let i = len - 1; i >= 1; i--) {
    block[off + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  block[off] = n < 0 ? 0xff : 0x80;
}

function header(e: CraftEntry, typeflag: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  putField(block, 0, 100, e.name, 'name');
  const b256 = e.base256 ?? false;
  putNumber(block, 100, 8, e.mode ?? (typeflag === '5' ? 0o755 : 0o644), false);
  putNumber(block, 108, 8, e.uid ?? 0, b256);
  putNumber(block, 116, 8, e.gid ?? 0, b256);
  putNumber(block, 124, 12, size, b256);
  putNumber(block, 136, 12, e.mtime ?? 1_700_000_000, b256);
  block.write(typeflag, 156, 'latin1');
  if (e.linkname !== undefined) putField(block, 157, 100, e.linkname, 'linkname');
  if ((e.magic ?? 'posix') === 'posix') {
    block.write('ustar\u000000', 257, 'latin1');
  } else {
    block.write('ustar  \u0000', 257, 'latin1');
  }
  if (e.prefix !== undefined) putField(block, 345, 155, e.prefix, 'prefix');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  if (e.badChecksum) sum += 1;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

function padded(data: Buffer): Buffer[] {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return pad > 0 ? [data, Buffer.alloc(pad)] : [data];
}

function paxRecords(records: Record<string, string | Buffer>): Buffer {
  const out: Buffer[] = [];
  for (const [k, v] of Object.entries(records)) {
    const body = Buffer.concat([Buffer.from(` ${k}=`), bytes(v), Buffer.from('\n')]);
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    out.push(Buffer.from(String(len)), body);
  }
  return Buffer.concat(out);
}

function meta(typeflag: string, data: Buffer, e: CraftEntry): Buffer[] {
  const h = header({ name: typeflag === 'x' ? 'PaxHeaders/x' : '././@LongLink', mtime: 0, magic: e.magic ?? 'posix' }, typeflag, data.length);
  return [h, ...padded(data)];
}

/** Builds a tar archive from `entries`, byte for byte as told. */
export function craftTar(entries: CraftEntry[], opts: CraftOptions = {}): Buffer {
  const out: Buffer[] = [];
  for (const e of entries) {
    if (e.pax) out.push(...meta('x', paxRecords(e.pax), e));
    if (e.gnuLongName !== undefined) out.push(...meta('L', Buffer.concat([bytes(e.gnuLongName), Buffer.alloc(1)]), { ...e, magic: 'gnu' }));
    if (e.gnuLongLink !== undefined) out.push(...meta('K', Buffer.concat([bytes(e.gnuLongLink), Buffer.alloc(1)]), { ...e, magic: 'gnu' }));
    const typeflag = e.typeflag ?? TYPEFLAG[e.type ?? 'file'];
    const content = e.content === undefined ? Buffer.alloc(0) : bytes(e.content);
    out.push(header(e, typeflag, e.headerSize ?? content.length));
    if (content.length > 0) out.push(...padded(content));
  }
  if (opts.end ?? true) out.push(Buffer.alloc(2 * BLOCK));
  const tar = Buffer.concat(out);
  return opts.truncate === undefined ? tar : tar.subarray(0, opts.truncate);
}

/** `n` tiny files `f0`, `f1`, … (an entry-count bomb). */
export function manyFiles(n: number): CraftEntry[] {
  return Array.from({ length: n }, (_, i) => ({ name: `f${i}`, content: '' }));
}
