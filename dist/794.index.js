export const id = 794;
export const ids = [794];
export const modules = {

/***/ 4794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cV: () => (/* reexport */ applyLayer),
  OL: () => (/* reexport */ applyOptionsOf),
  tP: () => (/* reexport */ extractLayer),
  sJ: () => (/* reexport */ isForeignLayer),
  Di: () => (/* reexport */ keepingDirTimes),
  L0: () => (/* reexport */ parseSidecar),
  i0: () => (/* reexport */ resolveParentInRoot),
  hQ: () => (/* reexport */ sidecarOf)
});

// UNUSED EXPORTS: DEFAULT_LIMITS, DigestMismatchError, InvalidTarError, InvalidWhiteoutError, LayerError, LayerLimitError, UnsafePathError, openDecompressed, resolveInRoot, sniffCompression

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/common/chunks.ts
var chunks = __webpack_require__(1119);
;// CONCATENATED MODULE: ./src/layer/errors.ts
/**
 * Named errors of the layer code. Every message starts with what was being
 * unpacked (the layer label and the entry) and then says why, e.g.
 * `layer sha256:ab12…: entry "../../etc/passwd": path escapes the layer root`.
 */
/** Base class: anything that went wrong turning a layer into a directory. */
class LayerError extends Error {
    name = 'LayerError';
}
/** A name or link that would create, remove or link something outside the root, or through a symlink. */
class UnsafePathError extends LayerError {
    name = 'UnsafePathError';
}
/** The uncompressed tar does not hash to the DiffID the image config promises. */
class DigestMismatchError extends LayerError {
    name = 'DigestMismatchError';
}
/** Too many entries, too many bytes, too long a name: a decompression bomb or a broken layer. */
class LayerLimitError extends LayerError {
    name = 'LayerLimitError';
}
/** A whiteout that cannot mean anything (`.wh.`, `.wh..`, a whiteout directory). */
class InvalidWhiteoutError extends LayerError {
    name = 'InvalidWhiteoutError';
}
/** The stream is not a tar archive we can read (bad checksum, truncated, unsupported extension). */
class InvalidTarError extends LayerError {
    name = 'InvalidTarError';
}
/** `label: entry "name": reason` — the shape of every per-entry message. */
function entryMessage(label, entry, reason) {
    return `${label}: entry ${JSON.stringify(entry)}: ${reason}`;
}
/** `ENOTDIR: not a directory, mkdir '/tmp/…'` → `ENOTDIR: not a directory` (no temporary path in messages). */
function errnoText(err) {
    const e = err;
    if (typeof e?.code !== 'string')
        return e?.message ?? String(err);
    const m = /^[A-Z0-9]+: ([^,]*)/.exec(e.message);
    return `${e.code}: ${m?.[1] ?? e.code}`;
}

;// CONCATENATED MODULE: ./src/layer/decompress.ts
/**
 * Layer blob → uncompressed tar stream. The compression is recognised by the
 * magic bytes (some registries serve uncompressed layers under a gzip media
 * type); the media type only decides whether the layer is a layer at all.
 */





/** Decompressor output chunk size: 1 MiB chunks make Node's gunzip ~3x faster than the 16 KiB default. */
const CHUNK_SIZE = 1 << 20;
/** Room for a few decompressed chunks, so that the decompressor (in the thread pool) runs ahead while we write files. */
const DECODER_OPTIONS = { chunkSize: CHUNK_SIZE, readableHighWaterMark: 4 * CHUNK_SIZE };
const LAYER_MEDIA_TYPES = new Set([
    'application/vnd.oci.image.layer.v1.tar',
    'application/vnd.oci.image.layer.v1.tar+gzip',
    'application/vnd.oci.image.layer.v1.tar+zstd',
    'application/vnd.docker.image.rootfs.diff.tar',
    'application/vnd.docker.image.rootfs.diff.tar.gzip',
    'application/vnd.docker.image.rootfs.diff.tar.zstd',
    'application/vnd.oci.image.layer.nondistributable.v1.tar',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
    'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
    'application/vnd.docker.image.rootfs.foreign.diff.tar',
]);
/** Non-distributable ("foreign") layers live elsewhere (e.g. Windows base layers); callers skip them with a warning. */
function isForeignLayer(mediaType) {
    return mediaType.includes('.nondistributable.') || mediaType.includes('.foreign.');
}
/** The compression of a blob that starts with `head` (at least 4 bytes unless the blob is shorter). */
function sniffCompression(head) {
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
        return 'zstd';
    return 'none';
}
function checkMediaType(mediaType) {
    if (!LAYER_MEDIA_TYPES.has(mediaType)) {
        throw new InvalidTarError(`unsupported layer media type ${JSON.stringify(mediaType)}`);
    }
}
/**
 * The uncompressed tar of `blob`, chunk by chunk as the decoder writes them
 * (never joined or copied). `onCompressed` sees every compressed chunk (for
 * progress). Ending the iteration early destroys the blob.
 */
async function* decompressedChunks(blob, mediaType, onCompressed) {
    checkMediaType(mediaType);
    const it = (0,chunks/* chunksOf */.U)(blob);
    let head = Buffer.alloc(0);
    try {
        while (head.length < 4) {
            const r = await it.next();
            if (r.done)
                break;
            onCompressed?.(r.value);
            head = head.length === 0 ? r.value : Buffer.concat([head, r.value]);
        }
        const compression = sniffCompression(head);
        if (compression === 'none') {
            if (head.length > 0)
                yield head;
            for (;;) {
                const r = await it.next();
                if (r.done)
                    return;
                onCompressed?.(r.value);
                yield r.value;
            }
        }
        const decoder = compression === 'gzip' ? (0,external_node_zlib_.createGunzip)(DECODER_OPTIONS) : (0,external_node_zlib_.createZstdDecompress)(DECODER_OPTIONS);
        async function* rest() {
            yield head;
            for (;;) {
                const r = await it.next();
                if (r.done)
                    return;
                onCompressed?.(r.value);
                yield r.value;
            }
        }
        const feeding = (0,promises_.pipeline)(rest(), decoder);
        // The decoder's own error surfaces through iteration; this keeps an early rejection from going unhandled.
        feeding.catch(() => { });
        try {
            // While one chunk is parsed and written, the decoder (in the thread pool) fills the next ones.
            yield* (0,chunks/* chunksOf */.U)(decoder, DECODER_OPTIONS.readableHighWaterMark);
            await feeding;
        }
        finally {
            decoder.destroy();
        }
    }
    finally {
        // Destroyed first: a read of the blob still pending (in the feeding) then ends instead of waiting.
        blob.destroy();
        it.return().catch(() => { });
    }
}
/** The uncompressed tar of `blob` as a stream (see decompressedChunks). Destroying the result destroys the blob. */
function decompressedStream(blob, mediaType, onCompressed) {
    checkMediaType(mediaType);
    return Readable.from(decompressedChunks(blob, mediaType, onCompressed), { objectMode: false, highWaterMark: CHUNK_SIZE });
}
/** The uncompressed tar of a layer blob, by media type and magic bytes (gzip, zstd, else plain tar). */
function openDecompressed(blob, mediaType) {
    return decompressedStream(blob, mediaType);
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/layer/tar-fields.ts
/**
 * Field-level tar decoding: numbers (octal and base-256), NUL-terminated
 * strings, header checksums and pax extended-header records.
 */

const BLOCK = 512;
function isZeroBlock(block) {
    for (let i = 0; i < BLOCK; i += 4)
        if (block.readUInt32LE(i) !== 0)
            return false;
    return true;
}
function verifyChecksum(block) {
    const stored = parseNumber(block, 148, 8, 'checksum');
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < BLOCK; i++) {
        const b = i >= 148 && i < 156 ? 0x20 : block[i];
        unsigned += b;
        signed += b > 127 ? b - 256 : b;
    }
    // A wrong checksum means we are not at a header: reading on would turn file contents into entries.
    if (stored !== unsigned && stored !== signed)
        throw new InvalidTarError('tar header checksum mismatch (corrupt or not a tar archive)');
}
/** The bytes of a NUL-terminated field. */
function cString(buf, off, len) {
    const end = off + len;
    const nul = buf.indexOf(0, off);
    return buf.subarray(off, nul >= 0 && nul < end ? nul : end);
}
/**
 * An octal or base-256 numeric header field. Only `signed` fields (mtime) may be negative: a file from
 * before 1970 is real (GNU tar and Go write it in base-256), a negative size, uid or gid is not.
 */
function parseNumber(buf, off, len, what, signed = false) {
    const first = buf[off];
    if (first & 0x80) {
        // Base-256 (GNU/star) for values that do not fit in octal; 0xff marks a negative number (two's complement).
        if (first === 0xff) {
            if (!signed)
                throw new InvalidTarError(`negative ${what} in tar header`);
            let v = 0n;
            for (let i = 0; i < len; i++)
                v = (v << 8n) | BigInt(buf[off + i]);
            const n = v - (1n << BigInt(8 * len));
            if (n < BigInt(Number.MIN_SAFE_INTEGER))
                throw new InvalidTarError(`${what} in tar header is too small`);
            return Number(n);
        }
        let v = first & 0x7f;
        for (let i = 1; i < len; i++) {
            v = v * 256 + buf[off + i];
            if (v > Number.MAX_SAFE_INTEGER)
                throw new InvalidTarError(`${what} in tar header is too large`);
        }
        return v;
    }
    let i = off;
    const end = off + len;
    while (i < end && (buf[i] === 0x20 || buf[i] === 0))
        i++;
    let v = 0;
    let digits = 0;
    for (; i < end; i++) {
        const c = buf[i];
        if (c === 0x20 || c === 0)
            break;
        if (c < 0x30 || c > 0x37)
            throw new InvalidTarError(`invalid octal ${what} in tar header`);
        v = v * 8 + (c - 0x30);
        digits++;
    }
    for (; i < end; i++) {
        if (buf[i] !== 0x20 && buf[i] !== 0)
            throw new InvalidTarError(`invalid octal ${what} in tar header`);
    }
    return digits === 0 ? 0 : v;
}
/** Pax records `"%d %s=%s\n"` into `into`. */
function parsePax(buf, into) {
    let off = 0;
    while (off < buf.length) {
        if (buf[off] === 0)
            break; // some writers pad with NULs
        const sp = buf.indexOf(0x20, off);
        if (sp < 0)
            throw new InvalidTarError('malformed pax record (no length)');
        const recLen = Number(buf.toString('latin1', off, sp));
        if (!Number.isInteger(recLen) || recLen <= sp - off + 1 || off + recLen > buf.length || buf[off + recLen - 1] !== 0x0a) {
            throw new InvalidTarError('malformed pax record');
        }
        const rec = buf.subarray(sp + 1, off + recLen - 1);
        const eq = rec.indexOf(0x3d);
        if (eq < 0)
            throw new InvalidTarError('malformed pax record (no "=")');
        const key = rec.toString('utf8', 0, eq);
        const value = rec.subarray(eq + 1);
        applyPax(into, key, value);
        off += recLen;
    }
}
function paxNumber(key, value) {
    const s = value.toString('latin1');
    const n = Number(s);
    // Only plain non-negative decimals; anything else (hex, exponent, negative) is a broken or hostile writer.
    if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(n))
        throw new InvalidTarError(`invalid pax ${key} ${JSON.stringify(s)}`);
    return n;
}
function applyPax(into, key, value) {
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
            if (!/^-?[0-9]+(\.[0-9]*)?$/.test(s))
                throw new InvalidTarError(`invalid pax mtime ${JSON.stringify(s)}`);
            into.mtime = Number(s);
            break;
        }
        default:
            if (key.startsWith('GNU.sparse.'))
                throw new InvalidTarError('GNU sparse files are not supported');
            if (key.startsWith('SCHILY.xattr.'))
                into.xattrs.push([key.slice('SCHILY.xattr.'.length), Buffer.from(value)]);
            // libarchive's form carries the value base64-encoded.
            else if (key.startsWith('LIBARCHIVE.xattr.'))
                into.xattrs.push([libarchiveName(key), Buffer.from(value.toString('latin1'), 'base64')]);
            // atime, ctime, uname, gname, comment, charset...: not restored
            break;
    }
}
/** libarchive URL-encodes the attribute name. */
function libarchiveName(key) {
    try {
        return decodeURIComponent(key.slice('LIBARCHIVE.xattr.'.length));
    }
    catch {
        throw new InvalidTarError(`invalid pax record name ${JSON.stringify(key)}`);
    }
}

;// CONCATENATED MODULE: ./src/layer/tar-parser.ts
/**
 * A push parser for tar streams: ustar, pax (local and global extended
 * headers), GNU long names/links and base-256 numbers. Chunks go in with
 * `write`; headers and file contents come out synchronously through a
 * `TarHandler`, contents as zero-copy slices of the input chunks.
 *
 * It never buffers file contents; only extension headers (pax records, GNU
 * long names) are collected, up to `maxMetaBytes`.
 */



class TarParser {
    handler;
    maxMetaBytes;
    maxTrailingBytes;
    state = 'header';
    carry = null; // partial header or meta block
    remaining = 0; // bytes of data/meta left
    padding = 0; // bytes of padding left after data/meta
    metaKind = 'skip';
    metaParts = [];
    pending = { xattrs: [] };
    global = { xattrs: [] };
    /** Bytes seen after the end-of-archive block (zero padding). */
    trailing = 0;
    constructor(handler, maxMetaBytes = 8 << 20, maxTrailingBytes = 16 << 20) {
        this.handler = handler;
        this.maxMetaBytes = maxMetaBytes;
        this.maxTrailingBytes = maxTrailingBytes;
    }
    get ended() {
        return this.state === 'end';
    }
    write(chunk) {
        let off = 0;
        const len = chunk.length;
        while (off < len) {
            switch (this.state) {
                case 'header': {
                    if (this.carry === null && len - off >= BLOCK) {
                        this.header(chunk.subarray(off, off + BLOCK));
                        off += BLOCK;
                    }
                    else {
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
                    if (this.remaining === 0)
                        this.finishEntry();
                    break;
                }
                case 'meta': {
                    const take = Math.min(this.remaining, len - off);
                    if (this.metaKind !== 'skip')
                        this.metaParts.push(Buffer.from(chunk.subarray(off, off + take)));
                    off += take;
                    this.remaining -= take;
                    if (this.remaining === 0)
                        this.finishMeta();
                    break;
                }
                case 'padding': {
                    const take = Math.min(this.padding, len - off);
                    off += take;
                    this.padding -= take;
                    if (this.padding === 0)
                        this.state = 'header';
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
    end() {
        if (this.state === 'header' && this.carry === null)
            return; // no end-of-archive blocks: tolerated, as by GNU tar and Go
        if (this.state === 'end')
            return;
        throw new InvalidTarError('unexpected end of the tar stream (truncated layer)');
    }
    header(block) {
        if (isZeroBlock(block)) {
            this.state = 'end';
            return;
        }
        verifyChecksum(block);
        const typeflag = block[156] ?? 0;
        const size = parseNumber(block, 124, 12, 'size');
        const padded = Math.ceil(size / BLOCK) * BLOCK;
        const flag = String.fromCharCode(typeflag);
        let metaKind;
        if (flag === 'x')
            metaKind = 'pax';
        else if (flag === 'g')
            metaKind = 'paxGlobal';
        else if (flag === 'L')
            metaKind = 'gnuName';
        else if (flag === 'K')
            metaKind = 'gnuLink';
        else if (flag === 'V' || flag === 'M' || flag === 'N')
            metaKind = 'skip'; // volume label, multi-volume, old GNU long names: no content for us
        if (metaKind !== undefined) {
            // Extension headers are held in memory; a huge one would exhaust it.
            if (metaKind !== 'skip' && size > this.maxMetaBytes) {
                throw new LayerLimitError(`tar extension header of ${size} bytes (limit ${this.maxMetaBytes})`);
            }
            this.metaKind = metaKind;
            this.metaParts = [];
            this.remaining = size;
            this.padding = padded - size;
            if (size === 0)
                this.finishMeta();
            else
                this.state = 'meta';
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
        }
        else {
            this.handler.entryEnd();
            this.state = 'header';
        }
    }
    finishEntry() {
        this.handler.entryEnd();
        this.state = this.padding > 0 ? 'padding' : 'header';
    }
    finishMeta() {
        const buf = this.metaParts.length === 1 ? this.metaParts[0] : Buffer.concat(this.metaParts);
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
    buildHeader(block, flag, headerSize) {
        const p = this.pending;
        const g = this.global;
        this.pending = { xattrs: [] };
        const magic = block.toString('latin1', 257, 263);
        let nameBytes = p.path ?? g.path;
        if (nameBytes === undefined) {
            const name = cString(block, 0, 100);
            // POSIX ustar splits long names into prefix + name; GNU's "ustar  " magic uses that space for other fields.
            if (magic === 'ustar\0') {
                const star = block.toString('latin1', 508, 512) === 'tar\0';
                const prefix = cString(block, 345, star ? 131 : 155);
                nameBytes = prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), name]) : name;
            }
            else {
                nameBytes = name;
            }
        }
        const linkBytes = p.linkpath ?? g.linkpath ?? cString(block, 157, 100);
        let utf8 = true;
        const name = typeof nameBytes === 'string' ? nameBytes : (utf8 &&= (0,external_node_buffer_.isUtf8)(nameBytes), nameBytes.toString('utf8'));
        const linkname = typeof linkBytes === 'string' ? linkBytes : (utf8 &&= (0,external_node_buffer_.isUtf8)(linkBytes), linkBytes.toString('utf8'));
        let type;
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

;// CONCATENATED MODULE: ./src/layer/types.ts
const DEFAULT_LIMITS = {
    maxEntries: 1_000_000,
    maxBytes: 64 * 1024 ** 3,
    maxPathLength: 4096,
};

;// CONCATENATED MODULE: ./src/layer/names.ts
/**
 * Entry names: cleaning and whiteout recognition. Pure functions; every
 * refusal says what it prevents.
 */
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/**
 * Cleans a tar entry name (or hardlink target) into a relative path with no
 * empty, `.` or `..` components; '' stands for the root.
 */
function cleanEntryName(raw, maxPathLength) {
    // An empty name has no meaning; writing it would touch the root itself.
    if (raw.length === 0)
        return { ok: false, reason: 'empty name' };
    // A NUL would cut the name short in the kernel and hit a different file than the one checked.
    if (raw.includes('\0'))
        return { ok: false, reason: 'name contains a NUL byte' };
    const parts = [];
    for (const part of raw.split('/')) {
        // A leading '/', '//' and './' are harmless spellings: names are always relative to the root (as tar does).
        if (part === '' || part === '.')
            continue;
        // '..' is never produced by image builders; refusing it outright (instead of clamping at the
        // root like umoci) means no cleverly nested `a/../../b` can ever reach outside the root.
        if (part === '..')
            return { ok: false, reason: 'path escapes the layer root (".." component)' };
        parts.push(part);
    }
    const path = parts.join('/');
    // Bounds memory and kernel work per entry (PATH_MAX); longer names are an attack or garbage.
    if (Buffer.byteLength(path) > maxPathLength)
        return { ok: false, reason: `name longer than ${maxPathLength} bytes`, tooLong: true };
    return { ok: true, path };
}
/** What the base name of an entry means in the OCI whiteout convention. */
function whiteoutOf(base) {
    if (!base.startsWith(WHITEOUT_PREFIX))
        return { kind: 'none' };
    if (base === OPAQUE_MARKER)
        return { kind: 'opaque' };
    const target = base.slice(WHITEOUT_PREFIX.length);
    // `.wh.`, `.wh..` and `.wh...` would remove the directory itself or its parent, outside the entry's directory.
    if (target === '' || target === '.' || target === '..')
        return { kind: 'invalid', reason: `whiteout ${JSON.stringify(base)} names no entry of its directory` };
    return { kind: 'whiteout', target };
}
function parentOf(rel) {
    const i = rel.lastIndexOf('/');
    return i < 0 ? '' : rel.slice(0, i);
}
function baseOf(rel) {
    return rel.slice(rel.lastIndexOf('/') + 1);
}
function joinRel(dir, name) {
    return dir === '' ? name : `${dir}/${name}`;
}

;// CONCATENATED MODULE: ./src/layer/root-resolve.ts
/**
 * Resolving a path inside a root directory the way the container will see
 * it: symlinks are followed, but `/` and `..` never get above the root (like
 * Go's filepath-securejoin, which umoci uses). The result is a path under
 * `root` whose existing components are real directories, not symlinks; the
 * components that do not exist are appended as they are.
 */

/** Symlinks followed in one resolution before giving up, as Linux does (ELOOP). */
const MAX_LINKS = 40;
class SymlinkLoopError extends Error {
    name = 'SymlinkLoopError';
}
function lstatOrUndefined(path) {
    try {
        // throwIfNoEntry: an exception per missing name would cost more than the lstat itself.
        return (0,external_node_fs_.lstatSync)(path, { throwIfNoEntry: false });
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return undefined;
        throw err;
    }
}
function split(p) {
    return p.split('/').filter((c) => c !== '' && c !== '.');
}
/** `root` + `unsafe` with every symlink in it resolved within `root`. */
function resolveInRoot(root, unsafe) {
    let todo = split(unsafe);
    const done = [];
    let links = 0;
    while (todo.length > 0) {
        const c = todo.shift();
        if (c === '..') {
            // `..` at the root stays at the root: nothing above it is reachable.
            done.pop();
            continue;
        }
        const abs = `${root}/${[...done, c].join('/')}`;
        const st = lstatOrUndefined(abs);
        if (st?.isSymbolicLink()) {
            if (++links > MAX_LINKS)
                throw new SymlinkLoopError(`resolving ${JSON.stringify(unsafe)}: too many levels of symbolic links`);
            const target = (0,external_node_fs_.readlinkSync)(abs);
            // An absolute target starts again at the root of the tree, not of the host.
            if (target.startsWith('/'))
                done.length = 0;
            todo = [...split(target), ...todo];
            continue;
        }
        done.push(c);
    }
    return done.length === 0 ? root : `${root}/${done.join('/')}`;
}
/**
 * Like `resolveInRoot` but the last component is not followed (a hardlink to
 * a symlink links the symlink itself).
 */
function resolveParentInRoot(root, unsafe) {
    const parts = split(unsafe);
    const last = parts.pop();
    if (last === undefined)
        return root;
    // `..` as the last component would name the parent's parent; resolve it fully instead.
    if (last === '..')
        return resolveInRoot(root, unsafe);
    return `${resolveInRoot(root, parts.join('/'))}/${last}`;
}

;// CONCATENATED MODULE: ./src/layer/times.ts
/**
 * Times as Node's utimes family takes them. A negative number is turned into
 * "now" by Node (`toUnixTimestamp`), so a file from before 1970 (a pax
 * `mtime=-1000`, a GNU base-256 negative mtime) would get the extraction time.
 * A numeric string is taken as it is (documented form, e.g. '-1000.5') and
 * keeps the fraction, which a `Date` would cut to milliseconds.
 */

function fsTime(seconds) {
    return seconds < 0 ? String(seconds) : seconds;
}
/** Seconds (fractional) of an lstat result, for copying times from one file to another. */
function secondsOf(ms) {
    return fsTime(ms / 1000);
}
/**
 * Runs `fn` (which adds files of the product's own: `.cvmfscatalog`, Apptainer's bind points) and then
 * puts back the times of `root` and of its real subdirectories one level down, so that a layer's `./`
 * entry (and `etc/`, `var/`) keep the mtime the image gave them. Each is changed through an fd opened
 * O_NOFOLLOW|O_DIRECTORY that must be the same inode as before (never through a symlink).
 */
function keepingDirTimes(root, fn) {
    const before = new Map();
    const note = (p) => {
        const st = (0,external_node_fs_.lstatSync)(p, { throwIfNoEntry: false });
        if (st?.isDirectory())
            before.set(p, st);
    };
    note(root);
    for (const d of (0,external_node_fs_.readdirSync)(root, { withFileTypes: true }))
        if (d.isDirectory())
            note(`${root}/${d.name}`);
    const out = fn();
    for (const [p, st] of before) {
        let fd;
        try {
            fd = (0,external_node_fs_.openSync)(p, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_DIRECTORY | external_node_fs_.constants.O_NOFOLLOW);
        }
        catch {
            continue;
        }
        try {
            if ((0,external_node_fs_.fstatSync)(fd).ino === st.ino)
                (0,external_node_fs_.futimesSync)(fd, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    return out;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/layer/xattrs.ts
/**
 * Extended attributes of a layer's entries (pax `SCHILY.xattr.*`), restored
 * as umoci does: `security.capability` (e.g. Debian's `ping`), ACLs, `user.*`.
 * Node has no xattr call, so one `setfattr --restore` per layer sets them all
 * (the `attr` package); the file system decides what it keeps (tmpfs and ext4
 * keep `security.*` and `trusted.*` for root; CVMFS records them when the
 * repository has `CVMFS_INCLUDE_XATTRS=true`, the setting its docs give for
 * container images). What is refused is reported, not fatal.
 */

/** getfattr's dump quoting: bytes that would break the line format as `\ooo`. */
function quote(s) {
    let out = '';
    for (const b of Buffer.from(s, 'utf8')) {
        out += b <= 0x20 || b >= 0x7f || b === 0x5c || b === 0x3d ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
    }
    return out;
}
/**
 * Sets the attributes (no symlink followed at the last component, `-h`) with `cwd` as the root the
 * paths are relative to. Returns one line per attribute that could not be set, or why none could.
 */
function restoreXattrs(cwd, records) {
    if (records.length === 0)
        return [];
    const dump = records
        .map((r) => `# file: ${quote(r.rel)}\n${r.attrs.map(([k, v]) => `${quote(k)}=0x${v.toString('hex')}\n`).join('')}\n`)
        .join('');
    const res = (0,external_node_child_process_.spawnSync)('setfattr', ['-h', '--restore=-'], { cwd, input: dump, encoding: 'utf8', maxBuffer: 16 << 20 });
    if (res.error !== undefined)
        return [`setfattr could not run (${res.error.code ?? res.error.message}; install the attr package)`];
    if (res.status === 0)
        return [];
    return res.stderr.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/^setfattr: /, ''));
}

;// CONCATENATED MODULE: ./src/layer/writer.ts
/**
 * The write path of `extractLayer`: tar entries → files under `dest`, with
 * synchronous fs calls (one open/write/fchown/fchmod/futimes/close per file;
 * no promise per entry). Whiteouts are ordinary files here. Every name is
 * cleaned and every parent checked to be a real directory inside `dest`
 * before anything is created or removed.
 *
 * The rule every fs change here keeps: it acts on the object the entry
 * created inside `dest`, never on whatever a path resolves to later.
 *   - Immediate changes (create, fchown/fchmod/futimes on the new file's fd,
 *     lchown/lutimes of a new symlink, link, unlink, rmdir) run right after
 *     `ensureParent` checked every ancestor with lstat (symlinks refused),
 *     and on the last component with no-follow calls (O_EXCL|O_NOFOLLOW,
 *     mkdir, symlink, link, l*-calls).
 *   - Deferred changes (directory owner/mode/times, xattrs, external-link
 *     bookkeeping at the end of the layer) keep the inode of what the entry
 *     created and re-walk from `dest` with lstat on every component, refusing
 *     symlinks (`objectAt`); directories are then changed through an fd
 *     opened O_NOFOLLOW|O_DIRECTORY and checked to be that inode.
 *   - A replaced subtree takes its pending records with it (`forget`), and
 *     the cache of verified directories is emptied on every replacement.
 * Nothing else writes into `dest` while a layer is extracted (it is a fresh
 * temporary dir of this process), so a check followed at once by the
 * change it guards sees the same object.
 */







const O_NEW_FILE = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW;
/** Opens a directory itself: a symlink in its place fails (ELOOP/ENOTDIR) instead of being followed. */
const O_DIR_NOFOLLOW = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_DIRECTORY | external_node_fs_.constants.O_NOFOLLOW;
class LayerWriter {
    dest;
    o;
    entries = 0;
    bytes = 0;
    whiteouts = 0;
    /** Layer-relative paths of the whiteout and opaque-marker entries, in tar order. */
    markers = [];
    skipped = [];
    /**
     * Relative paths verified (lstat, no symlink) to be real directories of this layer. Emptied whenever
     * something that may be a directory is removed, since a name under it may then be a symlink.
     */
    safeDirs = new Set(['']);
    /** Directories with an entry in the tar; their metadata is applied at the end, deepest first. */
    dirMeta = new Map();
    implicit = new Set();
    /** Extended attributes of entries, set at the end of the layer on the inode the entry created. */
    xattrs = new Map();
    /** Hardlinks to lower layers: path → target and the inode of the copy written for it. */
    external = new Map();
    fd = -1;
    file = null;
    constructor(dest, o) {
        this.dest = dest;
        this.o = o;
    }
    fail(Cls, name, reason, cause) {
        throw new Cls(entryMessage(this.o.label, name, reason), cause === undefined ? undefined : { cause });
    }
    abs(rel) {
        return rel === '' ? this.dest : `${this.dest}/${rel}`;
    }
    entry(h) {
        const { limits } = this.o;
        // A layer with millions of tiny entries exhausts inodes and time: a bomb.
        if (++this.entries > limits.maxEntries)
            this.fail(LayerLimitError, h.name, `more than ${limits.maxEntries} entries in the layer`);
        if (h.type === 'file') {
            this.bytes += h.size;
            // Small compressed input can expand to terabytes: stop before writing them.
            if (this.bytes > limits.maxBytes)
                this.fail(LayerLimitError, h.name, `layer contents exceed ${limits.maxBytes} bytes`);
        }
        if (!h.utf8) {
            // Node's fs takes names as UTF-8 strings; a name that is not UTF-8 would be written under a different name.
            this.skipped.push({ path: h.name, reason: 'name or link target is not valid UTF-8' });
            this.o.warn('skipping entry whose name is not UTF-8', { entry: h.name });
            return;
        }
        const c = cleanEntryName(h.name, limits.maxPathLength);
        if (!c.ok)
            this.fail(c.tooLong ? LayerLimitError : UnsafePathError, h.name, c.reason);
        const rel = c.path;
        if (rel === '') {
            // Turning the root into a file or a symlink would make later entries land elsewhere.
            if (h.type !== 'dir')
                this.fail(UnsafePathError, h.name, 'refusing to change the type of the layer root');
            this.dirMeta.set('', { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime, ino: (0,external_node_fs_.lstatSync)(this.dest).ino });
            this.noteXattrs('', h);
            return;
        }
        const w = whiteoutOf(baseOf(rel));
        // Whiteouts stay literal here, but one that can never be applied (`.wh..`) or a whiteout directory
        // (whose contents the flattening would never see) is refused now rather than after publishing.
        if (w.kind === 'invalid')
            this.fail(InvalidWhiteoutError, h.name, w.reason);
        if (w.kind !== 'none' && h.type === 'dir')
            this.fail(InvalidWhiteoutError, h.name, 'whiteout is a directory');
        const parent = parentOf(rel);
        if (parent.startsWith('.wh.') || parent.includes('/.wh.'))
            this.fail(InvalidWhiteoutError, h.name, 'entry inside a whiteout');
        if (w.kind !== 'none') {
            this.whiteouts++;
            this.markers.push(rel);
        }
        try {
            switch (h.type) {
                case 'dir':
                    this.directory(rel, h);
                    break;
                case 'file':
                    this.openFile(rel, h);
                    break;
                case 'symlink':
                    this.symlink(rel, h);
                    break;
                case 'hardlink':
                    this.hardlink(rel, h);
                    break;
                case 'char':
                case 'block':
                case 'fifo':
                    // Device nodes give access to host hardware when the tree is used as a root; CVMFS cannot hold them anyway.
                    this.skipped.push({ path: rel, reason: `${h.type === 'fifo' ? 'FIFO' : `${h.type} device`} not extracted` });
                    this.o.warn('skipping special file', { entry: rel, type: h.type });
                    break;
            }
        }
        catch (err) {
            if (err instanceof LayerError)
                throw err;
            // The errno without the temporary path: the message names the entry, the path means nothing to a user.
            this.fail(LayerError, h.name, `writing ${h.type}: ${errnoText(err)}`, err);
        }
    }
    /** Remembers an entry's xattrs for the end of the layer (after chown, which clears security.capability). */
    noteXattrs(rel, h, ino) {
        if (h.xattrs.length === 0) {
            this.xattrs.delete(rel);
            return;
        }
        this.xattrs.set(rel, { attrs: h.xattrs, ino: ino ?? (0,external_node_fs_.lstatSync)(this.abs(rel)).ino });
    }
    data(chunk) {
        if (this.fd < 0)
            return; // skipped entry
        let off = 0;
        while (off < chunk.length)
            off += (0,external_node_fs_.writeSync)(this.fd, chunk, off, chunk.length - off);
    }
    entryEnd() {
        if (this.fd < 0)
            return;
        const { rel, h } = this.file;
        const fd = this.fd;
        this.fd = -1;
        this.file = null;
        try {
            // On the fd of the file this entry created: nothing is resolved by name again.
            if (this.o.sameOwner)
                (0,external_node_fs_.fchownSync)(fd, h.uid, h.gid);
            // chmod after chown: chown clears setuid/setgid.
            (0,external_node_fs_.fchmodSync)(fd, h.mode);
            (0,external_node_fs_.futimesSync)(fd, fsTime(h.mtime), fsTime(h.mtime));
            if (h.xattrs.length > 0)
                this.noteXattrs(rel, h, (0,external_node_fs_.fstatSync)(fd).ino);
            else
                this.xattrs.delete(rel);
        }
        catch (err) {
            this.fail(LayerError, rel, `setting metadata: ${errnoText(err)}`, err);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /** Closes an open file after an error (the caller removes dest). */
    abort() {
        if (this.fd >= 0)
            (0,external_node_fs_.closeSync)(this.fd);
        this.fd = -1;
    }
    /**
     * Makes sure every ancestor of `rel` is a real directory inside dest,
     * creating missing ones (implicit directories). Every immediate change of an entry runs after this:
     * lstat per component, symlinks refused, verified directories cached until the next replacement.
     */
    ensureParent(rel, name) {
        const parent = parentOf(rel);
        if (this.safeDirs.has(parent))
            return;
        let p = '';
        for (const part of parent.split('/')) {
            p = joinRel(p, part);
            if (this.safeDirs.has(p))
                continue;
            const st = lstatOrUndefined(this.abs(p));
            if (st === undefined) {
                (0,external_node_fs_.mkdirSync)(this.abs(p), 0o755);
                this.implicit.add(p);
            }
            else if (st.isSymbolicLink()) {
                // A symlink entry followed by `link/x` would write wherever the link points, outside the layer.
                this.fail(UnsafePathError, name, `writing through a symlink (${JSON.stringify(p)} is a symlink)`);
            }
            else if (!st.isDirectory()) {
                this.fail(UnsafePathError, name, `parent ${JSON.stringify(p)} is not a directory`);
            }
            this.safeDirs.add(p);
        }
    }
    /**
     * Runs `make` (an exclusive create: O_EXCL, mkdir, symlink, link); if the name is taken by an earlier
     * entry, removes that (keeping a directory when `keepDir`) and tries once more. Optimistic, because
     * duplicate names are rare and an lstat per entry is not free.
     */
    create(rel, make, keepDir = false) {
        try {
            make();
        }
        catch (err) {
            if (err.code !== 'EEXIST')
                throw err;
            if (this.clear(rel, keepDir) !== 'dir')
                make();
        }
    }
    /** Removes whatever is at `rel` so that a new entry can take its place; keeps a directory if `keepDir`. */
    clear(rel, keepDir) {
        const abs = this.abs(rel);
        const st = lstatOrUndefined(abs);
        if (st === undefined)
            return 'none';
        if (st.isDirectory()) {
            if (keepDir)
                return 'dir';
            // rm does not follow symlinks inside the tree it removes; the parent was checked by ensureParent.
            (0,external_node_fs_.rmSync)(abs, { recursive: true, force: true });
            // Cached knowledge about directories under it is void: `rel` may become a symlink next.
            this.safeDirs = new Set(['']);
        }
        else {
            (0,external_node_fs_.unlinkSync)(abs);
        }
        this.forget(rel);
        return 'removed';
    }
    /**
     * A replaced subtree takes its pending work with it: the deferred metadata, xattrs, implicit-dir and
     * external-link records of `rel` and of everything below it. Otherwise they would land on whatever
     * takes the name later (a new directory gets the old mode; a symlink leads them out of the layer).
     */
    forget(rel) {
        const under = `${rel}/`;
        const drop = (m) => {
            m.delete(rel);
            for (const k of [...m.keys()])
                if (k.startsWith(under))
                    m.delete(k);
        };
        drop(this.dirMeta);
        drop(this.xattrs);
        drop(this.implicit);
        drop(this.external);
    }
    directory(rel, h) {
        this.ensureParent(rel, h.name);
        this.create(rel, () => (0,external_node_fs_.mkdirSync)(this.abs(rel), 0o700), true);
        this.safeDirs.add(rel);
        const prev = this.dirMeta.get(rel);
        const setgid = (h.mode & 0o2000) !== 0 || (prev !== undefined && (prev.mode & 0o2000) !== 0);
        const ino = setgid ? this.setgidNow(rel, h) : (0,external_node_fs_.lstatSync)(this.abs(rel)).ino;
        this.dirMeta.set(rel, { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime, ino });
        this.noteXattrs(rel, h, ino);
    }
    /**
     * A directory without an entry ends as mkdir would make it below its parent's final mode: with the
     * parent's setgid bit and group if the parent has setgid, else without (whatever order the entries
     * came in), as umoci's MkdirAll and the flat tree's own mkdir give it. Through an fd, by inode.
     */
    inheritLikeMkdir(rel) {
        const parent = (0,external_node_fs_.lstatSync)(this.abs(parentOf(rel)));
        const fd = (0,external_node_fs_.openSync)(this.abs(rel), O_DIR_NOFOLLOW);
        try {
            const st = (0,external_node_fs_.fstatSync)(fd);
            const inherit = (parent.mode & 0o2000) !== 0;
            const gid = inherit ? parent.gid : (process.getegid?.() ?? st.gid);
            const mode = inherit ? (st.mode & 0o7777) | 0o2000 : st.mode & 0o5777;
            if (gid !== st.gid)
                (0,external_node_fs_.fchownSync)(fd, -1, gid);
            if (mode !== (st.mode & 0o7777))
                (0,external_node_fs_.fchmodSync)(fd, mode);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /**
     * The setgid bit and group of a directory take effect at once (the rest of its mode at the end): a
     * directory made inside it later inherits both, as umoci's MkdirAll gives them (so that the layer dir
     * equals the flat tree of the layer alone). Through an fd of the directory just made or kept.
     */
    setgidNow(rel, h) {
        const fd = (0,external_node_fs_.openSync)(this.abs(rel), O_DIR_NOFOLLOW);
        try {
            if (this.o.sameOwner && (h.mode & 0o2000) !== 0)
                (0,external_node_fs_.fchownSync)(fd, -1, h.gid);
            (0,external_node_fs_.fchmodSync)(fd, 0o700 | (h.mode & 0o2000));
            return (0,external_node_fs_.fstatSync)(fd).ino;
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    openFile(rel, h) {
        this.ensureParent(rel, h.name);
        this.create(rel, () => {
            this.fd = (0,external_node_fs_.openSync)(this.abs(rel), O_NEW_FILE, 0o600);
        });
        this.file = { rel, h };
        if (h.size === 0)
            return; // entryEnd follows at once
    }
    symlink(rel, h) {
        // A NUL or an empty target cannot be created faithfully; a NUL could also cut the target short.
        if (h.linkname === '' || h.linkname.includes('\0'))
            this.fail(UnsafePathError, h.name, 'invalid symlink target');
        this.ensureParent(rel, h.name);
        const abs = this.abs(rel);
        // The target is stored as is: absolute targets resolve inside the container's root, never on this host,
        // because nothing here ever follows a symlink of the tree.
        this.create(rel, () => (0,external_node_fs_.symlinkSync)(h.linkname, abs));
        // l-calls on the link just created: its target is never followed.
        if (this.o.sameOwner)
            (0,external_node_fs_.lchownSync)(abs, h.uid, h.gid);
        (0,external_node_fs_.lutimesSync)(abs, fsTime(h.mtime), fsTime(h.mtime));
        this.noteXattrs(rel, h);
    }
    hardlink(rel, h) {
        const t = cleanEntryName(h.linkname, this.o.limits.maxPathLength);
        // A link to `../../etc/shadow` would expose a host file inside the tree.
        if (!t.ok)
            this.fail(UnsafePathError, h.name, `hardlink target ${JSON.stringify(h.linkname)}: ${t.reason}`);
        const target = t.path;
        // A hardlink to itself or to the root cannot exist.
        if (target === rel || target === '')
            this.fail(UnsafePathError, h.name, `invalid hardlink target ${JSON.stringify(h.linkname)}`);
        this.ensureParent(rel, h.name);
        const targetSt = this.lookupTarget(target, h.name);
        const abs = this.abs(rel);
        if (targetSt !== undefined) {
            // Directories cannot be hardlinked (and a link to one would make a loop).
            if (targetSt.isDirectory())
                this.fail(UnsafePathError, h.name, `hardlink target ${JSON.stringify(target)} is a directory`);
            if (target.startsWith(`${rel}/`)) {
                // A link replacing a directory that holds its own target (`a` -> `a/x`): link under a temporary
                // name first, then the directory goes and the link takes its name (rename(2) follows no symlink).
                const tmp = joinRel(parentOf(rel), `.cvmfs-unpack-link.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
                (0,external_node_fs_.linkSync)(this.abs(target), this.abs(tmp));
                this.clear(rel, false);
                (0,external_node_fs_.renameSync)(this.abs(tmp), abs);
            }
            else {
                // link(2) does not follow a symlink at the target's last component: it links the symlink itself.
                this.create(rel, () => (0,external_node_fs_.linkSync)(this.abs(target), abs));
            }
            const ext = this.external.get(target);
            if (ext !== undefined)
                this.external.set(rel, { target: ext.target, ino: targetSt.ino });
            return;
        }
        this.externalLink(rel, target, h.name);
    }
    /** lstat of a hardlink target inside this layer, refusing targets reached through a symlink. */
    lookupTarget(target, name) {
        let p = '';
        for (const part of parentOf(target).split('/')) {
            if (part === '')
                break;
            p = joinRel(p, part);
            if (this.safeDirs.has(p))
                continue;
            const st = lstatOrUndefined(this.abs(p));
            if (st === undefined || !st.isDirectory()) {
                // Linking via a symlinked directory would reach a file outside the layer.
                if (st?.isSymbolicLink())
                    this.fail(UnsafePathError, name, `hardlink target through a symlink (${JSON.stringify(p)})`);
                return undefined;
            }
            this.safeDirs.add(p);
        }
        return lstatOrUndefined(this.abs(target));
    }
    /** A hardlink to a file of a lower layer: a copy here, a real link in the flat tree. */
    externalLink(rel, target, name) {
        // Resolved inside the lower tree: a lower symlink such as `etc -> /` must not hand us a host file.
        const src = this.o.lowerRoot !== undefined ? resolveParentInRoot(this.o.lowerRoot, target) : this.o.resolveExternalLink?.(target);
        if (src === undefined) {
            this.fail(UnsafePathError, name, `hardlink target ${JSON.stringify(target)} is neither in this layer nor in a lower one`);
        }
        const st = lstatOrUndefined(src);
        if (st === undefined || !(st.isFile() || st.isSymbolicLink())) {
            this.fail(UnsafePathError, name, `hardlink target ${JSON.stringify(target)} in the lower layers is not a file`);
        }
        const abs = this.abs(rel);
        this.clear(rel, false);
        if (st.isSymbolicLink()) {
            (0,external_node_fs_.symlinkSync)((0,external_node_fs_.readlinkSync)(src), abs);
            if (this.o.sameOwner)
                (0,external_node_fs_.lchownSync)(abs, st.uid, st.gid);
            (0,external_node_fs_.lutimesSync)(abs, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
            this.external.set(rel, { target, ino: (0,external_node_fs_.lstatSync)(abs).ino });
            return;
        }
        // COPYFILE_EXCL creates the copy (O_EXCL: never through a symlink); its metadata goes through an fd of it.
        (0,external_node_fs_.copyFileSync)(src, abs, external_node_fs_.constants.COPYFILE_EXCL);
        const fd = (0,external_node_fs_.openSync)(abs, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
        try {
            if (this.o.sameOwner)
                (0,external_node_fs_.fchownSync)(fd, st.uid, st.gid);
            (0,external_node_fs_.fchmodSync)(fd, st.mode & 0o7777);
            (0,external_node_fs_.futimesSync)(fd, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
            this.external.set(rel, { target, ino: (0,external_node_fs_.fstatSync)(fd).ino });
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /**
     * The object at `rel` if every component from `dest` down to it is a real directory (lstat; a symlink
     * anywhere on the way gives undefined) — the re-walk that deferred changes use. `seen` caches verified
     * directories within one `finish`, during which nothing is removed.
     */
    objectAt(rel, seen) {
        if (rel !== '') {
            const parent = parentOf(rel);
            let p = '';
            for (const part of parent === '' ? [] : parent.split('/')) {
                p = joinRel(p, part);
                if (seen.has(p))
                    continue;
                if (!lstatOrUndefined(this.abs(p))?.isDirectory())
                    return undefined;
                seen.add(p);
            }
        }
        return lstatOrUndefined(this.abs(rel));
    }
    /** Owner, mode and times of a directory, through an fd of that very directory (checked by inode). */
    setDirMeta(rel, m) {
        let fd;
        try {
            fd = (0,external_node_fs_.openSync)(this.abs(rel), O_DIR_NOFOLLOW);
        }
        catch {
            return; // replaced by a symlink or removed since: not the directory the entry created
        }
        try {
            if ((0,external_node_fs_.fstatSync)(fd).ino !== m.ino)
                return;
            if (this.o.sameOwner)
                (0,external_node_fs_.fchownSync)(fd, m.uid, m.gid);
            // chmod after chown: chown clears setgid.
            (0,external_node_fs_.fchmodSync)(fd, m.mode);
            (0,external_node_fs_.futimesSync)(fd, fsTime(m.mtime), fsTime(m.mtime));
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /**
     * The deferred work of the layer: xattrs, then directory metadata deepest first (so that setting a
     * child does not change its parent's mtime afterwards). Each record is applied only to the inode its
     * entry created, reached by a re-walk from `dest` that refuses symlinks (`objectAt`).
     */
    finish() {
        const seen = new Set(['']);
        const same = (rel, ino) => this.objectAt(rel, seen)?.ino === ino;
        const withXattrs = [...this.xattrs].filter(([rel, x]) => same(rel, x.ino)).map(([rel, x]) => ({ rel: rel === '' ? '.' : rel, attrs: x.attrs }));
        const refused = restoreXattrs(this.dest, withXattrs);
        if (refused.length > 0)
            this.o.warn('extended attributes not kept by the file system', { entries: withXattrs.length, refused: refused.slice(0, 5) });
        const depth = (p) => (p === '' ? 0 : p.split('/').length);
        const dirs = [...this.dirMeta.entries()].sort((a, b) => depth(b[0]) - depth(a[0]));
        for (const [rel, m] of dirs) {
            // A directory replaced later in the layer, or now under a symlink, is not the one the entry made.
            if (same(rel, m.ino))
                this.setDirMeta(rel, m);
        }
        const externalLinks = [];
        for (const [path, { target, ino }] of this.external) {
            // Only links whose copy is still in place (not replaced by a later entry of the same name).
            if (same(path, ino))
                externalLinks.push({ path, target });
        }
        const implicitDirs = [...this.implicit].filter((p) => !this.dirMeta.has(p) && this.objectAt(p, seen)?.isDirectory());
        for (const p of [...implicitDirs].sort((a, b) => depth(a) - depth(b)))
            this.inheritLikeMkdir(p);
        if (!this.dirMeta.has(''))
            implicitDirs.unshift('');
        return { externalLinks: externalLinks.sort((a, b) => (a.path < b.path ? -1 : 1)), implicitDirs: implicitDirs.sort() };
    }
}

;// CONCATENATED MODULE: ./src/layer/extract.ts
/**
 * extractLayer: one layer blob → its directory (`layerfs`), in one streaming
 * pass: decompress (1 MiB chunks) → hash (DiffID) → parse tar → write.
 * Whiteouts stay literal files, as DUCC's `cvmfs_server ingest` leaves them.
 */








/** Extension headers (pax records, GNU long names) are held in memory; no real one comes near this. */
const MAX_META_BYTES = 8 << 20;
/**
 * Extracts `blob` (compressed as in the registry) into `dest`, which must not
 * exist or be empty. On error `dest` is left for the caller to delete.
 */
async function extractLayer(blob, dest, opts) {
    const label = opts.label ?? 'layer';
    const logger = (opts.logger ?? log_logger/* nullLogger */.G).child({ layer: label });
    const limits = mergeLimits(opts.limits);
    prepareDest(dest, label);
    const writer = new LayerWriter(dest, {
        label,
        limits,
        sameOwner: opts.sameOwner ?? process.getuid?.() === 0,
        lowerRoot: opts.lowerRoot,
        resolveExternalLink: opts.resolveExternalLink,
        warn: (msg, fields) => logger.warn(msg, fields),
    });
    const parser = new TarParser(writer, MAX_META_BYTES);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let compressed = 0;
    let uncompressed = 0;
    // Headers and padding add at most a few blocks per entry on top of the contents.
    const maxStream = limits.maxBytes + (limits.maxEntries + 16) * 2048 + MAX_META_BYTES;
    const onCompressed = opts.onProgress
        ? (chunk) => {
            compressed += chunk.length;
            opts.onProgress(compressed);
        }
        : undefined;
    try {
        for await (const chunk of decompressedChunks(blob, opts.mediaType, onCompressed)) {
            uncompressed += chunk.length;
            // Stops a stream of garbage (or endless padding) long before the disk fills.
            if (uncompressed > maxStream)
                throw new LayerLimitError(`${label}: uncompressed layer larger than ${maxStream} bytes`);
            hash.update(chunk);
            parser.write(chunk);
        }
        parser.end();
    }
    catch (err) {
        writer.abort();
        blob.destroy();
        throw wrap(err, label);
    }
    const diffId = `sha256:${hash.digest('hex')}`;
    // The DiffID is what the image config (and so the manifest digest) vouches for; anything else is not this image.
    if (opts.expectedDiffId !== undefined && diffId !== opts.expectedDiffId) {
        throw new DigestMismatchError(`${label}: uncompressed layer has digest ${diffId}, the image config says ${opts.expectedDiffId}`);
    }
    const { externalLinks, implicitDirs } = writer.finish();
    logger.debug('layer extracted', { entries: writer.entries, bytes: uncompressed, skipped: writer.skipped.length });
    return {
        diffId,
        uncompressedSize: uncompressed,
        entries: writer.entries,
        whiteouts: writer.whiteouts,
        markers: [...new Set(writer.markers)].sort(),
        skipped: writer.skipped,
        externalLinks,
        implicitDirs,
    };
}
/** Defaults for what is not given; an `undefined` value must not switch a limit off. */
function mergeLimits(given) {
    const out = { ...DEFAULT_LIMITS };
    for (const key of Object.keys(out)) {
        const v = given?.[key];
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0)
            out[key] = v;
    }
    return out;
}
function prepareDest(dest, label) {
    (0,external_node_fs_.mkdirSync)(dest, { recursive: true, mode: 0o755 });
    // Extracting over an existing tree would mix two layers (and trust symlinks we did not create).
    if ((0,external_node_fs_.readdirSync)(dest).length > 0)
        throw new LayerError(`${label}: extracting into ${dest}: directory is not empty`);
}
function wrap(err, label) {
    if (err instanceof LayerError) {
        // Parser errors do not know the layer; writer errors already name it.
        if (!err.message.startsWith(label))
            err.message = `${label}: ${err.message}`;
        return err;
    }
    const e = err;
    return new LayerError(`${label}: reading the layer: ${e.message}`, { cause: err });
}

;// CONCATENATED MODULE: ./src/layer/apply.ts
/**
 * applyLayer (flatten): an extracted layer dir → onto the flat root file
 * system built from the layers below it, with OCI whiteout semantics.
 *
 * The walk goes over the layer *directory*, so a directory's opaque marker
 * and whiteouts are handled before any of its entries, whatever their order
 * in the tar was. Files and symlinks are hardlinked from the layer dir (one
 * copy of the content on disk); a flat name that is replaced is always
 * unlinked and created anew, never changed in place, because its inode is
 * shared with a layer dir.
 *
 * Symlinks of the flat tree are never followed out of it: a directory that
 * the layer has no entry for (an implicit directory) is resolved inside the
 * flat root like `securejoin` (so `etc -> /` from a lower layer and
 * `etc/passwd` in this one writes `<flat>/passwd`, as umoci does); a
 * directory the layer has an entry for replaces whatever is there.
 *
 * Every fs change acts on an object inside the flat root, never through a
 * symlink: a flat directory is used only after `verified` checked it from the
 * flat root down with lstat, refusing symlinks (cached, and the cache emptied
 * whenever a directory is removed, since a component may become a symlink;
 * a directory whose place was replaced so is resolved again inside the root);
 * new names are made with no-follow calls (link, symlink, mkdir,
 * COPYFILE_EXCL); the metadata deferred to the end (`finishDirs`) keeps the
 * inode it is for, is dropped with a removed subtree, re-walks from the root
 * refusing symlinks, and changes the directory through an fd opened
 * O_NOFOLLOW|O_DIRECTORY. Implicit directories are resolved when their turn
 * comes, not earlier, so a symlink placed by this layer meanwhile counts.
 * Nothing else writes the flat tree during an apply.
 */







/** Opens a directory itself: a symlink in its place fails instead of being followed. */
const apply_O_DIR_NOFOLLOW = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_DIRECTORY | external_node_fs_.constants.O_NOFOLLOW;
/** Yield to the event loop every so many entries so that a server stays responsive. */
const YIELD_EVERY = 4096;
async function applyLayer(layerfs, flat, opts = {}) {
    const applier = new Applier(layerfs, flat, opts);
    return applier.run();
}
class Applier {
    layerfs;
    flat;
    opts;
    entries = 0;
    removed = 0;
    link;
    sameOwner;
    logger;
    implicit;
    /** Marker names by layer directory (ApplyOptions.markers). */
    markersIn = new Map();
    /** Directory names on the way to markers, by parent directory. */
    markerDirsIn = new Map();
    markerDirs = new Set();
    /** Deferred directory metadata by path relative to the flat root ('' = root). */
    finals = new Map();
    /** Absolute flat paths verified to be real directories (no symlink from the flat root down). */
    safe = new Set();
    /** Bumped whenever a name of the flat tree is removed or becomes a symlink: resolutions may change. */
    epoch = 0;
    /** Flat directory → the layer directories applied into it so far (more than one only through symlinks). */
    visits = new Map();
    /** Flat directories without a tar entry that this apply made. */
    made = new Set();
    /** layerfs inode → flat path, to keep hardlink groups when copying. */
    copied = new Map();
    staged = new Map();
    staging;
    stagingName = `.cvmfs-unpack-links.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    constructor(layerfs, flat, opts) {
        this.layerfs = layerfs;
        this.flat = flat;
        this.opts = opts;
        this.link = opts.link ?? true;
        this.sameOwner = opts.sameOwner ?? process.getuid?.() === 0;
        this.logger = opts.logger ?? log_logger/* nullLogger */.G;
        // Without the list, only the root counts as implicit (its metadata then stays the flat tree's).
        this.implicit = new Set(opts.implicitDirs ?? ['']);
        for (const m of opts.markers ?? [])
            this.addMarker(m);
    }
    /** A marker from the sidecar (data from disk): a clean relative path whose base name is a whiteout. */
    addMarker(raw) {
        const c = cleanEntryName(raw, 4096);
        const base = c.ok ? baseOf(c.path) : '';
        const kind = whiteoutOf(base).kind;
        if (!c.ok || c.path === '' || kind === 'none' || kind === 'invalid') {
            throw new InvalidWhiteoutError(this.label(raw, 'invalid whiteout marker in the layer sidecar'));
        }
        const add = (map, dir, name) => {
            const names = map.get(dir) ?? new Set();
            map.set(dir, names.add(name));
        };
        add(this.markersIn, parentOf(c.path), base);
        for (let d = parentOf(c.path); d !== ''; d = parentOf(d)) {
            this.markerDirs.add(d);
            add(this.markerDirsIn, parentOf(d), baseOf(d));
        }
    }
    /**
     * The entries of a layer directory (sorted), with the markers the target did not keep as
     * files and the directories leading to markers whose directory it did not keep.
     */
    listLayerDir(task) {
        const list = task.absent ? [] : (0,external_node_fs_.readdirSync)(task.layerAbs, { withFileTypes: true });
        if (this.markersIn.size > 0) {
            const have = new Set(list.map((d) => d.name));
            const add = (name, dir) => {
                if (have.has(name))
                    return;
                have.add(name);
                list.push({ name, isDirectory: () => dir, isFile: () => !dir, isSymbolicLink: () => false, isCharacterDevice: () => false });
            };
            for (const name of this.markersIn.get(task.rel) ?? [])
                add(name, false);
            for (const name of this.markerDirsIn.get(task.rel) ?? [])
                add(name, true);
        }
        return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    get prefix() {
        return this.opts.label ?? `applying layer ${this.layerfs} onto ${this.flat}`;
    }
    label(rel, reason) {
        return `${this.prefix}: entry ${JSON.stringify(rel)}: ${reason}`;
    }
    async run() {
        (0,external_node_fs_.mkdirSync)(this.flat, { recursive: true });
        const root = { rel: '', layerAbs: this.layerfs, flatAbs: this.flat, createAt: undefined, parent: undefined, name: '', fresh: false, viaLink: false, epoch: 0 };
        if (this.implicit.has(''))
            this.rememberTimes(this.flat);
        else
            this.applyDirMeta(this.layerfs, this.flat);
        try {
            this.stageExternalLinks(this.opts.externalLinks ?? []);
            // Breadth first, names sorted: the layer's entries go in in the canonical order (parents before
            // children, a directory's whiteouts before its entries), whatever order readdir gives; where two
            // paths of the layer reach one flat directory through lower symlinks, that order decides.
            let queue = [root];
            let head = 0;
            let sinceYield = 0;
            while (head < queue.length) {
                const task = queue[head++];
                if (head > 4096) {
                    queue = queue.slice(head);
                    head = 0;
                }
                const n = this.processDir(task, queue);
                sinceYield += n;
                if (sinceYield >= YIELD_EVERY) {
                    sinceYield = 0;
                    await new Promise((resolve) => setImmediate(resolve));
                }
            }
        }
        catch (err) {
            if (err instanceof LayerError)
                throw err;
            throw new LayerError(`${this.prefix}: ${errnoText(err)}`, { cause: err });
        }
        finally {
            if (this.staging !== undefined)
                (0,external_node_fs_.rmSync)(this.staging, { recursive: true, force: true });
        }
        this.finishDirs();
        return { entries: this.entries, removed: this.removed };
    }
    /**
     * Links every lower-layer target of an external hardlink into a staging dir
     * first, so that the links get the lower layer's file even if this layer
     * replaces or removes the target (as in umoci, where the link entry came first).
     */
    stageExternalLinks(links) {
        if (links.length === 0)
            return;
        this.staging = `${this.flat}/${this.stagingName}`;
        (0,external_node_fs_.mkdirSync)(this.staging, 0o700);
        links.forEach((l, i) => {
            const path = cleanEntryName(l.path, 4096);
            const target = cleanEntryName(l.target, 4096);
            // The sidecar is data from disk: a '..' in it must not link files from outside the flat tree.
            if (!path.ok || !target.ok || path.path === '' || target.path === '') {
                throw new UnsafePathError(this.label(l.path, `invalid external hardlink ${JSON.stringify(l)}`));
            }
            const src = resolveParentInRoot(this.flat, target.path);
            const st = lstatOrUndefined(src);
            if (st === undefined || st.isDirectory()) {
                throw new UnsafePathError(this.label(path.path, `hardlink target ${JSON.stringify(target.path)} is not a file of the lower layers`));
            }
            const staged = `${this.staging}/${i}`;
            (0,external_node_fs_.linkSync)(src, staged);
            this.staged.set(path.path, staged);
        });
    }
    /** Handles one directory of the layer: opaque marker, whiteouts, then entries; returns the number of entries. */
    processDir(task, queue) {
        const list = this.listLayerDir(task);
        this.locate(task);
        if (task.flatAbs !== undefined)
            this.current(task);
        if (task.flatAbs !== undefined && task.rel !== '' && this.implicit.has(task.rel))
            this.rememberTimes(task.flatAbs);
        const others = [];
        let opaque = false;
        const whiteouts = [];
        for (const d of list) {
            const w = whiteoutOf(d.name);
            if (w.kind === 'none') {
                others.push(d);
                continue;
            }
            const rel = joinRel(task.rel, d.name);
            // A whiteout is a marker; a directory of that name would hide entries the walk never applies.
            if (d.isDirectory())
                throw new InvalidWhiteoutError(this.label(rel, 'whiteout is a directory'));
            if (w.kind === 'invalid')
                throw new InvalidWhiteoutError(this.label(rel, w.reason));
            if (w.kind === 'opaque')
                opaque = true;
            else
                whiteouts.push(w.target);
        }
        const dir = task.flatAbs;
        // Whiteouts and opaque markers hide the lower layers only: where two paths of this layer reach the
        // same flat directory (through lower symlinks), what the earlier one put there stays.
        const ours = dir !== undefined && (opaque || whiteouts.length > 0) ? this.placedBefore(dir) : undefined;
        // Opaque first: it removes the lower layers' content, then this layer's entries go in.
        if (opaque && dir !== undefined && !task.fresh)
            this.opaqueClear(dir, ours);
        if (dir !== undefined && !task.fresh)
            for (const name of whiteouts)
                if (!ours?.has(name))
                    this.remove(`${dir}/${name}`);
        for (const d of others) {
            const rel = joinRel(task.rel, d.name);
            const src = `${task.layerAbs}/${d.name}`;
            this.entries++;
            if (d.isDirectory()) {
                queue.push(this.childDir(task, d.name, rel, src));
                continue;
            }
            const staged = this.staged.get(rel);
            if (staged !== undefined) {
                const dst = `${this.ensure(task)}/${d.name}`;
                if (!task.fresh)
                    this.clear(dst);
                (0,external_node_fs_.linkSync)(staged, dst);
            }
            else if (d.isFile() || d.isSymbolicLink()) {
                const dst = `${this.ensure(task)}/${d.name}`;
                if (!task.fresh)
                    this.clear(dst);
                this.place(src, dst);
                // A new symlink can change where a path resolves (a name that was missing now leads elsewhere).
                if (d.isSymbolicLink())
                    this.epoch++;
            }
            else if (d.isCharacterDevice() && whiteouts.includes(d.name)) {
                this.entries--; // the overlay form (char 0:0) of a whiteout the markers apply
            }
            else {
                this.entries--;
                this.logger.warn('skipping special file in layer dir', { entry: rel });
            }
        }
        if (task.flatAbs !== undefined) {
            const seen = this.visits.get(task.flatAbs);
            if (seen === undefined)
                this.visits.set(task.flatAbs, [task]);
            else
                seen.push(task);
        }
        return list.length;
    }
    /**
     * Removes the lower layers' content of `dir`; a directory that this layer already put entries into
     * stays, with only its lower content removed (as umoci keeps the paths of this layer).
     */
    opaqueClear(dir, ours) {
        for (const name of (0,external_node_fs_.readdirSync)(dir)) {
            if (dir === this.flat && name === this.stagingName)
                continue;
            const abs = `${dir}/${name}`;
            if (!ours?.has(name))
                this.remove(abs);
            else if (this.visits.has(abs) && lstatOrUndefined(abs)?.isDirectory())
                this.opaqueClear(abs, this.placedBefore(abs));
        }
    }
    /**
     * Names that earlier directories of this layer put into the flat directory `dir`: their files,
     * symlinks and directories with an entry, and directories without one that this apply made or
     * put entries into (umoci keeps a path with this layer's entries below it).
     */
    placedBefore(dir) {
        const earlier = this.visits.get(dir);
        if (earlier === undefined)
            return undefined;
        const names = new Set();
        for (const t of earlier) {
            for (const d of (0,external_node_fs_.readdirSync)(t.layerAbs, { withFileTypes: true })) {
                if (whiteoutOf(d.name).kind !== 'none')
                    continue;
                const abs = `${dir}/${d.name}`;
                if (!d.isDirectory() || !this.implicit.has(joinRel(t.rel, d.name)) || this.made.has(abs) || this.visits.has(abs))
                    names.add(d.name);
            }
        }
        return names;
    }
    childDir(parent, name, rel, src) {
        const absent = parent.absent === true || (this.markerDirs.has(rel) && lstatOrUndefined(src) === undefined);
        const task = { rel, layerAbs: src, flatAbs: undefined, createAt: undefined, parent, name, fresh: false, viaLink: parent.viaLink, epoch: this.epoch, absent };
        // A directory the target did not keep counts as implicit: nothing of it is known but its markers.
        if (!absent && !this.implicit.has(rel)) {
            // The layer has this directory: whatever the lower layers have there (file, symlink) gives way.
            const dst = `${this.ensure(parent)}/${name}`;
            const st = parent.fresh ? undefined : lstatOrUndefined(dst);
            if (st === undefined || !st.isDirectory()) {
                if (st !== undefined) {
                    (0,external_node_fs_.unlinkSync)(dst);
                    this.epoch++;
                }
                (0,external_node_fs_.mkdirSync)(dst, 0o700);
                task.fresh = true;
            }
            const meta = this.applyDirMeta(src, dst);
            // The setgid bit and group take effect at once, so that a directory made inside it inherits them
            // (as umoci's MkdirAll below a setgid directory does); the rest of the mode waits for the end.
            if ((meta.mode & 0o2000) !== 0)
                this.setgidNow(dst, meta.gid);
            task.flatAbs = dst;
            this.safe.add(dst);
        }
        return task;
    }
    /**
     * Where an implicit directory is in the flat tree, decided when its turn comes (an entry of this layer
     * may have replaced a lower symlink meanwhile): the lower directory, or the lower symlink's target
     * resolved inside the flat root, or nowhere yet (created when first needed).
     */
    locate(task) {
        const parent = task.parent;
        if (task.flatAbs !== undefined || parent === undefined || !this.implicit.has(task.rel))
            return;
        if (parent.flatAbs === undefined || parent.fresh)
            return; // created when first needed
        if (!this.current(parent))
            return;
        const here = `${parent.flatAbs}/${task.name}`;
        const st = lstatOrUndefined(here);
        task.epoch = this.epoch;
        task.viaLink = parent.viaLink;
        if (st?.isDirectory())
            task.flatAbs = here;
        else if (st?.isSymbolicLink()) {
            // The layer only passes through this directory: follow the lower layers' symlink, inside the flat root.
            // A loop is not refused yet: an entry of this layer may replace the symlink before one needs it.
            let resolved;
            try {
                resolved = resolveInRoot(this.flat, here.slice(this.flat.length + 1));
            }
            catch (err) {
                if (err instanceof SymlinkLoopError)
                    return;
                throw err;
            }
            task.viaLink = true;
            if (lstatOrUndefined(resolved)?.isDirectory())
                task.flatAbs = resolved;
            else
                task.createAt = resolved;
        }
    }
    /**
     * Whether the task's flat directory may be used as it is: its path has no symlink from the flat root
     * down, and, if it was reached through a symlink, nothing changed since. Otherwise it is resolved again.
     */
    current(task) {
        if (task.flatAbs === undefined)
            return false;
        if ((!task.viaLink || task.epoch === this.epoch) && this.isSafe(task.flatAbs))
            return true;
        this.relocate(task);
        return task.flatAbs !== undefined;
    }
    resolve(task, unsafe) {
        try {
            return resolveInRoot(this.flat, unsafe);
        }
        catch (err) {
            if (err instanceof SymlinkLoopError)
                throw new LayerError(this.label(task.rel, 'too many levels of symbolic links in the lower layers'), { cause: err });
            throw err;
        }
    }
    /**
     * Whether every component of a flat path from the flat root down is a real directory (lstat; no
     * symlink). Verified paths are cached until a directory is removed.
     */
    isSafe(abs) {
        if (this.safe.has(abs))
            return true;
        const rel = this.relOf(abs);
        let p = this.flat;
        for (const part of rel === '' ? [] : rel.split('/')) {
            p = `${p}/${part}`;
            if (this.safe.has(p))
                continue;
            if (!lstatOrUndefined(p)?.isDirectory())
                return false;
            this.safe.add(p);
        }
        this.safe.add(abs);
        return true;
    }
    /**
     * A directory whose place in the flat tree another entry of this layer replaced meanwhile (a
     * component became a symlink or file): its path is resolved again inside the flat root, as umoci
     * resolves each entry when its turn comes, never through a symlink out of the root.
     */
    relocate(task) {
        const resolved = this.resolve(task, task.rel);
        task.flatAbs = undefined;
        task.fresh = false;
        task.createAt = resolved;
        task.epoch = this.epoch;
        task.viaLink = resolved !== (task.rel === '' ? this.flat : `${this.flat}/${task.rel}`);
        if (lstatOrUndefined(resolved)?.isDirectory()) {
            // resolveInRoot gives real directories for every existing component; checked all the same.
            if (!this.isSafe(resolved))
                throw new UnsafePathError(this.label(task.rel, 'its directory in the flat tree is reached only through a symlink'));
            task.flatAbs = resolved;
        }
    }
    /** The flat directory of `task`, created (with its parents) when an entry first needs it. */
    ensure(task) {
        if (this.current(task))
            return task.flatAbs;
        let path;
        if (task.createAt !== undefined && task.epoch === this.epoch) {
            path = task.createAt;
        }
        else {
            // Not placed yet, or placed before the tree changed: where the path leads now, inside the flat root.
            path = `${this.ensure(task.parent)}/${task.name}`;
            task.viaLink = task.parent.viaLink;
            if (lstatOrUndefined(path)?.isSymbolicLink()) {
                path = this.resolve(task, this.relOf(path));
                task.viaLink = true;
            }
        }
        this.makeParents(task, path);
        task.epoch = this.epoch;
        const st = lstatOrUndefined(path);
        if (st === undefined) {
            // New in the flat tree, without a tar entry: mode and group as mkdir gives them below its parent
            // here (umoci's MkdirAll: 0755, or the setgid bit and group of a setgid parent), the layer dir's times.
            (0,external_node_fs_.mkdirSync)(path, 0o755);
            task.fresh = true;
            this.made.add(path);
            this.applyDirTimes(task.layerAbs, path);
        }
        else if (!st.isDirectory()) {
            throw new LayerError(this.label(task.rel, `cannot create the directory: a lower layer has a non-directory at ${JSON.stringify(path.slice(this.flat.length))}`));
        }
        task.flatAbs = path;
        this.safe.add(path);
        return path;
    }
    /**
     * The missing directories above a symlink-resolved place, one at a time: 0755 like umoci's MkdirAll
     * (not the 0700 a recursive mkdir would leave), and a lower file on the way is named, not an errno.
     */
    makeParents(task, path) {
        const rel = path.slice(this.flat.length + 1);
        const parts = rel.split('/');
        parts.pop();
        let p = this.flat;
        for (const part of parts) {
            p = `${p}/${part}`;
            if (this.safe.has(p))
                continue;
            const st = lstatOrUndefined(p);
            if (st === undefined)
                (0,external_node_fs_.mkdirSync)(p, 0o755);
            else if (!st.isDirectory()) {
                throw new LayerError(this.label(task.rel, `cannot create the directory: a lower layer has a non-directory at ${JSON.stringify(p.slice(this.flat.length))}`));
            }
            this.safe.add(p);
        }
    }
    /** Removes a path of the flat tree (whiteout, opaque directory) without following symlinks. */
    remove(abs) {
        if (this.clear(abs))
            this.removed++;
    }
    /** Makes room for a new file or symlink: unlink (never rewrite a shared inode), or remove a directory. */
    clear(abs) {
        const st = lstatOrUndefined(abs);
        if (st === undefined)
            return false;
        this.epoch++;
        if (st.isDirectory()) {
            // rm does not follow symlinks below; `abs` is in a verified directory.
            (0,external_node_fs_.rmSync)(abs, { recursive: true, force: true });
            this.forget(abs);
        }
        else {
            (0,external_node_fs_.unlinkSync)(abs);
        }
        return true;
    }
    /**
     * A removed subtree takes its deferred metadata with it, and verified paths under it are void (a
     * component may become a symlink next).
     */
    forget(abs) {
        this.safe = new Set();
        const rel = abs.slice(this.flat.length + 1);
        const under = `${rel}/`;
        for (const k of [...this.finals.keys()])
            if (k === rel || k.startsWith(under))
                this.finals.delete(k);
    }
    place(src, dst) {
        if (this.link) {
            try {
                (0,external_node_fs_.linkSync)(src, dst);
                return;
            }
            catch (err) {
                const code = err.code;
                if (code === 'EXDEV') {
                    this.logger.info('layer dir and flat dir are on different file systems; copying files', { flat: this.flat });
                    this.link = false;
                }
                else if (code !== 'EMLINK' && code !== 'EPERM')
                    throw err;
            }
        }
        this.copy(src, dst);
    }
    copy(src, dst) {
        const st = (0,external_node_fs_.lstatSync)(src);
        if (st.isSymbolicLink()) {
            (0,external_node_fs_.symlinkSync)((0,external_node_fs_.readlinkSync)(src), dst);
        }
        else {
            // Files hardlinked within the layer stay one inode in the flat tree.
            const first = st.nlink > 1 ? this.copied.get(st.ino) : undefined;
            if (first !== undefined && lstatOrUndefined(first) !== undefined) {
                (0,external_node_fs_.linkSync)(first, dst);
                return;
            }
            (0,external_node_fs_.copyFileSync)(src, dst, external_node_fs_.constants.COPYFILE_EXCL);
            if (st.nlink > 1)
                this.copied.set(st.ino, dst);
        }
        this.copyMeta(st, dst);
    }
    /** On the file or symlink just created at `dst` (in a verified directory; chmod only for a file). */
    copyMeta(st, dst) {
        if (this.sameOwner)
            (0,external_node_fs_.lchownSync)(dst, st.uid, st.gid);
        // chmod after chown: chown clears setuid/setgid. Symlinks have no mode of their own.
        if (!st.isSymbolicLink())
            (0,external_node_fs_.chmodSync)(dst, st.mode & 0o7777);
        (0,external_node_fs_.lutimesSync)(dst, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
    }
    /**
     * Owner, mode and times of a layer directory onto a flat directory, at the very end: a read-only
     * mode set now would stop us (when not root) from writing the directory's entries.
     */
    applyDirMeta(src, dst) {
        const st = (0,external_node_fs_.lstatSync)(src);
        const meta = { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
        this.finals.set(this.relOf(dst), { ino: (0,external_node_fs_.lstatSync)(dst).ino, atime: secondsOf(st.atimeMs), mtime: secondsOf(st.mtimeMs), meta });
        return meta;
    }
    applyDirTimes(src, dst) {
        const st = (0,external_node_fs_.lstatSync)(src);
        this.finals.set(this.relOf(dst), { ino: (0,external_node_fs_.lstatSync)(dst).ino, atime: secondsOf(st.atimeMs), mtime: secondsOf(st.mtimeMs) });
    }
    /** Group and setgid bit of a directory just made or kept (in a verified directory), through an fd of it. */
    setgidNow(abs, gid) {
        const fd = (0,external_node_fs_.openSync)(abs, apply_O_DIR_NOFOLLOW);
        try {
            if (this.sameOwner)
                (0,external_node_fs_.fchownSync)(fd, -1, gid);
            (0,external_node_fs_.fchmodSync)(fd, ((0,external_node_fs_.fstatSync)(fd).mode & 0o777) | 0o700 | 0o2000);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /** A lower layer's directory whose entries change keeps its times, as in umoci (an explicit entry's metadata wins). */
    rememberTimes(abs) {
        const rel = this.relOf(abs);
        if (this.finals.has(rel))
            return;
        const st = lstatOrUndefined(abs);
        if (st?.isDirectory())
            this.finals.set(rel, { ino: st.ino, atime: secondsOf(st.atimeMs), mtime: secondsOf(st.mtimeMs) });
    }
    relOf(abs) {
        return abs === this.flat ? '' : abs.slice(this.flat.length + 1);
    }
    /**
     * Deepest first, so that finishing a child does not change its parent's mtime afterwards. Each record
     * reaches its directory by a re-walk from the flat root that refuses symlinks, and changes it through an
     * fd of it (O_NOFOLLOW) that must be the recorded inode: never a host directory behind a symlink.
     */
    finishDirs() {
        const depth = (p) => (p === '' ? 0 : p.split('/').length);
        const list = [...this.finals].sort((a, b) => depth(b[0]) - depth(a[0]));
        const seen = new Set();
        for (const [rel, f] of list) {
            if (!this.walkable(rel, seen))
                continue;
            let fd;
            try {
                fd = (0,external_node_fs_.openSync)(rel === '' ? this.flat : `${this.flat}/${rel}`, apply_O_DIR_NOFOLLOW);
            }
            catch {
                continue; // not a directory any more (replaced by a symlink or file)
            }
            try {
                if ((0,external_node_fs_.fstatSync)(fd).ino !== f.ino)
                    continue;
                if (f.meta !== undefined) {
                    if (this.sameOwner)
                        (0,external_node_fs_.fchownSync)(fd, f.meta.uid, f.meta.gid);
                    // chmod after chown: chown clears setgid.
                    (0,external_node_fs_.fchmodSync)(fd, f.meta.mode);
                }
                (0,external_node_fs_.futimesSync)(fd, f.atime, f.mtime);
            }
            finally {
                (0,external_node_fs_.closeSync)(fd);
            }
        }
    }
    /** Every ancestor of `rel` is a real directory (lstat from the flat root; a symlink on the way: false). */
    walkable(rel, seen) {
        if (rel === '')
            return true;
        const parts = rel.split('/');
        parts.pop();
        let p = '';
        for (const part of parts) {
            p = p === '' ? part : `${p}/${part}`;
            if (seen.has(p))
                continue;
            if (!lstatOrUndefined(`${this.flat}/${p}`)?.isDirectory())
                return false;
            seen.add(p);
        }
        return true;
    }
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/layer/sidecar.ts
/**
 * What `applyLayer` needs to know about a layer dir beyond its files: the
 * hardlinks into lower layers, the directories that had no tar entry, and
 * its whiteout markers (which a CVMFS publish does not keep as files).
 * Store it beside the layer dir (JSON) when extracting; read it back (validated)
 * when flattening.
 */

const sidecarSchema = schemas/* object */.Ikc({
    externalLinks: schemas/* array */.YOg(schemas/* object */.Ikc({ path: schemas/* string */.YjP(), target: schemas/* string */.YjP() })).default([]),
    implicitDirs: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    markers: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
});
function sidecarOf(result) {
    return { externalLinks: result.externalLinks, implicitDirs: result.implicitDirs, markers: result.markers };
}
/** Parses a stored sidecar; throws (with the zod issues as cause) on anything else. */
function parseSidecar(text) {
    try {
        return sidecarSchema.parse(JSON.parse(text));
    }
    catch (err) {
        throw new Error('reading a layer sidecar: not a valid sidecar JSON', { cause: err });
    }
}
/** The `applyLayer` options a sidecar stands for. */
function applyOptionsOf(sidecar) {
    return {
        externalLinks: sidecar.externalLinks,
        ...(sidecar.implicitDirs === undefined ? {} : { implicitDirs: sidecar.implicitDirs }),
        ...(sidecar.markers === undefined ? {} : { markers: sidecar.markers }),
    };
}

;// CONCATENATED MODULE: ./src/layer/index.ts
/**
 * layer/: layer blobs → directories, and layer directories → a flat root.
 *
 *   extractLayer     blob stream → decompress → DiffID check → tar → `layerfs` dir (whiteouts literal)
 *   applyLayer       `layerfs` dir → onto the flat root (whiteouts, opaque dirs, hardlinked content)
 *   openDecompressed blob → uncompressed tar stream (gzip / zstd / plain by magic bytes)
 */










/***/ })

};
