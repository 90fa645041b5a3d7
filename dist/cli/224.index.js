export const id = 224;
export const ids = [224];
export const modules = {

/***/ 3224:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cloneSource: () => (/* binding */ cloneSource),
  completeClonedFlat: () => (/* binding */ completeClonedFlat),
  completeUnit: () => (/* binding */ completeUnit),
  convertUnit: () => (/* binding */ convertUnit),
  fetchLayersOnly: () => (/* binding */ fetchLayersOnly),
  finishUnit: () => (/* binding */ finishUnit),
  prepareUnit: () => (/* binding */ prepareUnit)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/registry/index.ts + 13 modules
var registry = __webpack_require__(4644);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
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
 * The uncompressed tar of `blob`. `onCompressed` sees every compressed chunk
 * (for progress). Destroying the result destroys the blob.
 */
function decompressedStream(blob, mediaType, onCompressed) {
    checkMediaType(mediaType);
    async function* source() {
        const it = blob[Symbol.asyncIterator]();
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
                for await (const chunk of decoder)
                    yield chunk;
                await feeding;
            }
            finally {
                decoder.destroy();
            }
        }
        finally {
            blob.destroy();
        }
    }
    return external_node_stream_.Readable.from(source(), { objectMode: false, highWaterMark: CHUNK_SIZE });
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
/** An octal or base-256 numeric header field. */
function parseNumber(buf, off, len, what) {
    const first = buf[off];
    if (first & 0x80) {
        // Base-256 (GNU/star) for values that do not fit in octal; 0xff marks a negative number.
        if (first === 0xff)
            throw new InvalidTarError(`negative ${what} in tar header`);
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
            if (key.startsWith('SCHILY.xattr.') || key.startsWith('LIBARCHIVE.xattr.'))
                into.xattrs++;
            // atime, ctime, uname, gname, comment, charset...: not restored
            break;
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
    pending = { xattrs: 0 };
    global = { xattrs: 0 };
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
        this.pending = { xattrs: 0 };
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
            mtime: p.mtime ?? g.mtime ?? parseNumber(block, 136, 12, 'mtime'),
            linkname,
            utf8,
            xattrs: p.xattrs + g.xattrs,
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
                throw new SymlinkLoopError(`resolving ${JSON.stringify(unsafe)} in ${root}: too many levels of symbolic links`);
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

;// CONCATENATED MODULE: ./src/layer/writer.ts
/**
 * The write path of `extractLayer`: tar entries → files under `dest`, with
 * synchronous fs calls (one open/write/fchown/fchmod/futimes/close per file;
 * no promise per entry). Whiteouts are ordinary files here. Every name is
 * cleaned and every parent checked to be a real directory inside `dest`
 * before anything is created or removed.
 */




const O_NEW_FILE = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW;
class LayerWriter {
    dest;
    o;
    entries = 0;
    bytes = 0;
    whiteouts = 0;
    skipped = [];
    xattrEntries = 0;
    /** Relative paths known to be real directories of this layer (not symlinks). */
    safeDirs = new Set(['']);
    /** Directories with an entry in the tar; their metadata is applied at the end, deepest first. */
    dirMeta = new Map();
    implicit = new Set();
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
        if (h.xattrs > 0)
            this.xattrEntries++;
        if (rel === '') {
            // Turning the root into a file or a symlink would make later entries land elsewhere.
            if (h.type !== 'dir')
                this.fail(UnsafePathError, h.name, 'refusing to change the type of the layer root');
            this.dirMeta.set('', { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime });
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
        if (w.kind !== 'none')
            this.whiteouts++;
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
            this.fail(LayerError, h.name, `writing ${h.type}: ${err.message}`, err);
        }
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
            if (this.o.sameOwner)
                (0,external_node_fs_.fchownSync)(fd, h.uid, h.gid);
            // chmod after chown: chown clears setuid/setgid.
            (0,external_node_fs_.fchmodSync)(fd, h.mode);
            (0,external_node_fs_.futimesSync)(fd, h.mtime, h.mtime);
        }
        catch (err) {
            this.fail(LayerError, rel, `setting metadata: ${err.message}`, err);
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
     * creating missing ones (implicit directories).
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
            (0,external_node_fs_.rmSync)(abs, { recursive: true, force: true });
            // Cached knowledge about directories under it is void: `rel` may become a symlink next.
            this.safeDirs = new Set(['']);
            return 'removed';
        }
        (0,external_node_fs_.unlinkSync)(abs);
        this.external.delete(rel);
        return 'removed';
    }
    directory(rel, h) {
        this.ensureParent(rel, h.name);
        this.create(rel, () => (0,external_node_fs_.mkdirSync)(this.abs(rel), 0o700), true);
        this.safeDirs.add(rel);
        this.dirMeta.set(rel, { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime });
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
        if (this.o.sameOwner)
            (0,external_node_fs_.lchownSync)(abs, h.uid, h.gid);
        (0,external_node_fs_.lutimesSync)(abs, h.mtime, h.mtime);
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
            this.create(rel, () => (0,external_node_fs_.linkSync)(this.abs(target), abs));
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
        }
        else {
            (0,external_node_fs_.copyFileSync)(src, abs, external_node_fs_.constants.COPYFILE_EXCL);
        }
        if (this.o.sameOwner)
            (0,external_node_fs_.lchownSync)(abs, st.uid, st.gid);
        if (!st.isSymbolicLink())
            (0,external_node_fs_.chmodSync)(abs, st.mode & 0o7777);
        (0,external_node_fs_.lutimesSync)(abs, st.atimeMs / 1000, st.mtimeMs / 1000);
        this.external.set(rel, { target, ino: (0,external_node_fs_.lstatSync)(abs).ino });
    }
    /** Directory metadata, deepest first so that setting a child does not change its parent's mtime afterwards. */
    finish() {
        if (this.xattrEntries > 0) {
            this.o.warn('extended attributes are not restored', { entries: this.xattrEntries });
        }
        const depth = (p) => (p === '' ? 0 : p.split('/').length);
        const dirs = [...this.dirMeta.entries()].sort((a, b) => depth(b[0]) - depth(a[0]));
        for (const [rel, m] of dirs) {
            const abs = this.abs(rel);
            const st = lstatOrUndefined(abs);
            // A directory replaced later in the layer by a file or symlink: never chmod through a symlink.
            if (st === undefined || !st.isDirectory())
                continue;
            if (this.o.sameOwner)
                (0,external_node_fs_.lchownSync)(abs, m.uid, m.gid);
            (0,external_node_fs_.chmodSync)(abs, m.mode);
            (0,external_node_fs_.lutimesSync)(abs, m.mtime, m.mtime);
        }
        const externalLinks = [];
        for (const [path, { target, ino }] of this.external) {
            // Only links whose copy is still in place (not replaced by a later entry of the same name).
            if (lstatOrUndefined(this.abs(path))?.ino === ino)
                externalLinks.push({ path, target });
        }
        const implicitDirs = [...this.implicit].filter((p) => !this.dirMeta.has(p) && lstatOrUndefined(this.abs(p))?.isDirectory());
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
    let tar;
    try {
        tar = decompressedStream(blob, opts.mediaType, onCompressed);
        for await (const chunk of tar) {
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
        if (tar === undefined)
            blob.destroy();
        else
            tar.destroy();
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
 */






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
    finals = [];
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
    }
    get prefix() {
        return this.opts.label ?? `applying layer ${this.layerfs} onto ${this.flat}`;
    }
    label(rel, reason) {
        return `${this.prefix}: entry ${JSON.stringify(rel)}: ${reason}`;
    }
    async run() {
        (0,external_node_fs_.mkdirSync)(this.flat, { recursive: true });
        const root = { rel: '', layerAbs: this.layerfs, flatAbs: this.flat, createAt: undefined, parent: undefined, name: '', fresh: false };
        if (this.implicit.has(''))
            this.rememberTimes(this.flat);
        else
            this.applyDirMeta(this.layerfs, this.flat);
        try {
            this.stageExternalLinks(this.opts.externalLinks ?? []);
            const stack = [root];
            let sinceYield = 0;
            while (stack.length > 0) {
                const task = stack.pop();
                const n = this.processDir(task, stack);
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
            throw new LayerError(`${this.prefix}: ${err.message}`, { cause: err });
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
    processDir(task, stack) {
        const list = (0,external_node_fs_.readdirSync)(task.layerAbs, { withFileTypes: true });
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
        // Opaque first: it removes the lower layers' content, then this layer's entries go in.
        if (opaque && dir !== undefined && !task.fresh) {
            for (const name of (0,external_node_fs_.readdirSync)(dir)) {
                if (dir === this.flat && name === this.stagingName)
                    continue;
                this.remove(`${dir}/${name}`);
            }
        }
        if (dir !== undefined && !task.fresh)
            for (const name of whiteouts)
                this.remove(`${dir}/${name}`);
        for (const d of others) {
            const rel = joinRel(task.rel, d.name);
            const src = `${task.layerAbs}/${d.name}`;
            this.entries++;
            if (d.isDirectory()) {
                stack.push(this.childDir(task, d.name, rel, src));
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
            }
            else {
                this.entries--;
                this.logger.warn('skipping special file in layer dir', { entry: rel });
            }
        }
        return list.length;
    }
    childDir(parent, name, rel, src) {
        const task = { rel, layerAbs: src, flatAbs: undefined, createAt: undefined, parent, name, fresh: false };
        if (!this.implicit.has(rel)) {
            // The layer has this directory: whatever the lower layers have there (file, symlink) gives way.
            const dst = `${this.ensure(parent)}/${name}`;
            const st = parent.fresh ? undefined : lstatOrUndefined(dst);
            if (st === undefined || !st.isDirectory()) {
                if (st !== undefined)
                    (0,external_node_fs_.unlinkSync)(dst);
                (0,external_node_fs_.mkdirSync)(dst, 0o700);
                task.fresh = true;
            }
            this.applyDirMeta(src, dst);
            task.flatAbs = dst;
            return task;
        }
        if (parent.flatAbs === undefined || parent.fresh)
            return task; // created when first needed
        const here = `${parent.flatAbs}/${name}`;
        const st = lstatOrUndefined(here);
        if (st?.isDirectory())
            task.flatAbs = here;
        else if (st?.isSymbolicLink()) {
            // The layer only passes through this directory: follow the lower layers' symlink, inside the flat root.
            const resolved = resolveInRoot(this.flat, here.slice(this.flat.length + 1));
            if (lstatOrUndefined(resolved)?.isDirectory())
                task.flatAbs = resolved;
            else
                task.createAt = resolved;
        }
        return task;
    }
    /** The flat directory of `task`, created (with its parents) when an entry first needs it. */
    ensure(task) {
        if (task.flatAbs !== undefined)
            return task.flatAbs;
        const path = task.createAt ?? `${this.ensure(task.parent)}/${task.name}`;
        const st = lstatOrUndefined(path);
        if (st === undefined) {
            (0,external_node_fs_.mkdirSync)(path, { recursive: true, mode: 0o700 });
            task.fresh = true;
            // New in the flat tree: it gets what the layer dir has (an implicit directory: 0755, root, extraction time).
            this.applyDirMeta(task.layerAbs, path);
        }
        else if (!st.isDirectory()) {
            throw new LayerError(this.label(task.rel, `cannot create the directory: a lower layer has a non-directory at ${JSON.stringify(path.slice(this.flat.length))}`));
        }
        task.flatAbs = path;
        return path;
    }
    /** Removes a path of the flat tree (whiteout, opaque directory) without following symlinks. */
    remove(abs) {
        const st = lstatOrUndefined(abs);
        if (st === undefined)
            return;
        if (st.isDirectory())
            (0,external_node_fs_.rmSync)(abs, { recursive: true, force: true });
        else
            (0,external_node_fs_.unlinkSync)(abs);
        this.removed++;
    }
    /** Makes room for a new file or symlink: unlink (never rewrite a shared inode), or remove a directory. */
    clear(abs) {
        const st = lstatOrUndefined(abs);
        if (st === undefined)
            return;
        if (st.isDirectory())
            (0,external_node_fs_.rmSync)(abs, { recursive: true, force: true });
        else
            (0,external_node_fs_.unlinkSync)(abs);
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
    copyMeta(st, dst) {
        if (this.sameOwner)
            (0,external_node_fs_.lchownSync)(dst, st.uid, st.gid);
        // chmod after chown: chown clears setuid/setgid. Symlinks have no mode of their own.
        if (!st.isSymbolicLink())
            (0,external_node_fs_.chmodSync)(dst, st.mode & 0o7777);
        (0,external_node_fs_.lutimesSync)(dst, st.atimeMs / 1000, st.mtimeMs / 1000);
    }
    /**
     * Owner, mode and times of a layer directory onto a flat directory, at the very end: a read-only
     * mode set now would stop us (when not root) from writing the directory's entries.
     */
    applyDirMeta(src, dst) {
        const st = (0,external_node_fs_.lstatSync)(src);
        this.finals.push({ abs: dst, atime: st.atimeMs / 1000, mtime: st.mtimeMs / 1000, meta: { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 } });
    }
    /** A lower layer's directory whose entries change keeps its times, as in umoci. */
    rememberTimes(abs) {
        const st = lstatOrUndefined(abs);
        if (st?.isDirectory())
            this.finals.push({ abs, atime: st.atimeMs / 1000, mtime: st.mtimeMs / 1000 });
    }
    /** Deepest first, so that finishing a child does not change its parent's mtime afterwards. */
    finishDirs() {
        const depth = (p) => p.split('/').length;
        this.finals.sort((a, b) => depth(b.abs) - depth(a.abs));
        for (const f of this.finals) {
            // Never chmod through a symlink that took the directory's place.
            if (!lstatOrUndefined(f.abs)?.isDirectory())
                continue;
            if (f.meta !== undefined) {
                if (this.sameOwner)
                    (0,external_node_fs_.lchownSync)(f.abs, f.meta.uid, f.meta.gid);
                // chmod after chown: chown clears setgid.
                (0,external_node_fs_.chmodSync)(f.abs, f.meta.mode);
            }
            (0,external_node_fs_.lutimesSync)(f.abs, f.atime, f.mtime);
        }
    }
}

;// CONCATENATED MODULE: ./src/layer/sidecar.ts
/**
 * What `applyLayer` needs to know about a layer dir beyond its files: the
 * hardlinks into lower layers and the directories that had no tar entry.
 * Store it beside the layer dir (JSON) when extracting; read it back (validated)
 * when flattening.
 */

const sidecarSchema = schemas/* object */.Ikc({
    externalLinks: schemas/* array */.YOg(schemas/* object */.Ikc({ path: schemas/* string */.YjP(), target: schemas/* string */.YjP() })).default([]),
    implicitDirs: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
});
function sidecarOf(result) {
    return { externalLinks: result.externalLinks, implicitDirs: result.implicitDirs };
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
    return sidecar.implicitDirs === undefined ? { externalLinks: sidecar.externalLinks } : { externalLinks: sidecar.externalLinks, implicitDirs: sidecar.implicitDirs };
}

;// CONCATENATED MODULE: ./src/layer/index.ts
/**
 * layer/: layer blobs → directories, and layer directories → a flat root.
 *
 *   extractLayer     blob stream → decompress → DiffID check → tar → `layerfs` dir (whiteouts literal)
 *   applyLayer       `layerfs` dir → onto the flat root (whiteouts, opaque dirs, hardlinked content)
 *   openDecompressed blob → uncompressed tar stream (gzip / zstd / plain by magic bytes)
 */








// EXTERNAL MODULE: ./src/repo/index.ts + 6 modules
var repo = __webpack_require__(7310);
;// CONCATENATED MODULE: ./src/convert/image.ts
/**
 * One unit (a manifest for one platform, published under one or more names)
 * converted inside open transactions:
 *
 *   1. resolve the manifest and config (index → platform manifest → config);
 *   2. if the flat tree of this image ID exists, only metadata and links change;
 *   3. else each layer that is not in .layers/ yet is streamed from the
 *      registry and unpacked once (under a temporary name, renamed into place),
 *      and the flat tree is built:
 *      - ordinarily (a dir target) under a temporary name in the same
 *        transaction, files hardlinked from the layers (content written once),
 *        made Apptainer-ready and renamed into place;
 *      - where the publisher clones cheaply (CVMFS), the layers are published
 *        first and the flat tree starts, in a transaction of its own, as a
 *        server-side clone of the bottom layer, with only the upper layers and
 *        the Apptainer files written on top (content published once);
 *   4. record origins, metadata and the public links.
 *
 * Every directory appears under its final name complete or not at all.
 */








async function prepareUnit(unit, top, ctx) {
    const resolved = await ctx.client.resolve(unit.ref, { platform: unit.platform, top });
    const name = (0,reference/* formatImageRef */.kL)(unit.names[0]);
    return {
        unit,
        top,
        resolved,
        name,
        log: ctx.logger.child({ image: name }),
        stats: { bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
        flat: (0,external_node_path_.join)(ctx.root, (0,repo/* flatDir */.ZO)(resolved.configDigest)),
    };
}
/** The whole unit in one transaction: the flat tree is built here if it is missing. */
async function convertUnit(unit, top, ctx) {
    return completeUnit(await prepareUnit(unit, top, ctx), ctx);
}
/** A prepared unit finished in this transaction, its flat tree built the ordinary way if missing. */
async function completeUnit(p, ctx) {
    if (!(0,external_node_fs_.existsSync)(p.flat)) {
        await buildFlat(p, ctx);
    }
    else {
        p.log.debug('flat tree present', { flat: p.flat });
        p.stats.layersReused = p.resolved.manifest.layers.length;
    }
    return finishUnit(p, ctx);
}
/** Origins, catalog markers, metadata and the public links of a unit whose flat tree exists. */
function finishUnit(p, ctx) {
    const { resolved, unit, top, stats } = p;
    for (const layer of resolved.manifest.layers) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(ctx.root, (0,repo/* layerDir */.pe)(layer.digest))))
            (0,repo/* addLayerOrigin */.zW)((0,external_node_path_.join)(ctx.root, (0,repo/* layerDir */.pe)(layer.digest)), resolved.configDigest);
    }
    (0,repo/* ensureCatalogMarkers */.jl)(ctx.root, { layers: resolved.manifest.layers.map((l) => l.digest), flats: [resolved.configDigest] });
    const results = [];
    for (const n of unit.names) {
        const [path] = (0,repo/* publishImage */.N0)(ctx.root, {
            linkPath: (0,reference/* publicLinkPath */.$O)(n),
            ref: (0,reference/* formatImageRef */.kL)(n),
            topDigest: top.digest,
            manifestDigest: resolved.manifestDigest,
            configDigest: resolved.configDigest,
            platform: resolved.platform,
            manifest: resolved.manifest,
            manifestBytes: resolved.manifestRaw,
            configBytes: resolved.configRaw,
            multiarch: unit.multiarch,
            primary: unit.primary,
        });
        results.push({
            ref: (0,reference/* formatImageRef */.kL)(n),
            status: 'published',
            digest: resolved.manifestDigest,
            configDigest: resolved.configDigest,
            platform: (0,registry/* formatPlatform */.Bq)(resolved.platform),
            path,
            timings: { totalMs: Date.now() - ctx.started, ...stats },
        });
    }
    return results;
}
/** The layers of an image in order, non-distributable ones left out (with a warning). */
function distributableLayers(p) {
    const diffIds = p.resolved.config.rootfs.diff_ids;
    const layers = p.resolved.manifest.layers;
    if (diffIds.length !== layers.length)
        throw new Error(`the config lists ${diffIds.length} diff IDs for ${layers.length} layers`);
    return layers.flatMap((layer, i) => {
        if (!isForeignLayer(layer.mediaType))
            return [{ layer, diffId: diffIds[i] }];
        p.log.warn('skipping a non-distributable layer', { layer: layer.digest, mediaType: layer.mediaType });
        return [];
    });
}
/** Emits layer-start/-done around fetching one layer unless its dir is present. */
async function ensureLayer(p, layer, diffId, ctx, lower) {
    const dir = (0,external_node_path_.join)(ctx.root, (0,repo/* layerDir */.pe)(layer.digest));
    const t0 = Date.now();
    ctx.emit({ type: 'layer-start', ref: p.name, digest: layer.digest, size: layer.size });
    const reused = (0,external_node_fs_.existsSync)(dir);
    if (reused)
        p.stats.layersReused++;
    else
        await fetchLayer(p, layer, diffId, dir, lower, ctx);
    ctx.emit({ type: 'layer-done', ref: p.name, digest: layer.digest, size: layer.size, ms: Date.now() - t0, reused });
    return dir;
}
/**
 * Clone mode, first transaction: every missing layer of the unit, no flat
 * tree. A hardlink into a lower layer is looked up in the lower layer dirs,
 * topmost first (a whiteout between them is not consulted: such a link is
 * refused by umoci's flattening too).
 */
async function fetchLayersOnly(p, ctx) {
    // The clone's destination must lie under a directory the published tree already has
    // (the real cvmfs_server refuses `-T` into a parent that is not there: "not on a known path").
    (0,repo/* ensureDir */.A0)((0,external_node_path_.dirname)(p.flat));
    const below = [];
    for (const { layer, diffId } of distributableLayers(p)) {
        ctx.signal?.throwIfAborted();
        const lowerDirs = [...below].reverse();
        const dir = await ensureLayer(p, layer, diffId, ctx, { resolveExternalLink: (t) => findInLayers(lowerDirs, t) });
        below.push((0,external_node_path_.join)(dir, 'layerfs'));
    }
}
/**
 * Clone mode, second transaction (opened with the bottom layer cloned at the
 * flat tree's final path, see cloneSource): the upper layers applied on top,
 * then the Apptainer files. The repository's content is not written twice.
 */
async function completeClonedFlat(p, ctx) {
    const [, ...upper] = distributableLayers(p);
    for (const { layer } of upper) {
        ctx.signal?.throwIfAborted();
        const dir = (0,external_node_path_.join)(ctx.root, (0,repo/* layerDir */.pe)(layer.digest));
        await applyLayer((0,external_node_path_.join)(dir, 'layerfs'), p.flat, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
    }
    (0,repo/* makeApptainerReady */.kZ)(p.flat, p.resolved.config.config ?? {}, p.log);
    (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(p.flat, '.cvmfscatalog'));
}
/**
 * The layer dir (relative to the root) whose tree is exactly the start of
 * this image's flat tree: its bottom layer, when that has no whiteout files
 * (they would be literal in a clone). Undefined: build the flat tree the
 * ordinary way.
 */
function cloneSource(p, root) {
    const [bottom] = distributableLayers(p);
    if (!bottom)
        return undefined;
    const sidecar = readSidecar((0,external_node_path_.join)(root, (0,repo/* layerDir */.pe)(bottom.layer.digest)));
    return sidecar.whiteouts === 0 ? (0,repo/* layerfsDir */.iW)(bottom.layer.digest) : undefined;
}
async function buildFlat(p, ctx) {
    const tmpFlat = readableTempDir(ctx, (0,external_node_path_.dirname)(p.flat), 'flat');
    try {
        for (const { layer, diffId } of distributableLayers(p)) {
            ctx.signal?.throwIfAborted();
            // A hardlink to a file of a lower layer: its content is in the flat tree built so far
            // (resolved inside that tree, never through a symlink out of it).
            const dir = await ensureLayer(p, layer, diffId, ctx, { lowerRoot: tmpFlat });
            await applyLayer((0,external_node_path_.join)(dir, 'layerfs'), tmpFlat, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
        }
        (0,repo/* makeApptainerReady */.kZ)(tmpFlat, p.resolved.config.config ?? {}, p.log);
        (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(tmpFlat, '.cvmfscatalog'));
        (0,repo/* renameIntoPlace */.Qf)(tmpFlat, p.flat);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmpFlat, { recursive: true, force: true });
        throw err;
    }
}
/**
 * A build directory readable by everyone: mkdtemp makes it 0700, and as the
 * root of a layer or flat tree renamed into place it must not stay so (users
 * read /cvmfs as themselves). A tar entry for the root sets its own mode later.
 */
function readableTempDir(ctx, parent, label) {
    const dir = ctx.txn.tempDir(parent, label);
    (0,external_node_fs_.chmodSync)(dir, 0o755);
    return dir;
}
function findInLayers(layerfsDirs, target) {
    for (const root of layerfsDirs) {
        const p = resolveParentInRoot(root, target);
        try {
            const st = (0,external_node_fs_.lstatSync)(p);
            if (st.isFile() || st.isSymbolicLink())
                return p;
        }
        catch {
            // not in this layer
        }
    }
    return undefined;
}
async function fetchLayer(p, layer, diffId, dir, lower, ctx) {
    const tmp = readableTempDir(ctx, (0,external_node_path_.dirname)(dir), 'layer');
    try {
        const blob = ctx.client.openBlob(p.resolved.ref, layer, {
            signal: ctx.signal,
            onProgress: (bytes) => ctx.emit({ type: 'layer-progress', ref: p.name, digest: layer.digest, bytes, size: layer.size }),
        });
        const result = await extractLayer(blob, (0,external_node_path_.join)(tmp, 'layerfs'), {
            mediaType: layer.mediaType,
            expectedDiffId: diffId,
            limits: ctx.limits,
            label: `${p.name} layer ${layer.digest}`,
            logger: ctx.logger,
            ...lower,
        });
        (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(tmp, 'layerfs', '.cvmfscatalog'));
        (0,repo/* writeLayerMetadata */.Id)(tmp, {
            diffId: result.diffId,
            digest: layer.digest,
            size: result.uncompressedSize,
            created: p.resolved.config.created,
        });
        (0,repo/* writeFileAtomic */.Zf)((0,external_node_path_.join)(tmp, '.metadata', SIDECAR), JSON.stringify({ ...sidecarOf(result), whiteouts: result.whiteouts }));
        p.stats.bytesDownloaded += layer.size;
        p.stats.layersFetched++;
        (0,repo/* renameIntoPlace */.Qf)(tmp, dir);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { recursive: true, force: true });
        throw new Error(`fetching layer ${layer.digest}`, { cause: err });
    }
}
/** What applyLayer needs beyond the files (hardlinks into lower layers, directories without a tar entry). */
const SIDECAR = 'unpack.json';
const whiteoutCount = schemas/* object */.Ikc({ whiteouts: schemas/* number */.aig().int().nonnegative() });
/** The stored sidecar of a layer dir: applyLayer's options, and how many whiteout entries it has (undefined: unknown). */
function readSidecar(dir) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, '.metadata', SIDECAR), 'utf8');
    }
    catch {
        return { apply: {} }; // a layer written by DUCC: no sidecar, every directory counts as explicit
    }
    const counted = whiteoutCount.safeParse(JSON.parse(text));
    return { apply: applyOptionsOf(parseSidecar(text)), whiteouts: counted.success ? counted.data.whiteouts : undefined };
}


/***/ })

};
