/**
 * A push parser for tar streams: ustar, pax (local and global extended
 * headers), GNU long names/links and base-256 numbers. Chunks go in with
 * `write`; headers and file contents come out synchronously through a
 * `TarHandler`, contents as zero-copy slices of the input chunks.
 *
 * It never buffers file contents; only extension headers (pax records, GNU
 * long names) are collected, up to `maxMetaBytes`.
 */
import { isUtf8 } from 'node:buffer';
import { InvalidTarError, LayerLimitError } from './errors.ts';
import { BLOCK, cString, isZeroBlock, parseNumber, parsePax, verifyChecksum, type Pending } from './tar-fields.ts';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarHeader {
  /** Raw name as in the archive (pax `path` / GNU long name applied), not cleaned. */
  name: string;
  type: EntryType;
  /** Permission bits including setuid/setgid/sticky (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Bytes of content that follow (only 'file' entries carry content for the handler). */
  size: number;
  /** Seconds since the epoch, possibly fractional (pax). */
  mtime: number;
  linkname: string;
  /** False when the name or link target is not valid UTF-8 (it then cannot be written faithfully). */
  utf8: boolean;
  /** Extended attributes from pax records (name, raw value); restored at the end of the layer. */
  xattrs: [string, Buffer][];
}

export interface TarHandler {
  entry(h: TarHeader): void;
  data(chunk: Buffer): void;
  entryEnd(): void;
}

type State = 'header' | 'data' | 'meta' | 'padding' | 'end';
type MetaKind = 'pax' | 'paxGlobal' | 'gnuName' | 'gnuLink' | 'skip';


export class TarParser {
  private state: State = 'header';
  private carry: Buffer | null = null; // partial header or meta block
  private remaining = 0; // bytes of data/meta left
  private padding = 0; // bytes of padding left after data/meta
  private metaKind: MetaKind = 'skip';
  private metaParts: Buffer[] = [];
  private pending: Pending = { xattrs: [] };
  private global: Pending = { xattrs: [] };
  /** Bytes seen after the end-of-archive block (zero padding). */
  trailing = 0;

  constructor(
    private readonly handler: TarHandler,
    private readonly maxMetaBytes = 8 << 20,
    private readonly maxTrailingBytes = 16 << 20,
  ) {}

  get ended(): boolean {
    return this.state === 'end';
  }

  write(chunk: Buffer): void {
    let off = 0;
    const len = chunk.length;
    while (off < len) {
      switch (this.state) {
        case 'header': {
          if (this.carry === null && len - off >= BLOCK) {
            this.header(chunk.subarray(off, off + BLOCK));
            off += BLOCK;
          } else {
            const have = this.carry?.length ?? 0;
            const take = Math.min(BLOCK - have, len - off);
            const piece = chunk.subarray(off, off + take);
            this.carry = this.carry === null ? Buffer.from(piece) : Buffer.concat([this.carry, piece]);
            off += take;
            if (this.carry.length === BLOCK) {
              const block = this.carry;
              this.carry = null;
              this.header(block);
            }
          }
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, len - off);
          this.handler.data(chunk.subarray(off, off + take));
          off += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishEntry();
          break;
        }
        case 'meta': {
          const take = Math.min(this.remaining, len - off);
          if (this.metaKind !== 'skip') this.metaParts.push(Buffer.from(chunk.subarray(off, off + take)));
          off += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishMeta();
          break;
        }
        case 'padding': {
          const take = Math.min(this.padding, len - off);
          off += take;
          this.padding -= take;
          if (this.padding === 0) this.state = 'header';
          break;
        }
        case 'end': {
          // After the end-of-archive block only zero padding may follow; a flood of it is a bomb.
          this.trailing += len - off;
          if (this.trailing > this.maxTrailingBytes) {
            throw new LayerLimitError(`more than ${this.maxTrailingBytes} bytes after the end of the tar archive`);
          }
          off = len;
          break;
        }
      }
    }
  }

  /** Call after the last chunk: refuses an archive cut off inside an entry. */
  end(): void {
    if (this.state === 'header' && this.carry === null) return; // no end-of-archive blocks: tolerated, as by GNU tar and Go
    if (this.state === 'end') return;
    throw new InvalidTarError('unexpected end of the tar stream (truncated layer)');
  }

  private header(block: Buffer): void {
    if (isZeroBlock(block)) {
      this.state = 'end';
      return;
    }
    verifyChecksum(block);
    const typeflag = block[156] ?? 0;
    const size = parseNumber(block, 124, 12, 'size');
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const flag = String.fromCharCode(typeflag);
    let metaKind: MetaKind | undefined;
    if (flag === 'x') metaKind = 'pax';
    else if (flag === 'g') metaKind = 'paxGlobal';
    else if (flag === 'L') metaKind = 'gnuName';
    else if (flag === 'K') metaKind = 'gnuLink';
    else if (flag === 'V' || flag === 'M' || flag === 'N') metaKind = 'skip'; // volume label, multi-volume, old GNU long names: no content for us
    if (metaKind !== undefined) {
      // Extension headers are held in memory; a huge one would exhaust it.
      if (metaKind !== 'skip' && size > this.maxMetaBytes) {
        throw new LayerLimitError(`tar extension header of ${size} bytes (limit ${this.maxMetaBytes})`);
      }
      this.metaKind = metaKind;
      this.metaParts = [];
      this.remaining = size;
      this.padding = padded - size;
      if (size === 0) this.finishMeta();
      else this.state = 'meta';
      return;
    }
    const h = this.buildHeader(block, flag, size);
    this.handler.entry(h);
    // Only regular files have content; like Go's archive/tar (and so umoci), a size in the header of a
    // link, directory, device or FIFO is ignored and no content is skipped for it.
    if (h.type === 'file' && h.size > 0) {
      this.remaining = h.size;
      this.padding = Math.ceil(h.size / BLOCK) * BLOCK - h.size;
      this.state = 'data';
    } else {
      this.handler.entryEnd();
      this.state = 'header';
    }
  }

  private finishEntry(): void {
    this.handler.entryEnd();
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private finishMeta(): void {
    const buf = this.metaParts.length === 1 ? this.metaParts[0]! : Buffer.concat(this.metaParts);
    this.metaParts = [];
    switch (this.metaKind) {
      case 'pax':
        parsePax(buf, this.pending);
        break;
      case 'paxGlobal':
        parsePax(buf, this.global);
        break;
      case 'gnuName':
        this.pending.path = cString(buf, 0, buf.length);
        break;
      case 'gnuLink':
        this.pending.linkpath = cString(buf, 0, buf.length);
        break;
      case 'skip':
        break;
    }
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private buildHeader(block: Buffer, flag: string, headerSize: number): TarHeader {
    const p = this.pending;
    const g = this.global;
    this.pending = { xattrs: [] };
    const magic = block.toString('latin1', 257, 263);
    let nameBytes: Buffer | string | undefined = p.path ?? g.path;
    if (nameBytes === undefined) {
      const name = cString(block, 0, 100);
      // POSIX ustar splits long names into prefix + name; GNU's "ustar  " magic uses that space for other fields.
      if (magic === 'ustar\0') {
        const star = block.toString('latin1', 508, 512) === 'tar\0';
        const prefix = cString(block, 345, star ? 131 : 155);
        nameBytes = prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), name]) : name;
      } else {
        nameBytes = name;
      }
    }
    const linkBytes: Buffer | string = p.linkpath ?? g.linkpath ?? cString(block, 157, 100);
    let utf8 = true;
    const name = typeof nameBytes === 'string' ? nameBytes : (utf8 &&= isUtf8(nameBytes), nameBytes.toString('utf8'));
    const linkname = typeof linkBytes === 'string' ? linkBytes : (utf8 &&= isUtf8(linkBytes), linkBytes.toString('utf8'));
    let type: EntryType;
    switch (flag) {
      case '0':
      case '\0':
      case '7': // contiguous file: a regular file everywhere but on Masscomp
        // Old (pre-POSIX) archives mark directories only by a trailing slash.
        type = flag === '\0' && name.endsWith('/') ? 'dir' : 'file';
        break;
      case '1':
        type = 'hardlink';
        break;
      case '2':
        type = 'symlink';
        break;
      case '3':
        type = 'char';
        break;
      case '4':
        type = 'block';
        break;
      case '5':
      case 'D': // GNU dump dir: a directory with a listing as content
        type = 'dir';
        break;
      case '6':
        type = 'fifo';
        break;
      case 'S':
        throw new InvalidTarError(`entry ${JSON.stringify(name)}: GNU sparse files are not supported`);
      default:
        throw new InvalidTarError(`entry ${JSON.stringify(name)}: unknown tar entry type ${JSON.stringify(flag)}`);
    }
    return {
      name,
      type,
      mode: parseNumber(block, 100, 8, 'mode') & 0o7777,
      uid: p.uid ?? g.uid ?? parseNumber(block, 108, 8, 'uid'),
      gid: p.gid ?? g.gid ?? parseNumber(block, 116, 8, 'gid'),
      size: p.size ?? g.size ?? headerSize,
      mtime: p.mtime ?? g.mtime ?? parseNumber(block, 136, 12, 'mtime', true),
      linkname,
      utf8,
      xattrs: g.xattrs.length === 0 ? p.xattrs : [...g.xattrs, ...p.xattrs],
    };
  }
}
