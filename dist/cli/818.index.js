export const id = 818;
export const ids = [818];
export const modules = {

/***/ 8599:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   DU: () => (/* binding */ tempNameFor),
/* harmony export */   MX: () => (/* binding */ TEMP_PREFIX),
/* harmony export */   Qf: () => (/* binding */ renameIntoPlace),
/* harmony export */   RS: () => (/* binding */ preserveAs),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   Zz: () => (/* binding */ attachJournal),
/* harmony export */   b4: () => (/* binding */ removeEntry),
/* harmony export */   dM: () => (/* binding */ removeTree),
/* harmony export */   to: () => (/* binding */ touchIfMissing),
/* harmony export */   u3: () => (/* binding */ replaceSymlink)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Every write into the repository goes through these helpers: a new entry is
 * made under a temporary name beside its final one and renamed into place, so
 * a reader (or a crash) sees the old entry or the new one, never half of one.
 * Existing files are never opened for writing: files of a flat dir are
 * hardlinks of layer files, and writing through one would change both.
 *
 * A transaction that can undo its writes (the dir target) attaches a
 * WriteJournal for its root; the helpers report to it what they create and
 * what they replace, before they do it.
 */



const TEMP_PREFIX = '.tmp-';
const journals = new Map();
/** Routes writes under `root` to `journal` until the returned function is called. */
function attachJournal(root, journal) {
    const key = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root);
    if (journals.has(key))
        throw new Error(`attaching a write journal to ${key}: one is attached already`);
    journals.set(key, journal);
    return () => {
        if (journals.get(key) === journal)
            journals.delete(key);
    };
}
function journalFor(path) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path);
    for (const [root, j] of journals)
        if (abs === root || abs.startsWith(root + node_path__WEBPACK_IMPORTED_MODULE_2__.sep))
            return j;
    return undefined;
}
function exists(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
        return true;
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return false;
        throw err;
    }
}
/** A fresh name beside `path` for building it: `<dir>/.tmp-<name>-<random>`. */
function tempNameFor(path) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), `${TEMP_PREFIX}${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(6).toString('hex')}`);
}
/** mkdir -p that tells the journal about the topmost directory it creates. */
function ensureDir(path, mode = 0o755) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path);
    if (exists(abs))
        return;
    let top = abs;
    while (!exists((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(top)))
        top = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(top);
    journalFor(abs)?.created(top);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(abs, { recursive: true, mode });
}
/**
 * Writes `data` to `path` atomically: a new file under a temporary name
 * (O_EXCL: never an existing inode) renamed over the old one.
 */
function writeFileAtomic(path, data, mode = 0o644) {
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    const tmp = tempNameFor(path);
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(tmp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, mode);
    try {
        const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let off = 0;
        while (off < buf.length)
            off += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, buf, off, buf.length - off);
    }
    catch (err) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(tmp, { force: true });
        throw err;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    replaceWith(tmp, path);
}
/** Creates or atomically re-points the symlink `path` (symlink to a temp name, then rename). */
function replaceSymlink(path, target) {
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
        if (!st.isSymbolicLink())
            throw new Error(`replacing ${path} with a symlink: a ${st.isDirectory() ? 'directory' : 'file'} is in the way`);
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    const tmp = tempNameFor(path);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(target, tmp);
    replaceWith(tmp, path);
}
function replaceWith(tmp, path) {
    const journal = journalFor(path);
    try {
        if (journal) {
            if (exists(path))
                journal.replacing(path);
            else
                journal.created(path);
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, path);
    }
    catch (err) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(tmp, { force: true });
        throw err;
    }
}
/**
 * Moves a finished directory (built under a temporary name) to its final
 * name. The final name must not exist: a complete directory is never
 * replaced, it is immutable content named by its digest.
 */
function renameIntoPlace(tmp, final) {
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(final));
    if (exists(final))
        throw new Error(`moving ${tmp} into place: ${final} exists already`);
    journalFor(final)?.created(final);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, final);
}
/** Creates an empty file unless the name exists (never truncates: it may be a shared hardlink). */
function touchIfMissing(path, mode = 0o644) {
    if (exists(path))
        return false;
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    journalFor(path)?.created(path);
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, mode));
        return true;
    }
    catch (err) {
        if (err.code === 'EEXIST')
            return false;
        throw err;
    }
}
/** Removes a file or symlink; in a dir transaction the journal keeps it, so an abort puts it back. */
function removeEntry(path) {
    if (!exists(path))
        return;
    journalFor(path)?.replacing(path);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
}
/** Hardlinks `existing` to `backup`: the undo copy of a file or symlink (link(2) does not follow symlinks). */
function preserveAs(existing, backup) {
    ensureDirPlain((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(backup));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.linkSync)(existing, backup);
}
function ensureDirPlain(path) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(path, { recursive: true });
}
/**
 * Removes a directory tree: renamed to a temporary name beside it first (one
 * atomic step), then deleted, so a crash never leaves half of it under its
 * name, where it would pass for complete. A crash mid-delete leaves a
 * `.tmp-` entry that recovery sweeps.
 */
function removeTree(dir) {
    if (!exists(dir))
        return;
    const doomed = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir), `${TEMP_PREFIX}gone-${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(dir)}`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(doomed, { recursive: true, force: true });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(dir, doomed);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(doomed, { recursive: true, force: true });
}


/***/ }),

/***/ 9600:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ chainIds)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/** DUCC's chain IDs: the name of a layer-list prefix's tree under `.chains/` (layout.ts). */

/**
 * DUCC's chain IDs (ducc docker-api/util.go GetChainIDs): from the compressed
 * layer digests, `sha256("<digest 1>")`, then `sha256("<previous chain ID> <digest i>")`.
 * (Not the OCI ChainID, which is made of diff IDs: DUCC's are, and they are what
 * a repository shared with DUCC holds.)
 */
function chainIds(layerDigests) {
    const out = [];
    for (const d of layerDigests) {
        const text = out.length === 0 ? d : `${out[out.length - 1]} ${d}`;
        out.push(`sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex')}`);
    }
    return out;
}


/***/ }),

/***/ 1670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ layersJson),
/* harmony export */   Tx: () => (/* binding */ originJson),
/* harmony export */   V3: () => (/* binding */ duccManifestJson),
/* harmony export */   ef: () => (/* binding */ parseOrigin),
/* harmony export */   uO: () => (/* binding */ parseDuccManifest)
/* harmony export */ });
/* unused harmony export goJson */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5491);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6776);
/**
 * The JSON files DUCC writes and reads, byte-compatible with its Go encoding
 * (encoding/json), so DUCC's garbage collector and tools keep working on a
 * repository we write:
 *
 * - `.metadata/<name>/manifest.json`: DUCC's `Manifest` struct has no json
 *   tags, so Go writes the Go field names, compact, in declaration order:
 *   `{"SchemaVersion":2,"MediaType":"…","Config":{"MediaType":"…","Size":N,"Digest":"sha256:…"},"Layers":[{…}]}`.
 * - `.layers/<xx>/<hex>/.metadata/layers.json`: a one-element array indented
 *   with one space (MarshalIndent(v, "", " ")), keys `id`, `created`,
 *   `compressed-diff-digest`, `diff-digest`, `diff-size` (omitted when 0).
 * - `.layers/<xx>/<hex>/.metadata/origin.json`: `{"origin":[…]}` compact.
 */


/** Go's encoding/json escapes <, > and & (HTML safety) and U+2028/U+2029; JSON.stringify does not. */
function goJson(value, indent) {
    return JSON.stringify(value, null, indent)
        .replaceAll('<', '\\u003c')
        .replaceAll('>', '\\u003e')
        .replaceAll('&', '\\u0026')
        .replaceAll('\u2028', '\\u2028')
        .replaceAll('\u2029', '\\u2029');
}
const goDescriptor = (d) => ({ MediaType: d.mediaType ?? '', Size: d.size, Digest: d.digest });
/** manifest.json as DUCC writes it. */
function duccManifestJson(m) {
    return goJson({
        SchemaVersion: m.schemaVersion ?? 0,
        MediaType: m.mediaType ?? '',
        Config: goDescriptor(m.config),
        Layers: m.layers.map(goDescriptor),
    });
}
/** Reads a manifest.json in DUCC's form (Go matches keys case-insensitively; so do we). */
const duccManifestSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    config: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ digest: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }),
    layers: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ digest: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() })).nullable().optional(),
});
function parseDuccManifest(text) {
    const lower = (v) => {
        if (Array.isArray(v))
            return v.map(lower);
        if (v && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lower(x)]));
        return v;
    };
    const m = duccManifestSchema.parse(lower(JSON.parse(text)));
    return { configDigest: m.config.digest, layerDigests: (m.layers ?? []).map((l) => l.digest) };
}
/** Go's time.Time text: RFC 3339 with fractional seconds, no trailing zeros. */
function goTime(t) {
    const d = t === undefined ? new Date() : typeof t === 'string' ? new Date(t) : t;
    if (Number.isNaN(d.getTime()))
        return typeof t === 'string' ? t : new Date().toISOString();
    return d.toISOString().replace(/\.?0+Z$/, 'Z');
}
/** layers.json as DUCC writes it. */
function layersJson(info) {
    const diffHex = (0,_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .digestHex */ .sU)(info.diffId.startsWith('sha256:') ? info.diffId : `sha256:${info.diffId}`);
    (0,_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .digestHex */ .sU)(info.digest);
    const entry = {
        id: diffHex,
        created: goTime(info.created),
        'compressed-diff-digest': info.digest,
        'diff-digest': `sha256:${diffHex}`,
    };
    if (info.size !== 0)
        entry['diff-size'] = info.size;
    return goJson([entry], ' ');
}
const originSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ origin: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).nullable().optional() });
/** The origin list of an origin.json text (DUCC's may hold duplicates; they are dropped). */
function parseOrigin(text) {
    return [...new Set(originSchema.parse(JSON.parse(text)).origin ?? [])];
}
/** origin.json with `configDigest` added once. */
function originJson(existing, configDigest) {
    (0,_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .digestHex */ .sU)(configDigest);
    return goJson({ origin: [...new Set([...existing, configDigest])] });
}


/***/ }),

/***/ 7818:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  N9: () => (/* reexport */ layout/* CATALOG_MARKER */.N9),
  Vb: () => (/* reexport */ layout/* CHAINS_DIR */.Vb),
  wo: () => (/* reexport */ layout/* FLAT_DIR */.wo),
  Fj: () => (/* reexport */ layout/* LAYERS_DIR */.Fj),
  ys: () => (/* reexport */ layout/* METADATA_DIR */.ys),
  SL: () => (/* reexport */ layout/* MULTIARCH_DIR */.SL),
  Ep: () => (/* reexport */ layout/* RESERVED_TOP_LEVEL */.Ep),
  MX: () => (/* reexport */ atomic/* TEMP_PREFIX */.MX),
  zW: () => (/* reexport */ metadata/* addLayerOrigin */.zW),
  DV: () => (/* reexport */ layout/* chainDir */.DV),
  sH: () => (/* reexport */ chains/* chainIds */.s),
  jl: () => (/* reexport */ metadata/* ensureCatalogMarkers */.jl),
  A0: () => (/* reexport */ atomic/* ensureDir */.A0),
  ZO: () => (/* reexport */ layout/* flatDir */.ZO),
  pe: () => (/* reexport */ layout/* layerDir */.pe),
  SO: () => (/* reexport */ layout/* layerWhiteoutStamp */.SO),
  iW: () => (/* reexport */ layout/* layerfsDir */.iW),
  u_: () => (/* reexport */ metadata/* listSyncRecords */.u_),
  kZ: () => (/* reexport */ makeApptainerReady),
  uO: () => (/* reexport */ ducc_json/* parseDuccManifest */.uO),
  N0: () => (/* reexport */ publishImage),
  vK: () => (/* reexport */ metadata/* readSyncRecord */.vK),
  sx: () => (/* reexport */ layout/* relativeLinkTarget */.sx),
  b4: () => (/* reexport */ atomic/* removeEntry */.b4),
  dM: () => (/* reexport */ atomic/* removeTree */.dM),
  Qf: () => (/* reexport */ atomic/* renameIntoPlace */.Qf),
  q4: () => (/* reexport */ metadata/* syncRecordSchema */.q4),
  to: () => (/* reexport */ atomic/* touchIfMissing */.to),
  Zf: () => (/* reexport */ atomic/* writeFileAtomic */.Zf),
  Id: () => (/* reexport */ metadata/* writeLayerMetadata */.Id)
});

// UNUSED EXPORTS: ACTIONS, ENVIRONMENT_FILE, ENV_FILE, FIXED_CATALOG_MARKERS, LayoutError, METADATA_FILES, RUNSCRIPT, apptainerFiles, archSegment, attachJournal, catalogMarkers, checkLinkPath, digestHex, duccManifestJson, envScript, goJson, isDigest, layerMetaDir, layersJson, metadataDir, multiarchLink, multiarchMetadataDir, originJson, parseOrigin, platformText, publicLink, readLayerOrigins, recordsConfig, relativeMultiarchTarget, relativeTarget, replaceSymlink, runscript, shellQuote, tempNameFor, writeImageMetadata, writeSyncRecord

// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
// EXTERNAL MODULE: ./src/repo/chains.ts
var chains = __webpack_require__(9600);
// EXTERNAL MODULE: ./src/repo/atomic.ts
var atomic = __webpack_require__(8599);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
;// CONCATENATED MODULE: ./src/repo/shell.ts
/**
 * Shell quoting for the files Apptainer sources and runs. Every value from
 * an image config is untrusted: it must reach the shell as data, byte for
 * byte, and never as code.
 */
/** A POSIX single-quoted word: the only quoting every shell reads the same way. */
function shellQuote(value) {
    if (value.includes('\0'))
        throw new Error('a shell word cannot contain NUL');
    return `'${value.replaceAll("'", `'\\''`)}'`;
}
/** A name a shell can export: letters, digits, underscore, not starting with a digit. */
function isShellName(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
/**
 * Whether a value can sit inside `"${K:-value}"` unescaped in every shell:
 * bash (non-POSIX mode) treats `'` there as a quote, and `"`, `\`, `` ` ``,
 * `$`, `}` and newlines are special to some shell in that place.
 */
function isPlainDefaultWord(value) {
    return !/['"\\`$}\n\r\0]/.test(value);
}

;// CONCATENATED MODULE: ./src/repo/apptainer-files.ts
/**
 * What makes a flat dir Apptainer-ready, as data (pure): the directories and
 * bind targets Apptainer expects, the environment file and the runscript
 * made from the image config, the action scripts, and the legacy symlinks.
 *
 * Apptainer, started on a plain directory, sources every
 * `/.singularity.d/env/*.sh` in order and then runs one of
 * `/.singularity.d/actions/{exec,run,shell,start,test}`; `run` hands over to
 * `/.singularity.d/runscript`, which is where Docker's ENTRYPOINT and CMD
 * live. Bind points (`/dev`, `/proc`, `/etc/hosts`, …) must exist in the
 * image because a CVMFS tree is read-only.
 */

const ENV_FILE = '.singularity.d/env/10-docker2singularity.sh';
const ENVIRONMENT_FILE = '.singularity.d/env/90-environment.sh';
const RUNSCRIPT = '.singularity.d/runscript';
/** Parents come before children: the writer creates them in this order. */
const DIRS = [
    '.singularity.d',
    '.singularity.d/actions',
    '.singularity.d/env',
    '.singularity.d/libs',
    'dev',
    'proc',
    'sys',
    'tmp',
    'var',
    'var/tmp',
    'home',
    'root',
    'etc',
    'cvmfs', // bind point for /cvmfs in HEP jobs
    'srv', // bind point for the job's work dir (as OSG's images have)
];
const LOAD_ENV = `for __apptainer_env in /.singularity.d/env/*.sh; do
    if test -f "$__apptainer_env"; then . "$__apptainer_env"; fi
done
unset __apptainer_env
`;
/** The action scripts, each written here from Apptainer's documented behaviour. */
const ACTIONS = {
    exec: `#!/bin/sh
# apptainer exec: load the container environment, then run the given command.
${LOAD_ENV}exec "$@"
`,
    run: `#!/bin/sh
# apptainer run: load the container environment, then hand the arguments to
# the runscript (the image's ENTRYPOINT/CMD); without one, start a shell.
${LOAD_ENV}if test -x /.singularity.d/runscript; then
    exec /.singularity.d/runscript "$@"
fi
echo "This container has no runscript; starting /bin/sh" >&2
exec /bin/sh "$@"
`,
    shell: `#!/bin/sh
# apptainer shell: load the container environment, then start an interactive
# shell: the one named by APPTAINER_SHELL (or SINGULARITY_SHELL), else bash,
# else sh.
${LOAD_ENV}__apptainer_shell="\${APPTAINER_SHELL:-\${SINGULARITY_SHELL:-}}"
if test -n "$__apptainer_shell" && test -x "$__apptainer_shell"; then
    exec "$__apptainer_shell" "$@"
fi
if test -x /bin/bash; then
    SHELL=/bin/bash
    PS1="Apptainer> "
    export SHELL PS1
    exec /bin/bash --norc "$@"
fi
if test -x /bin/sh; then
    SHELL=/bin/sh
    export SHELL
    exec /bin/sh "$@"
fi
echo "This container has no /bin/sh to start" >&2
exit 1
`,
    start: `#!/bin/sh
# apptainer instance start: load the container environment, then run the
# instance's startscript if the image has one.
${LOAD_ENV}if test -x /.singularity.d/startscript; then
    exec /.singularity.d/startscript "$@"
fi
`,
    test: `#!/bin/sh
# apptainer test: load the container environment, then run the image's test
# script if it has one.
${LOAD_ENV}if test -x /.singularity.d/test; then
    exec /.singularity.d/test "$@"
fi
echo "This container defines no test" >&2
exit 0
`,
};
/**
 * `10-docker2singularity.sh`: each `K=v` of the config as
 * `export K="${K:-v}"` (a value set when the container starts wins), PATH set
 * outright. A value that cannot sit safely inside `"${…}"` is assigned in
 * single quotes instead, with the same meaning. Docker lets the last of
 * duplicate keys win; so does this.
 */
function envScript(env) {
    const skipped = [];
    const byKey = new Map();
    for (const entry of env ?? []) {
        const eq = entry.indexOf('=');
        const key = eq < 0 ? entry : entry.slice(0, eq);
        const value = eq < 0 ? undefined : entry.slice(eq + 1);
        if (!isShellName(key)) {
            skipped.push(`${JSON.stringify(key)}: not a valid variable name`);
            continue;
        }
        if (value?.includes('\0')) {
            skipped.push(`${key}: the value contains NUL`);
            continue;
        }
        byKey.delete(key); // keep the position of the last occurrence
        byKey.set(key, value);
    }
    const lines = ['#!/bin/sh', '# The ENV of the image config, written by cvmfs-unpack.', '# A variable set when the container starts keeps its value; PATH is set outright.'];
    for (const [key, value] of byKey) {
        if (value === undefined)
            lines.push(`export ${key}="\${${key}:-}"`);
        else if (key === 'PATH')
            lines.push(isPlainDefaultWord(value) ? `export PATH="${value}"` : `PATH=${shellQuote(value)}; export PATH`);
        else if (isPlainDefaultWord(value))
            lines.push(`export ${key}="\${${key}:-${value}}"`);
        else
            lines.push(`if test -z "\${${key}:-}"; then ${key}=${shellQuote(value)}; fi; export ${key}`);
    }
    return { content: lines.join('\n') + '\n', skipped };
}
/**
 * The runscript, with Docker's semantics: the ENTRYPOINT words, followed by
 * the arguments given to `apptainer run`, or by the CMD words when there are
 * none. (Like Apptainer's own OCI runscript, it keeps the caller's working
 * directory rather than WorkingDir.)
 */
function runscript(config) {
    const entrypoint = config.Entrypoint ?? [];
    const cmd = config.Cmd ?? [];
    const words = (ws) => ws.map(shellQuote).join(' ');
    const lines = ['#!/bin/sh', '# The image command, as Docker runs it: ENTRYPOINT followed by the arguments', '# given, or by CMD when none are given. Written by cvmfs-unpack.'];
    if (cmd.length > 0)
        lines.push('if test "$#" -eq 0; then', `    set -- ${words(cmd)}`, 'fi');
    if (entrypoint.length === 0) {
        lines.push('if test "$#" -eq 0; then', '    echo "This image defines neither ENTRYPOINT nor CMD: give a command to run" >&2', '    exit 1', 'fi');
        lines.push('exec "$@"');
    }
    else {
        lines.push(`exec ${words(entrypoint)} "$@"`);
    }
    return lines.join('\n') + '\n';
}
/** Everything a flat dir needs, in creation order. Throws when Entrypoint or Cmd holds a NUL byte. */
function apptainerFiles(config) {
    const env = envScript(config.Env);
    const entries = [
        ...DIRS.map((path) => ({ kind: 'dir', path, mode: 0o755, policy: 'if-missing' })),
        { kind: 'file', path: 'etc/hosts', mode: 0o644, policy: 'if-missing', content: '' },
        { kind: 'file', path: 'etc/resolv.conf', mode: 0o644, policy: 'if-missing', content: '' },
        { kind: 'file', path: ENV_FILE, mode: 0o755, policy: 'replace', content: env.content },
        {
            kind: 'file',
            path: ENVIRONMENT_FILE,
            mode: 0o755,
            policy: 'if-missing',
            content: '#!/bin/sh\n# Custom environment of the container; the image config\'s ENV is in 10-docker2singularity.sh.\n',
        },
        { kind: 'file', path: RUNSCRIPT, mode: 0o755, policy: 'replace', content: runscript(config) },
        ...Object.entries(ACTIONS).map(([name, content]) => ({ kind: 'file', path: `.singularity.d/actions/${name}`, mode: 0o755, policy: 'replace', content })),
        { kind: 'symlink', path: 'singularity', target: RUNSCRIPT, policy: 'if-missing' },
        { kind: 'symlink', path: 'environment', target: ENVIRONMENT_FILE, policy: 'if-missing' },
    ];
    return { entries, skipped: env.skipped };
}

;// CONCATENATED MODULE: ./src/repo/apptainer.ts
/**
 * Writes the Apptainer files (apptainer-files.ts) into a flat dir. The flat
 * dir holds an untrusted image: `etc` may be a symlink to `/`, `.singularity.d`
 * a file. Every parent is checked with lstat from the root down and an entry
 * whose parent is a symlink or not a directory is skipped with a warning, so
 * nothing is ever written outside the flat dir. Files are made new (O_EXCL,
 * then renamed over the old name): an existing file may be a hardlink of a
 * layer file and is never opened for writing.
 */





function kindOf(path) {
    try {
        const st = (0,external_node_fs_.lstatSync)(path);
        if (st.isSymbolicLink())
            return 'symlink';
        return st.isDirectory() ? 'dir' : 'other';
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return 'missing';
        throw err;
    }
}
/** Why the parents of `rel` are unsafe to write into, or undefined when every one is a real directory. */
function unsafeParent(root, rel) {
    const parts = rel.split('/').slice(0, -1);
    let cur = root;
    for (const p of parts) {
        cur = (0,external_node_path_.join)(cur, p);
        const k = kindOf(cur);
        // A symlinked parent could lead anywhere, even out of the root: never write through it.
        if (k === 'symlink')
            return `${cur.slice(root.length + 1)} is a symlink`;
        if (k === 'missing')
            return `${cur.slice(root.length + 1)} is missing`;
        if (k === 'other')
            return `${cur.slice(root.length + 1)} is not a directory`;
    }
    return undefined;
}
function writeNewFile(path, content, mode) {
    const tmp = (0,atomic/* tempNameFor */.DU)(path);
    // O_EXCL|O_NOFOLLOW: a fresh inode, never an existing (possibly shared) file.
    const fd = (0,external_node_fs_.openSync)(tmp, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW, mode);
    try {
        const buf = Buffer.from(content, 'utf8');
        let off = 0;
        while (off < buf.length)
            off += (0,external_node_fs_.writeSync)(fd, buf, off, buf.length - off);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    try {
        (0,external_node_fs_.chmodSync)(tmp, mode); // the umask must not take the execute bits of a script
        (0,external_node_fs_.renameSync)(tmp, path); // replaces the name, never writes into the old inode
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw err;
    }
}
function apply(root, e) {
    const path = (0,external_node_path_.join)(root, e.path);
    const why = unsafeParent(root, e.path);
    if (why)
        return why;
    const k = kindOf(path);
    switch (e.kind) {
        case 'dir':
            if (k === 'dir')
                return 'exists';
            if (k === 'symlink')
                return 'exists (a symlink)'; // the image's own choice; it is never followed here
            if (k !== 'missing')
                return 'exists as a file';
            (0,external_node_fs_.mkdirSync)(path, { mode: e.mode });
            (0,external_node_fs_.chmodSync)(path, e.mode);
            return undefined;
        case 'symlink':
            if (k !== 'missing')
                return 'exists';
            (0,external_node_fs_.symlinkSync)(e.target, path);
            return undefined;
        case 'file':
            if (k === 'dir')
                return 'exists as a directory';
            if (e.policy === 'if-missing' && k !== 'missing')
                return 'exists';
            writeNewFile(path, e.content, e.mode);
            return undefined;
    }
}
/**
 * Makes `flatRoot` Apptainer-ready for an image with this config. Synchronous
 * (a few dozen small files). Entries the image already has are kept where the
 * layout says so; unsafe places are skipped and logged as warnings.
 */
function makeApptainerReady(flatRoot, config, logger = log_logger/* nullLogger */.G) {
    const plan = apptainerFiles(config);
    for (const s of plan.skipped)
        logger.warn('left an ENV entry out of the Apptainer environment', { entry: s });
    const result = { written: [], skipped: [] };
    if (kindOf(flatRoot) !== 'dir')
        throw new Error(`making ${flatRoot} Apptainer-ready: not a directory`);
    for (const e of plan.entries) {
        const reason = apply(flatRoot, e);
        if (reason === undefined) {
            result.written.push(e.path);
        }
        else {
            result.skipped.push({ path: e.path, reason });
            if (reason !== 'exists' && reason !== 'exists (a symlink)')
                logger.warn('skipped an Apptainer file of the flat dir', { path: e.path, reason });
        }
    }
    return result;
}

// EXTERNAL MODULE: ./src/repo/ducc-json.ts
var ducc_json = __webpack_require__(1670);
// EXTERNAL MODULE: ./src/repo/metadata.ts
var metadata = __webpack_require__(8079);
;// CONCATENATED MODULE: ./src/repo/links.ts
/**
 * Publishing a name: the metadata of `.metadata/<name>/`, then the relative
 * symlink `<name> -> ../../.flat/<xx>/<hex>` swapped atomically, then the
 * sync record (last: it says "done" for the no-op check). With several
 * platforms, each also gets `.multiarch/<arch>/<name>` and its own metadata.
 */





/** `linux/amd64`, `linux/arm64/v8`: the platform text stored in sync.json. */
function platformText(p) {
    return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
/**
 * Writes metadata and links of one name for one platform into `root`.
 * Returns the absolute paths of the links written. The flat dir must exist.
 */
function publishImage(root, img) {
    const flat = (0,external_node_path_.join)(root, (0,layout/* flatDir */.ZO)(img.configDigest));
    if (img.link !== false && !(0,external_node_fs_.existsSync)(flat))
        throw new Error(`linking ${img.linkPath}: the flat dir ${(0,layout/* flatDir */.ZO)(img.configDigest)} does not exist`);
    const record = {
        ref: img.ref,
        topDigest: img.topDigest,
        manifestDigest: img.manifestDigest,
        configDigest: img.configDigest,
        platform: platformText(img.platform),
        syncedAt: (img.syncedAt ?? new Date()).toISOString(),
    };
    const links = [];
    const place = (metaRel, linkRel, target) => {
        const metaAbs = (0,external_node_path_.join)(root, metaRel);
        (0,metadata/* writeImageMetadata */.ct)(metaAbs, img);
        if (img.link !== false)
            (0,atomic/* replaceSymlink */.u3)((0,external_node_path_.join)(root, linkRel), target);
        (0,metadata/* writeSyncRecord */.eL)(metaAbs, record);
        links.push((0,external_node_path_.join)(root, linkRel));
    };
    if (img.primary !== false) {
        place((0,layout/* metadataDir */.PQ)(img.linkPath), (0,layout/* publicLink */.ym)(img.linkPath), (0,layout/* relativeLinkTarget */.sx)(img.linkPath, img.configDigest));
    }
    if (img.multiarch) {
        place((0,layout/* multiarchMetadataDir */.a3)(img.linkPath, img.platform), (0,layout/* multiarchLink */.wW)(img.linkPath, img.platform), (0,layout/* relativeMultiarchTarget */.nc)(img.linkPath, img.platform, img.configDigest));
    }
    return links;
}

;// CONCATENATED MODULE: ./src/repo/index.ts
/** The repository layout of DESIGN.md section 2: paths, Apptainer files, metadata, links. */











/***/ }),

/***/ 6776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ chainDir),
/* harmony export */   Ep: () => (/* binding */ RESERVED_TOP_LEVEL),
/* harmony export */   Fj: () => (/* binding */ LAYERS_DIR),
/* harmony export */   Jb: () => (/* binding */ catalogMarkers),
/* harmony export */   N9: () => (/* binding */ CATALOG_MARKER),
/* harmony export */   OP: () => (/* binding */ layerMetaDir),
/* harmony export */   PQ: () => (/* binding */ metadataDir),
/* harmony export */   SL: () => (/* binding */ MULTIARCH_DIR),
/* harmony export */   SO: () => (/* binding */ layerWhiteoutStamp),
/* harmony export */   Vb: () => (/* binding */ CHAINS_DIR),
/* harmony export */   ZO: () => (/* binding */ flatDir),
/* harmony export */   a3: () => (/* binding */ multiarchMetadataDir),
/* harmony export */   iW: () => (/* binding */ layerfsDir),
/* harmony export */   nc: () => (/* binding */ relativeMultiarchTarget),
/* harmony export */   pe: () => (/* binding */ layerDir),
/* harmony export */   sU: () => (/* binding */ digestHex),
/* harmony export */   sx: () => (/* binding */ relativeLinkTarget),
/* harmony export */   wW: () => (/* binding */ multiarchLink),
/* harmony export */   wo: () => (/* binding */ FLAT_DIR),
/* harmony export */   ym: () => (/* binding */ publicLink),
/* harmony export */   ys: () => (/* binding */ METADATA_DIR)
/* harmony export */ });
/* unused harmony exports LayoutError, isDigest, archSegment, checkLinkPath, relativeTarget, FIXED_CATALOG_MARKERS */
/**
 * The repository layout (DESIGN.md section 2): a contract shared with DUCC,
 * its garbage collector, Apptainer users and the containerd CVMFS snapshotter.
 * Every path here is relative to the repository root (`/cvmfs/<repo>` or the
 * target dir) and is built only from validated parts.
 *
 *   <root>/
 *   ├── .layers/                                   .cvmfscatalog
 *   │   └── <xx>/                                  .cvmfscatalog
 *   │       └── <hex>/                  (<hex> = compressed blob digest)
 *   │           ├── layerfs/                       .cvmfscatalog, one unpacked layer
 *   │           └── .metadata/
 *   │               ├── layers.json                diff ID, sizes, digests
 *   │               ├── origin.json                {"origin":["sha256:<config>",…]}
 *   │               ├── unpack.json                what flattening needs (hardlinks, implicit dirs, whiteouts)
 *   │               └── whiteouts.stored           cvmfs: the whiteouts are in layerfs/ (char 0:0)
 *   ├── .flat/                                     .cvmfscatalog
 *   │   └── <xx>/
 *   │       └── <hex>/                  (<hex> = image config digest = image ID)
 *   │           ├── .cvmfscatalog
 *   │           ├── .singularity.d/ …              Apptainer-ready root file system
 *   │           └── bin/ etc/ usr/ …
 *   ├── .chains/                                   .cvmfscatalog (cvmfs target; DUCC's too)
 *   │   └── <xx>/                                  .cvmfscatalog
 *   │       └── <hex>/                  (<hex> = DUCC's chain ID of a layer-list prefix)
 *   │           ├── .cvmfscatalog                  the prefix's layers flattened (no Apptainer
 *   │           └── bin/ etc/ usr/ …               files): a clone source for flat trees
 *   ├── .metadata/
 *   │   ├── <registry>/<repository>:<tag>/         manifest.json (DUCC's form),
 *   │   │                                          manifest.raw.json, config.json, sync.json
 *   │   └── .multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>/   (same files)
 *   ├── .multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>
 *   │                                   -> ../../…/.flat/<xx>/<hex>   (relative symlink)
 *   └── <registry>/<repository>:<tag>   -> ../../.flat/<xx>/<hex>     (relative symlink)
 *
 * A reference by digest uses `<repository>@sha256:<hex>` in place of
 * `<repository>:<tag>`. A registry port stays in the name (`host:5005/…`).
 */
const LAYERS_DIR = '.layers';
const FLAT_DIR = '.flat';
const CHAINS_DIR = '.chains';
const METADATA_DIR = '.metadata';
const MULTIARCH_DIR = '.multiarch';
const CATALOG_MARKER = '.cvmfscatalog';
/** Names at the top of the repository that no image link may take (`podmanStore`: src/podman/layout.ts). */
const RESERVED_TOP_LEVEL = [LAYERS_DIR, FLAT_DIR, CHAINS_DIR, METADATA_DIR, MULTIARCH_DIR, CATALOG_MARKER, 'podmanStore'];
class LayoutError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'LayoutError';
    }
}
const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;
/**
 * The hex part of a sha256 digest. Anything else is refused, so a hostile
 * manifest can never steer a path with '/', '..' or an odd length.
 */
function digestHex(digest) {
    const m = DIGEST_RE.exec(digest);
    if (!m)
        throw new LayoutError(`invalid digest ${JSON.stringify(digest)}: expected sha256: and 64 lower-case hex digits`);
    return m[1];
}
/** Whether the string is a digest this layout accepts. */
function isDigest(digest) {
    return DIGEST_RE.test(digest);
}
function sharded(base, digest) {
    const hex = digestHex(digest);
    return `${base}/${hex.slice(0, 2)}/${hex}`;
}
/** `.layers/<xx>/<hex>` for a layer's compressed blob digest. */
function layerDir(digest) {
    return sharded(LAYERS_DIR, digest);
}
/** `.layers/<xx>/<hex>/layerfs`: the path the CVMFS snapshotter bind-mounts. */
function layerfsDir(digest) {
    return `${layerDir(digest)}/layerfs`;
}
/** `.layers/<xx>/<hex>/.metadata` */
function layerMetaDir(digest) {
    return `${layerDir(digest)}/${METADATA_DIR}`;
}
/**
 * `.layers/<xx>/<hex>/.metadata/whiteouts.stored`: written (on cvmfs) by the same ingest
 * that stores the layer's whiteouts, so its presence says they are in (docs/cvmfs.md).
 */
function layerWhiteoutStamp(digest) {
    return `${layerMetaDir(digest)}/whiteouts.stored`;
}
/** `.flat/<xx>/<hex>` for an image config digest (the image ID). */
function flatDir(configDigest) {
    return sharded(FLAT_DIR, configDigest);
}
/** `.chains/<xx>/<hex>` for a chain ID (`sha256:<hex>`). */
function chainDir(chainId) {
    return sharded(CHAINS_DIR, chainId);
}
const ARCH_RE = /^[a-z0-9][a-z0-9_.-]{0,31}$/i;
/** `amd64`, `arm64:v8`: one path segment, validated. */
function archSegment(platform) {
    const { architecture, variant } = platform;
    if (!ARCH_RE.test(architecture))
        throw new LayoutError(`invalid architecture ${JSON.stringify(architecture)}`);
    if (variant === undefined || variant === '')
        return architecture;
    if (!ARCH_RE.test(variant))
        throw new LayoutError(`invalid platform variant ${JSON.stringify(variant)}`);
    return `${architecture}:${variant}`;
}
/**
 * Checks a link path from src/reference (`<registry>/<repository>:<tag>` or
 * `…@sha256:<hex>`): relative, no empty/'.'/'..' segment, no NUL, and not
 * starting with one of the layout's own top-level names or any dot name.
 */
function checkLinkPath(linkPath) {
    const fail = (why) => {
        throw new LayoutError(`invalid image link path ${JSON.stringify(linkPath)}: ${why}`);
    };
    if (linkPath.includes('\0'))
        fail('contains NUL');
    if (linkPath.includes('\\'))
        fail('contains a backslash');
    const segments = linkPath.split('/');
    if (segments.length < 2)
        fail('expected <registry>/<repository>:<tag>');
    for (const s of segments) {
        // Each rule keeps the link inside its own subtree of the repository.
        if (s === '')
            fail('empty path segment (absolute path or "//")');
        if (s === '.' || s === '..')
            fail('"." or ".." segment');
    }
    if (segments[0].startsWith('.'))
        fail('the registry name may not start with "."');
    const last = segments[segments.length - 1];
    if (!last.includes(':') && !last.includes('@'))
        fail('the last segment has neither :tag nor @digest');
    return linkPath;
}
/** The public link: `<registry>/<repository>:<tag>`. */
function publicLink(linkPath) {
    return checkLinkPath(linkPath);
}
/** `.metadata/<registry>/<repository>:<tag>` */
function metadataDir(linkPath) {
    return `${METADATA_DIR}/${checkLinkPath(linkPath)}`;
}
/** `.multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>` */
function multiarchLink(linkPath, platform) {
    return `${MULTIARCH_DIR}/${archSegment(platform)}/${checkLinkPath(linkPath)}`;
}
/** `.metadata/.multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>` */
function multiarchMetadataDir(linkPath, platform) {
    return `${METADATA_DIR}/${multiarchLink(linkPath, platform)}`;
}
/**
 * The symlink target, relative to the link's own directory, that reaches the
 * flat dir: one `..` per directory the link sits in.
 * `registry.hub.docker.com/library/centos:centos7` → `../../.flat/7b/7b47…`.
 */
function relativeTarget(linkRelPath, configDigest) {
    const depth = linkRelPath.split('/').length - 1;
    return `${'../'.repeat(depth)}${flatDir(configDigest)}`;
}
/** The relative target of the public link of `linkPath`. */
function relativeLinkTarget(linkPath, configDigest) {
    return relativeTarget(publicLink(linkPath), configDigest);
}
/** The relative target of the `.multiarch` link of `linkPath` for one platform. */
function relativeMultiarchTarget(linkPath, platform, configDigest) {
    return relativeTarget(multiarchLink(linkPath, platform), configDigest);
}
/** Catalog markers that exist once per repository. */
const FIXED_CATALOG_MARKERS = [`${LAYERS_DIR}/${CATALOG_MARKER}`, `${FLAT_DIR}/${CATALOG_MARKER}`];
/**
 * Every `.cvmfscatalog` marker the layout asks for, for the given layers and
 * flat dirs: `.layers/`, `.layers/<xx>/`, each `layerfs/`, `.flat/`, each
 * `.flat/<xx>/<hex>/`. Sorted, no duplicates.
 */
function catalogMarkers(opts = {}) {
    const out = new Set(FIXED_CATALOG_MARKERS);
    for (const d of opts.layers ?? []) {
        const hex = digestHex(d);
        out.add(`${LAYERS_DIR}/${hex.slice(0, 2)}/${CATALOG_MARKER}`);
        out.add(`${layerfsDir(d)}/${CATALOG_MARKER}`);
    }
    for (const d of opts.flats ?? [])
        out.add(`${flatDir(d)}/${CATALOG_MARKER}`);
    return [...out].sort();
}


/***/ }),

/***/ 8079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Id: () => (/* binding */ writeLayerMetadata),
/* harmony export */   ct: () => (/* binding */ writeImageMetadata),
/* harmony export */   eL: () => (/* binding */ writeSyncRecord),
/* harmony export */   jl: () => (/* binding */ ensureCatalogMarkers),
/* harmony export */   q4: () => (/* binding */ syncRecordSchema),
/* harmony export */   sb: () => (/* binding */ METADATA_FILES),
/* harmony export */   u_: () => (/* binding */ listSyncRecords),
/* harmony export */   vK: () => (/* binding */ readSyncRecord),
/* harmony export */   xz: () => (/* binding */ recordsConfig),
/* harmony export */   zW: () => (/* binding */ addLayerOrigin)
/* harmony export */ });
/* unused harmony export readLayerOrigins */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5491);
/* harmony import */ var _atomic_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8599);
/* harmony import */ var _ducc_json_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1670);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6776);
/**
 * Metadata files of the layout: per layer (`layers.json`, `origin.json`)
 * and per published name (`manifest.json` in DUCC's form, the registry's raw
 * manifest bytes, the config, and our own `sync.json` record). All writes are
 * atomic (atomic.ts).
 */







/** Names of the files in `.metadata/<registry>/<repository>:<tag>/`. */
const METADATA_FILES = {
    /** DUCC's re-serialised manifest (read by DUCC's GC and tools). */
    manifest: 'manifest.json',
    /** The manifest exactly as the registry served it (its digest is the manifest digest). */
    rawManifest: 'manifest.raw.json',
    /** The image config blob as served. */
    config: 'config.json',
    /** Our record of the last sync (SyncRecord). */
    sync: 'sync.json',
};
/**
 * Writes `<layerDirAbs>/.metadata/layers.json` (and `external-links.json`
 * when the layer has hardlinks into lower layers). `layerDirAbs` is the
 * layer's directory, usually still under its temporary name.
 */
function writeLayerMetadata(layerDirAbs, info) {
    const meta = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(layerDirAbs, _layout_js__WEBPACK_IMPORTED_MODULE_5__/* .METADATA_DIR */ .ys);
    (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(meta, 'layers.json'), (0,_ducc_json_js__WEBPACK_IMPORTED_MODULE_4__/* .layersJson */ .FK)(info));
    if (info.externalLinks && info.externalLinks.length > 0) {
        (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(meta, 'external-links.json'), JSON.stringify(info.externalLinks));
    }
}
/** Adds `configDigest` to `<layerDirAbs>/.metadata/origin.json` once; rewrites only on change. */
function addLayerOrigin(layerDirAbs, configDigest) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(layerDirAbs, _layout_js__WEBPACK_IMPORTED_MODULE_5__/* .METADATA_DIR */ .ys, 'origin.json');
    let existing = [];
    let raw;
    try {
        raw = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    if (raw !== undefined) {
        try {
            existing = (0,_ducc_json_js__WEBPACK_IMPORTED_MODULE_4__/* .parseOrigin */ .ef)(raw);
        }
        catch (err) {
            throw new Error(`adding an origin to ${path}: the file is not an origin list`, { cause: err });
        }
    }
    const next = (0,_ducc_json_js__WEBPACK_IMPORTED_MODULE_4__/* .originJson */ .Tx)(existing, configDigest);
    if (next !== raw)
        (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)(path, next);
}
/** The origins recorded for a layer ([] when none). */
function readLayerOrigins(layerDirAbs) {
    try {
        return parseOrigin(readFileSync(join(layerDirAbs, METADATA_DIR, 'origin.json'), 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return [];
        throw err;
    }
}
/** Creates every `.cvmfscatalog` marker the layout asks for (for these layers and flats), never truncating one. */
function ensureCatalogMarkers(root, opts = {}) {
    for (const rel of (0,_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .catalogMarkers */ .Jb)(opts)) {
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, rel.slice(0, -(_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .CATALOG_MARKER */ .N9.length + 1)));
        // A marker goes only into a directory that exists or is one of the fixed top-level ones.
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(dir) && rel.split('/').length > 2)
            continue;
        (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .touchIfMissing */ .to)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, rel));
    }
}
const syncRecordSchema = zod__WEBPACK_IMPORTED_MODULE_6__/* .object */ .Ikc({
    ref: zod__WEBPACK_IMPORTED_MODULE_6__/* .string */ .YjP(),
    topDigest: zod__WEBPACK_IMPORTED_MODULE_6__/* .string */ .YjP(),
    manifestDigest: zod__WEBPACK_IMPORTED_MODULE_6__/* .string */ .YjP(),
    configDigest: zod__WEBPACK_IMPORTED_MODULE_6__/* .string */ .YjP(),
    platform: zod__WEBPACK_IMPORTED_MODULE_6__/* .string */ .YjP(),
    syncedAt: zod__WEBPACK_IMPORTED_MODULE_6__/* .string */ .YjP(),
});
/** Writes manifest.json, manifest.raw.json and config.json into a metadata dir (absolute). */
function writeImageMetadata(dirAbs, meta) {
    (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(dirAbs);
    (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dirAbs, METADATA_FILES.manifest), (0,_ducc_json_js__WEBPACK_IMPORTED_MODULE_4__/* .duccManifestJson */ .V3)(meta.manifest));
    (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dirAbs, METADATA_FILES.rawManifest), meta.manifestBytes);
    (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dirAbs, METADATA_FILES.config), meta.configBytes);
}
/** Writes sync.json into a metadata dir (absolute). */
function writeSyncRecord(dirAbs, record) {
    (0,_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dirAbs, METADATA_FILES.sync), JSON.stringify(syncRecordSchema.parse(record), null, 2) + '\n');
}
/**
 * The record of `linkPath` (`<registry>/<repository>:<tag>`), or of its
 * `.multiarch` entry for `platform`; undefined when there is none or it is
 * unreadable (a damaged record only costs a re-sync).
 */
async function readSyncRecord(root, linkPath, platform) {
    const dir = platform ? (0,_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .multiarchMetadataDir */ .a3)(linkPath, platform) : (0,_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .metadataDir */ .PQ)(linkPath);
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, dir, METADATA_FILES.sync), 'utf8');
    }
    catch {
        return undefined;
    }
    const parsed = syncRecordSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : undefined;
}
/**
 * Whether `.metadata/<linkPath>/` records `configDigest`: the image of a
 * result is the one its public name shows (not another platform's, which
 * lives under `.multiarch/` only). The outputs beside the tree (podman
 * store, thin images) are made for that one.
 */
function recordsConfig(root, linkPath, configDigest) {
    try {
        const parsed = syncRecordSchema.safeParse(safeJson((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, (0,_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .metadataDir */ .PQ)(linkPath), METADATA_FILES.sync), 'utf8')));
        return parsed.success && parsed.data.configDigest === configDigest;
    }
    catch {
        return false;
    }
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** Every sync record under `.metadata/` (for `ls`), sorted by link path. */
function listSyncRecords(root) {
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, _layout_js__WEBPACK_IMPORTED_MODULE_5__/* .METADATA_DIR */ .ys);
    const out = [];
    /** Reads `rel`'s record; false when it has no sync.json. */
    const read = (rel) => {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(base, rel, METADATA_FILES.sync), 'utf8');
        }
        catch {
            return false;
        }
        const parsed = syncRecordSchema.safeParse(safeJson(text));
        if (parsed.success)
            out.push({ linkPath: rel, record: parsed.data });
        return true;
    };
    const walk = (rel, depth) => {
        if (depth > 32)
            return;
        let entries;
        try {
            entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(base, rel), { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries) {
            const childRel = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory() && !e.name.startsWith('.tmp-')) {
                // A name's own directory (`repo:tag`, `repo@sha256:…`) holds its record and no names: read it without a
                // listing (10,000 names, 10,000 fewer readdirs). Others with a colon (`host:5000`, `arm:v7`) are walked.
                if (!((e.name.includes(':') || e.name.includes('@')) && read(childRel)))
                    walk(childRel, depth + 1);
            }
            else if (e.isFile() && e.name === METADATA_FILES.sync && rel) {
                read(rel);
            }
        }
    };
    walk('', 0);
    return out.sort((a, b) => (a.linkPath < b.linkPath ? -1 : a.linkPath > b.linkPath ? 1 : 0));
}


/***/ })

};
