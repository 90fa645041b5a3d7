export const id = 654;
export const ids = [654];
export const modules = {

/***/ 2654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   updatePodmanStore: () => (/* binding */ updatePodmanStore)
/* harmony export */ });
/* unused harmony exports storeNames, readStoreImage */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5491);
/* harmony import */ var _log_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4447);
/* harmony import */ var _repo_layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6776);
/* harmony import */ var _repo_metadata_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8079);
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4414);
/* harmony import */ var _layer_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4794);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5825);
/**
 * The engine's hook: after the images of a transaction are converted and
 * before it is committed, their store entries are added, read back from what
 * the transaction wrote (`.metadata/<name>/`, `.layers/…/.metadata/`), so the
 * engine hands over nothing but its results. One load and one save of the
 * two index files per transaction, whatever the number of images.
 *
 * What the store holds: each published name once, for the platform its
 * public link shows (the first one asked for); other platforms of a
 * multi-platform image are only under `.multiarch/` and not in the store
 * (containers/storage allows a name on one image only). A Docker Hub image
 * (`registry.hub.docker.com/…`) is also named `docker.io/…`, the name podman
 * resolves short names to.
 */









const manifestSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    layers: zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({ mediaType: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional(), digest: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP(), size: zod__WEBPACK_IMPORTED_MODULE_7__/* .number */ .aig() })),
});
const configSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    created: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional(),
    rootfs: zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({ diff_ids: zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP()) }),
});
const layersJsonSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({ 'diff-size': zod__WEBPACK_IMPORTED_MODULE_7__/* .number */ .aig().optional() })).optional();
const HUB = 'registry.hub.docker.com/';
/** The store's names of a published link path. */
function storeNames(linkPath) {
    return linkPath.startsWith(HUB) ? [linkPath, `docker.io/${linkPath.slice(HUB.length)}`] : [linkPath];
}
/** What addImage needs for the name `linkPath`, from the repository. */
function readStoreImage(root, linkPath, manifestDigest, configDigest) {
    const meta = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, (0,_repo_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .metadataDir */ .PQ)(linkPath));
    const manifestBytes = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(meta, _repo_metadata_js__WEBPACK_IMPORTED_MODULE_3__/* .METADATA_FILES */ .sb.rawManifest));
    const configBytes = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(meta, _repo_metadata_js__WEBPACK_IMPORTED_MODULE_3__/* .METADATA_FILES */ .sb.config));
    const manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    const config = configSchema.parse(JSON.parse(configBytes.toString('utf8')));
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== manifest.layers.length)
        throw new Error(`the config lists ${diffIds.length} diff IDs for ${manifest.layers.length} layers`);
    const layers = manifest.layers.flatMap((l, i) => {
        if ((0,_layer_index_js__WEBPACK_IMPORTED_MODULE_5__/* .isForeignLayer */ .sJ)(l.mediaType ?? ''))
            return [];
        let diffSize;
        try {
            diffSize = layersJsonSchema.parse(JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, (0,_repo_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .layerMetaDir */ .OP)(l.digest), 'layers.json'), 'utf8')))?.[0]?.['diff-size'];
        }
        catch {
            diffSize = undefined; // the size is informative only (podman images' SIZE column)
        }
        return [{ digest: l.digest, diffId: diffIds[i], compressedSize: l.size, diffSize }];
    });
    return {
        names: storeNames(linkPath),
        manifestDigest,
        configDigest,
        manifestBytes,
        configBytes,
        layers,
        created: config.created && !Number.isNaN(Date.parse(config.created)) ? config.created : new Date().toISOString(),
    };
}
/**
 * Adds the published images among `results` to the store under `root`.
 * Returns the results, an image whose entry could not be added marked
 * failed with the reason (its links stay: the next run adds it, as the
 * no-op check also asks for the store entry).
 */
function updatePodmanStore(root, results, logger) {
    const wanted = results.filter((r) => r.status !== 'failed' && r.configDigest && r.digest);
    if (wanted.length === 0)
        return results;
    const idx = new _store_js__WEBPACK_IMPORTED_MODULE_6__/* .StoreIndexes */ .o0(root);
    const failed = new Map();
    for (const r of wanted) {
        const linkPath = (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_4__/* .publicLinkPath */ .$O)((0,_reference_index_js__WEBPACK_IMPORTED_MODULE_4__/* .parseImageRef */ .Q)(r.ref));
        if (!(0,_repo_metadata_js__WEBPACK_IMPORTED_MODULE_3__/* .recordsConfig */ .xz)(root, linkPath, r.configDigest))
            continue; // not the platform of the public name
        try {
            (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .addImage */ .hk)(root, idx, readStoreImage(root, linkPath, r.digest, r.configDigest));
        }
        catch (err) {
            const reason = `adding to the podman store: ${(0,_log_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .describeError */ .U)(err)}`;
            logger.warn('podman store entry not added', { image: r.ref, error: reason });
            failed.set(r, reason);
        }
    }
    idx.save();
    return results.map((r) => (failed.has(r) ? { ...r, status: 'failed', error: failed.get(r) } : r));
}


/***/ }),

/***/ 5825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  o0: () => (/* binding */ StoreIndexes),
  hk: () => (/* binding */ addImage),
  gN: () => (/* binding */ reconcileStore)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/repo/atomic.ts
var atomic = __webpack_require__(8599);
// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
;// CONCATENATED MODULE: ./src/podman/index-file.ts
/**
 * layers.json and images.json: containers/storage reads each as one JSON
 * array, so every entry lives in one file. To keep an update cheap however
 * many entries the file holds, we write one entry per line:
 *
 *   [
 *   {"id":"<64 hex>",…},
 *   {"id":"<64 hex>",…}
 *   ]
 *
 * An update splits the file into lines and touches only the lines of the ids
 * it changes (it never parses or re-serialises the others): the work per
 * update is a byte copy of the file plus the new entries. A file in another
 * form (DUCC writes indented JSON, with duplicate ids) is parsed once,
 * de-duplicated (first entry of an id wins, as containers/storage does) and
 * rewritten one entry per line: DUCC's entries are kept.
 */
const LINE = /^\{"id":"([0-9a-f]{64})"/;
/** The file as a map id -> line (insertion order kept); undefined when the file is not in our form. */
function splitLines(text) {
    if (!text.startsWith('[\n') || !text.endsWith('\n]\n'))
        return undefined;
    const body = text.slice(2, -3);
    const out = new Map();
    if (body === '')
        return out;
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
        let line = lines[i];
        const last = i === lines.length - 1;
        if (!last) {
            if (!line.endsWith(','))
                return undefined;
            line = line.slice(0, -1);
        }
        const m = LINE.exec(line);
        if (!m || !line.endsWith('}') || out.has(m[1]))
            return undefined;
        out.set(m[1], line);
    }
    return out;
}
function parseWhole(text, what) {
    let data;
    try {
        data = text.trim() === '' ? [] : JSON.parse(text);
    }
    catch (err) {
        throw new Error(`reading ${what}: not JSON`, { cause: err });
    }
    if (!Array.isArray(data))
        throw new Error(`reading ${what}: not a JSON array`);
    const out = new Map();
    for (const e of data) {
        if (typeof e !== 'object' || e === null || typeof e.id !== 'string')
            continue;
        const entry = e;
        if (!out.has(entry.id))
            out.set(entry.id, serializeEntry(entry));
    }
    return out;
}
/** One entry as one line, `id` first. */
function serializeEntry(entry) {
    const { id, ...rest } = entry;
    return JSON.stringify({ id, ...rest });
}
class IndexFile {
    lines;
    changed = false;
    constructor(lines, converted) {
        this.lines = lines;
        this.changed = converted;
    }
    /** `text` undefined: the file does not exist yet. */
    static parse(text, what) {
        if (text === undefined)
            return new IndexFile(new Map(), true);
        const lines = splitLines(text);
        return lines ? new IndexFile(lines, false) : new IndexFile(parseWhole(text, what), true);
    }
    get size() {
        return this.lines.size;
    }
    get dirty() {
        return this.changed;
    }
    has(id) {
        return this.lines.has(id);
    }
    ids() {
        return this.lines.keys();
    }
    /** The entry of `id`, parsed (only this line is parsed). */
    get(id) {
        const line = this.lines.get(id);
        return line === undefined ? undefined : JSON.parse(line);
    }
    set(entry) {
        const line = serializeEntry(entry);
        if (this.lines.get(entry.id) === line)
            return;
        this.lines.set(entry.id, line);
        this.changed = true;
    }
    delete(id) {
        if (this.lines.delete(id))
            this.changed = true;
    }
    /** Every entry's line, unparsed. */
    entries() {
        return this.lines.entries();
    }
    serialize() {
        return this.lines.size === 0 ? '[\n]\n' : `[\n${[...this.lines.values()].join(',\n')}\n]\n`;
    }
}

// EXTERNAL MODULE: ./src/podman/layout.ts
var podman_layout = __webpack_require__(8951);
;// CONCATENATED MODULE: ./src/podman/store.ts
/**
 * Writes the podman store (layout.ts) inside an open transaction: per image
 * a few small files, then layers.json, then images.json, each replaced
 * atomically (write a temporary file, rename), so a reader sees the old
 * store or the new one and an entry never names what is not there yet.
 * On a dir target the writes are journaled (an abort puts the old store
 * back); on CVMFS the transaction makes them visible at publish only.
 */






function readText(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
}
function byteLength(b) {
    return typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength;
}
/** The store's two index files, loaded once per update. */
class StoreIndexes {
    layers;
    images;
    root;
    names;
    constructor(root) {
        this.root = root;
        this.layers = IndexFile.parse(readText((0,external_node_path_.join)(root, podman_layout/* LAYERS_JSON */.oe)), podman_layout/* LAYERS_JSON */.oe);
        this.images = IndexFile.parse(readText((0,external_node_path_.join)(root, podman_layout/* IMAGES_JSON */.QW)), podman_layout/* IMAGES_JSON */.QW);
    }
    /**
     * Which images have a name: built once per update from the lines (only
     * each line's `names` array is parsed), then kept up to date by addImage,
     * so taking a name from another image costs the same in any store size.
     */
    imagesNamed(name) {
        if (!this.names) {
            this.names = new Map();
            for (const [id, line] of this.images.entries()) {
                const m = /"names":(\[[^\]]*\])/.exec(line);
                if (!m)
                    continue;
                let list;
                try {
                    list = JSON.parse(m[1]);
                }
                catch {
                    list = this.images.get(id)?.names; // a name with a ']' in it: parse the whole line
                }
                for (const n of Array.isArray(list) ? list : [])
                    if (typeof n === 'string')
                        this.nameSet(n).add(id);
            }
        }
        return this.nameSet(name);
    }
    nameSet(name) {
        let s = this.names.get(name);
        if (!s)
            this.names.set(name, (s = new Set()));
        return s;
    }
    /** layers.json before images.json: an image never names a layer that is not listed. */
    save() {
        for (const d of podman_layout/* STORE_CATALOG_DIRS */.f2)
            (0,atomic/* ensureDir */.A0)((0,external_node_path_.join)(this.root, d));
        for (const d of podman_layout/* STORE_CATALOG_DIRS */.f2)
            (0,atomic/* touchIfMissing */.to)((0,external_node_path_.join)(this.root, d, layout/* CATALOG_MARKER */.N9));
        for (const f of podman_layout/* LOCK_FILES */.Cv)
            (0,atomic/* touchIfMissing */.to)((0,external_node_path_.join)(this.root, f));
        if (this.layers.dirty)
            (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(this.root, podman_layout/* LAYERS_JSON */.oe), this.layers.serialize());
        if (this.images.dirty)
            (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(this.root, podman_layout/* IMAGES_JSON */.QW), this.images.serialize());
    }
}
/** Adds (or updates) one image: its layer entries and directories, its files, its names. */
function addImage(root, idx, img, now = new Date()) {
    if (img.layers.length === 0)
        throw new Error('an image without layers cannot go into the podman store');
    const ids = (0,podman_layout/* chainIds */.sH)(img.layers.map((l) => l.diffId));
    const lowers = [];
    img.layers.forEach((layer, i) => {
        const id = ids[i];
        const parent = i > 0 ? ids[i - 1] : undefined;
        const dir = (0,external_node_path_.join)(root, (0,podman_layout/* layerStoreDir */.en)(id));
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, (0,layout/* layerDir */.pe)(layer.digest))))
            throw new Error(`layer ${layer.digest} is not in the repository`);
        const short = (0,podman_layout/* shortId */.m_)(id);
        // (Re)made when missing or dangling: the same chain may come from another blob of the same content.
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'diff')))
            (0,atomic/* replaceSymlink */.u3)((0,external_node_path_.join)(dir, 'diff'), (0,podman_layout/* diffTarget */.J1)(layer.digest));
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'link'))) {
            if (lowers.length)
                (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, 'lower'), lowers.join(':'));
            (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dir, 'link'), short);
        }
        replaceSymlinkIfDifferent((0,external_node_path_.join)(root, podman_layout/* LINK_DIR */.$z, short), `../${id}/diff`);
        if (!idx.layers.has(id)) {
            idx.layers.set({
                id,
                ...(parent ? { parent } : {}),
                created: now.toISOString(),
                'compressed-diff-digest': layer.digest,
                'compressed-size': layer.compressedSize,
                'diff-digest': layer.diffId,
                ...(layer.diffSize ? { 'diff-size': layer.diffSize } : {}),
            });
        }
        lowers.unshift(`l/${short}`);
    });
    const imageId = (0,layout/* digestHex */.sU)(img.configDigest);
    const dir = (0,external_node_path_.join)(root, (0,podman_layout/* imageStoreDir */.q1)(imageId));
    const manifestKey = `manifest-${img.manifestDigest}`;
    writeIfDifferent((0,external_node_path_.join)(dir, (0,podman_layout/* bigDataFileName */.cB)(img.configDigest)), img.configBytes);
    writeIfDifferent((0,external_node_path_.join)(dir, (0,podman_layout/* bigDataFileName */.cB)(manifestKey)), img.manifestBytes);
    writeIfDifferent((0,external_node_path_.join)(dir, 'manifest'), img.manifestBytes);
    // A name belongs to one image: taken from any other that has it (a moved tag).
    for (const name of img.names)
        takeName(idx, name, imageId);
    for (const name of img.names)
        idx.imagesNamed(name).add(imageId);
    const old = idx.images.get(imageId);
    const names = [...new Set([...(old?.names ?? []), ...img.names])];
    const bigNames = [...new Set([...(old?.['big-data-names'] ?? []), img.configDigest, manifestKey, 'manifest'])];
    const sizes = { ...(old?.['big-data-sizes'] ?? {}) };
    const digests = { ...(old?.['big-data-digests'] ?? {}) };
    sizes[img.configDigest] = byteLength(img.configBytes);
    sizes[manifestKey] = byteLength(img.manifestBytes);
    sizes.manifest = byteLength(img.manifestBytes);
    digests[img.configDigest] = img.configDigest;
    digests[manifestKey] = img.manifestDigest;
    digests.manifest = img.manifestDigest;
    const entry = {
        id: imageId,
        digest: img.manifestDigest,
        names,
        layer: ids.at(-1),
        'big-data-names': bigNames,
        'big-data-sizes': sizes,
        'big-data-digests': digests,
        created: old?.created ?? img.created,
    };
    idx.images.set(entry);
}
/** Removes `name` from every image other than `keep`; an image left without a name goes. */
function takeName(idx, name, keep) {
    const holders = idx.imagesNamed(name);
    for (const id of [...holders]) {
        if (id === keep)
            continue;
        holders.delete(id);
        const e = idx.images.get(id);
        const names = (e.names ?? []).filter((n) => n !== name);
        if (names.length === (e.names ?? []).length)
            continue;
        if (names.length)
            idx.images.set({ ...e, names });
        else
            idx.images.delete(id);
    }
}
function writeIfDifferent(path, data) {
    const want = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    try {
        if ((0,external_node_fs_.readFileSync)(path).equals(want))
            return;
    }
    catch {
        // missing: written below
    }
    (0,atomic/* writeFileAtomic */.Zf)(path, want);
}
function replaceSymlinkIfDifferent(path, target) {
    try {
        if ((0,external_node_fs_.readlinkSync)(path) === target)
            return;
    }
    catch {
        // missing
    }
    (0,atomic/* replaceSymlink */.u3)(path, target);
}
/**
 * After gc: the store keeps a name only while `.metadata/<name>/` exists, an
 * image only while it has a name, a layer only while its `.layers/` dir
 * exists and a kept image stands on it. Returns what was removed.
 */
function reconcileStore(root) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, podman_layout/* STORE_DIR */.SF)))
        return { images: 0, layers: 0 };
    const idx = new StoreIndexes(root);
    let images = 0;
    const used = new Set();
    for (const id of [...idx.images.ids()]) {
        const e = idx.images.get(id);
        const names = (e.names ?? []).filter((n) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, layout/* METADATA_DIR */.ys, linkPathOfName(n))));
        if (names.length === 0) {
            idx.images.delete(id);
            (0,atomic/* removeTree */.dM)((0,external_node_path_.join)(root, (0,podman_layout/* imageStoreDir */.q1)(id)));
            images++;
            continue;
        }
        if (names.length !== e.names.length)
            idx.images.set({ ...e, names });
        if (typeof e.layer === 'string')
            used.add(e.layer);
    }
    // Everything below a kept top layer is kept (parents).
    for (const top of [...used]) {
        let cur = top;
        for (let guard = 0; cur && guard < 1000; guard++) {
            used.add(cur);
            const parent = idx.layers.get(cur)?.parent;
            cur = typeof parent === 'string' ? parent : undefined;
        }
    }
    let layers = 0;
    for (const id of [...idx.layers.ids()]) {
        const e = idx.layers.get(id);
        const digest = e['compressed-diff-digest'];
        const present = typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, (0,layout/* layerDir */.pe)(digest)));
        if (used.has(id) && present)
            continue;
        idx.layers.delete(id);
        const link = readText((0,external_node_path_.join)(root, (0,podman_layout/* layerStoreDir */.en)(id), 'link'));
        if (link && /^[A-Z0-9]+$/.test(link))
            (0,atomic/* removeEntry */.b4)((0,external_node_path_.join)(root, podman_layout/* LINK_DIR */.$z, link));
        (0,atomic/* removeTree */.dM)((0,external_node_path_.join)(root, (0,podman_layout/* layerStoreDir */.en)(id)));
        layers++;
    }
    if (images || layers || idx.images.dirty || idx.layers.dirty)
        idx.save();
    return { images, layers };
}
/** The link path a store name stands for (`docker.io/…` is the alias of `registry.hub.docker.com/…`, hook.ts). */
function linkPathOfName(name) {
    return name.startsWith('docker.io/') ? `registry.hub.docker.com/${name.slice('docker.io/'.length)}` : name;
}


/***/ })

};
