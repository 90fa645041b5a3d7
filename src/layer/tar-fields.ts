/**
 * Field-level tar decoding: numbers (octal and base-256), NUL-terminated
 * strings, header checksums and pax extended-header records.
 */
import { InvalidTarError } from './errors.ts';

export const BLOCK = 512;

/** Values from pax / GNU extension headers that override the next header's fields. */
export interface Pending {
  path?: Buffer | string;
  linkpath?: Buffer | string;
  size?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  /** Extended attributes (`SCHILY.xattr.NAME` / `LIBARCHIVE.xattr.NAME` records): name and raw value. */
  xattrs: [string, Buffer][];
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i += 4) if (block.readUInt32LE(i) !== 0) return false;
  return true;
}

export function verifyChecksum(block: Buffer): void {
  const stored = parseNumber(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // A wrong checksum means we are not at a header: reading on would turn file contents into entries.
  if (stored !== unsigned && stored !== signed) throw new InvalidTarError('tar header checksum mismatch (corrupt or not a tar archive)');
}

/** The bytes of a NUL-terminated field. */
export function cString(buf: Buffer, off: number, len: number): Buffer {
  const end = off + len;
  const nul = buf.indexOf(0, off);
  return buf.subarray(off, nul >= 0 && nul < end ? nul : end);
}

/**
 * An octal or base-256 numeric header field. Only `signed` fields (mtime) may be negative: a file from
 * before 1970 is real (GNU tar and Go write it in base-256), a negative size, uid or gid is not.
 */
export function parseNumber(buf: Buffer, off: number, len: number, what: string, signed = false): number {
  const first = buf[off]!;
  if (first & 0x80) {
    // Base-256 (GNU/star) for values that do not fit in octal; 0xff marks a negative number (two's complement).
    if (first === 0xff) {
      if (!signed) throw new InvalidTarError(`negative ${what} in tar header`);
      let v = 0n;
      for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(buf[off + i]!);
      const n = v - (1n << BigInt(8 * len));
      if (n < BigInt(Number.MIN_SAFE_INTEGER)) throw new InvalidTarError(`${what} in tar header is too small`);
      return Number(n);
    }
    let v = first & 0x7f;
    for (let i = 1; i < len; i++) {
      v = v * 256 + buf[off + i]!;
      if (v > Number.MAX_SAFE_INTEGER) throw new InvalidTarError(`${what} in tar header is too large`);
    }
    return v;
  }
  let i = off;
  const end = off + len;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) throw new InvalidTarError(`invalid octal ${what} in tar header`);
    v = v * 8 + (c - 0x30);
    digits++;
  }
  for (; i < end; i++) {
    if (buf[i] !== 0x20 && buf[i] !== 0) throw new InvalidTarError(`invalid octal ${what} in tar header`);
  }
  return digits === 0 ? 0 : v;
}

/** Pax records `"%d %s=%s\n"` into `into`. */
export function parsePax(buf: Buffer, into: Pending): void {
  let off = 0;
  while (off < buf.length) {
    if (buf[off] === 0) break; // some writers pad with NULs
    const sp = buf.indexOf(0x20, off);
    if (sp < 0) throw new InvalidTarError('malformed pax record (no length)');
    const recLen = Number(buf.toString('latin1', off, sp));
    if (!Number.isInteger(recLen) || recLen <= sp - off + 1 || off + recLen > buf.length || buf[off + recLen - 1] !== 0x0a) {
      throw new InvalidTarError('malformed pax record');
    }
    const rec = buf.subarray(sp + 1, off + recLen - 1);
    const eq = rec.indexOf(0x3d);
    if (eq < 0) throw new InvalidTarError('malformed pax record (no "=")');
    const key = rec.toString('utf8', 0, eq);
    const value = rec.subarray(eq + 1);
    applyPax(into, key, value);
    off += recLen;
  }
}

function paxNumber(key: string, value: Buffer): number {
  const s = value.toString('latin1');
  const n = Number(s);
  // Only plain non-negative decimals; anything else (hex, exponent, negative) is a broken or hostile writer.
  if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(n)) throw new InvalidTarError(`invalid pax ${key} ${JSON.stringify(s)}`);
  return n;
}

function applyPax(into: Pending, key: string, value: Buffer): void {
  switch (key) {
    case 'path':
      into.path = Buffer.from(value);
      break;
    case 'linkpath':
      into.linkpath = Buffer.from(value);
      break;
    case 'size':
      into.size = paxNumber(key, value);
      break;
    case 'uid':
      into.uid = paxNumber(key, value);
      break;
    case 'gid':
      into.gid = paxNumber(key, value);
      break;
    case 'mtime': {
      const s = value.toString('latin1');
      if (!/^-?[0-9]+(\.[0-9]*)?$/.test(s)) throw new InvalidTarError(`invalid pax mtime ${JSON.stringify(s)}`);
      into.mtime = Number(s);
      break;
    }
    default:
      if (key.startsWith('GNU.sparse.')) throw new InvalidTarError('GNU sparse files are not supported');
      if (key.startsWith('SCHILY.xattr.')) into.xattrs.push([key.slice('SCHILY.xattr.'.length), Buffer.from(value)]);
      // libarchive's form carries the value base64-encoded.
      else if (key.startsWith('LIBARCHIVE.xattr.')) into.xattrs.push([libarchiveName(key), Buffer.from(value.toString('latin1'), 'base64')]);
      // atime, ctime, uname, gname, comment, charset...: not restored
      break;
  }
}

/** libarchive URL-encodes the attribute name. */
function libarchiveName(key: string): string {
  try {
    return decodeURIComponent(key.slice('LIBARCHIVE.xattr.'.length));
  } catch {
    throw new InvalidTarError(`invalid pax record name ${JSON.stringify(key)}`);
  }
}
