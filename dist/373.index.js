export const id = 373;
export const ids = [373];
export const modules = {

/***/ 1373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyQuick: () => (/* binding */ applyQuick),
  buildTreeStep: () => (/* binding */ buildTreeStep),
  completeUnit: () => (/* binding */ completeUnit),
  convertUnit: () => (/* binding */ convertUnit),
  ensureShards: () => (/* binding */ ensureShards),
  fetchLayersOnly: () => (/* binding */ fetchLayersOnly),
  finishUnit: () => (/* binding */ finishUnit),
  prepareUnit: () => (/* binding */ prepareUnit),
  quickStep: () => (/* binding */ quickStep)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/registry/index.ts + 10 modules
var registry = __webpack_require__(2388);
// EXTERNAL MODULE: ./src/layer/index.ts + 13 modules
var src_layer = __webpack_require__(4794);
// EXTERNAL MODULE: ./src/repo/index.ts + 4 modules
var repo = __webpack_require__(7818);
;// CONCATENATED MODULE: ./src/convert/chains.ts
/**
 * Which trees a flat tree is built from where the target clones published
 * trees cheaply (CVMFS `transaction -T`), so that an update costs what
 * changed (issue 11, docs/cvmfs.md "Chains"). Pure; table-tested.
 *
 * A chain is the flattened tree of a prefix of the layer list, kept at
 * `.chains/<xx>/<chain ID>` with DUCC's chain IDs, so that DUCC's chains and
 * ours are one set. The flat tree starts as a clone of the longest published
 * prefix (a chain, or the bottom layer's own dir when it has no whiteouts)
 * and gets only the remaining layers and the Apptainer files. For an image of
 * n ≥ 3 layers, the chain of its first n-1 layers is kept too (one more
 * publish on a cold sync): the common update, a new top layer over the same
 * lower layers, then clones it and writes only the new layer.
 */


/** The steps that build `flat` (empty when it exists). */
function planTrees(input) {
    const { layers, flat } = input;
    const n = layers.length;
    if (n === 0 || input.exists(flat))
        return [];
    const ids = (0,repo/* chainIds */.sH)(layers);
    const range = (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
    /** The longest published prefix of at most k layers: [its length, its tree]. */
    const best = (k) => {
        for (let j = k; j >= 1; j--) {
            if (input.exists((0,repo/* chainDir */.DV)(ids[j - 1])))
                return [j, (0,repo/* chainDir */.DV)(ids[j - 1])];
            if (j === 1 && input.bottomClone)
                return [1, input.bottomClone];
        }
        return [0, undefined];
    };
    const steps = [];
    let [have, src] = best(n);
    if (have < n - 1 && n >= 3 && (input.keepChain ?? true)) {
        const chain = (0,repo/* chainDir */.DV)(ids[n - 2]);
        steps.push({ dst: chain, ...(src ? { src } : {}), layers: range(have, n - 1), flat: false });
        [have, src] = [n - 1, chain];
    }
    steps.push({ dst: flat, ...(src ? { src } : {}), layers: range(have, n), flat: true });
    return steps;
}

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
        whiteouts: [],
        fetched: [],
    };
}
/** The whole unit in one transaction: the flat tree is built here if it is missing. */
async function convertUnit(unit, top, ctx) {
    return completeUnit(await prepareUnit(unit, top, ctx), ctx);
}
/** A prepared unit finished in this transaction, its flat tree built the ordinary way if missing. */
async function completeUnit(p, ctx) {
    if (ctx.outputs?.flat === false) {
        await fetchLayersOnly(p, ctx); // --skip-flat: layers (and metadata) only
    }
    else if (!(0,external_node_fs_.existsSync)(p.flat)) {
        await buildFlat(p, ctx);
    }
    else {
        p.log.debug('flat tree present', { flat: p.flat });
        p.stats.layersReused = p.resolved.manifest.layers.length;
    }
    const results = finishUnit(p, ctx);
    // --skip-layers: the layers served to build the flat tree and go again (its files are its own).
    if (ctx.outputs?.layers === false)
        for (const dir of p.fetched)
            (0,repo/* removeTree */.dM)(dir);
    return results;
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
            link: ctx.outputs?.flat !== false,
        });
        results.push({
            ref: (0,reference/* formatImageRef */.kL)(n),
            status: 'published',
            digest: resolved.manifestDigest,
            configDigest: resolved.configDigest,
            platform: (0,registry.formatPlatform)(resolved.platform),
            ...(ctx.outputs?.flat === false ? {} : { path }),
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
        if (!(0,src_layer/* isForeignLayer */.sJ)(layer.mediaType))
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
    else {
        await fetchLayer(p, layer, diffId, dir, lower, ctx);
        p.fetched.push(dir);
    }
    if (ctx.storesWhiteouts) {
        // Also for a layer published before whose whiteouts did not get in (the ingest failed).
        const markers = readSidecar(dir).apply.markers ?? [];
        if (markers.length > 0 && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(ctx.root, (0,repo/* layerWhiteoutStamp */.SO)(layer.digest)))) {
            p.whiteouts.push({ layerfs: (0,repo/* layerfsDir */.iW)(layer.digest), markers, stamp: (0,repo/* layerWhiteoutStamp */.SO)(layer.digest) });
        }
    }
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
    return planSteps(p, ctx.root);
}
/**
 * Clone mode, each further transaction: one tree of the plan (see chains.ts),
 * opened with its clone source already copied to `step.dst` by the server (or,
 * without one, built under a temporary name and renamed into place): the
 * step's layers applied on top, for the flat tree then the Apptainer files.
 * The repository's content is not written twice.
 */
async function buildTreeStep(p, step, ctx) {
    const layers = distributableLayers(p);
    const dst = (0,external_node_path_.join)(ctx.root, step.dst);
    const tree = step.src ? dst : readableTempDir(ctx, (0,external_node_path_.dirname)(dst), step.flat ? 'flat' : 'chain');
    try {
        for (const i of step.layers) {
            ctx.signal?.throwIfAborted();
            const { layer } = layers[i];
            const dir = (0,external_node_path_.join)(ctx.root, (0,repo/* layerDir */.pe)(layer.digest));
            await (0,src_layer/* applyLayer */.cV)((0,external_node_path_.join)(dir, 'layerfs'), tree, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
        }
        if (step.flat)
            finishFlat(p, tree);
        else
            (0,src_layer/* keepingDirTimes */.Di)(tree, () => (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(tree, '.cvmfscatalog')));
        if (!step.src)
            (0,repo/* renameIntoPlace */.Qf)(tree, dst);
    }
    catch (err) {
        if (!step.src)
            (0,external_node_fs_.rmSync)(tree, { recursive: true, force: true });
        throw err;
    }
}
/** Apptainer's files and the catalog marker, keeping the times of the root and `etc/`-like dirs the image gave. */
function finishFlat(p, flat) {
    (0,src_layer/* keepingDirTimes */.Di)(flat, () => {
        (0,repo/* makeApptainerReady */.kZ)(flat, p.resolved.config.config ?? {}, p.log);
        (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(flat, '.cvmfscatalog'));
    });
}
/**
 * An update whose flat tree is one clone away: a published chain of all its
 * layers but at most the top one, and the flat dir's parent published. Then
 * one transaction does it all (see applyQuick). Undefined: the ordinary plan.
 */
function quickStep(p, root) {
    const layers = distributableLayers(p);
    if (layers.length !== p.resolved.manifest.layers.length || layers.length < 2)
        return undefined;
    const flat = (0,external_node_path_.relative)(root, p.flat);
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, (0,external_node_path_.dirname)(flat))))
        return undefined;
    const steps = planTrees({ layers: layers.map((l) => l.layer.digest), flat, exists: (rel) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, rel)) });
    const [only] = steps;
    return steps.length === 1 && only?.src !== undefined && only.src.startsWith(`${repo/* CHAINS_DIR */.Vb}/`) ? only : undefined;
}
/**
 * The one transaction of a quick update (opened with the chain cloned at the
 * flat dir): the missing layers fetched into .layers/, the step's layers
 * applied from them (what each layer says, not a read-back), the Apptainer
 * files. Their whiteouts are stored after the publish (Prepared.whiteouts).
 */
async function applyQuick(p, step, ctx) {
    const below = [];
    for (const { layer, diffId } of distributableLayers(p)) {
        ctx.signal?.throwIfAborted();
        const lowerDirs = [...below].reverse();
        const dir = await ensureLayer(p, layer, diffId, ctx, { resolveExternalLink: (t) => findInLayers(lowerDirs, t) });
        below.push((0,external_node_path_.join)(dir, 'layerfs'));
    }
    await buildTreeStep(p, step, ctx);
}
/** Every `<xx>` shard of .flat/ and .chains/: a later clone into any of them is then on a published path. */
function ensureShards(root) {
    for (let i = 0; i < 256; i++) {
        const xx = i.toString(16).padStart(2, '0');
        (0,repo/* ensureDir */.A0)((0,external_node_path_.join)(root, repo/* FLAT_DIR */.wo, xx));
        (0,repo/* ensureDir */.A0)((0,external_node_path_.join)(root, repo/* CHAINS_DIR */.Vb, xx));
    }
}
/**
 * The trees to build for this image's flat tree, in order (chains.ts), their
 * parent dirs created in this (the layers') transaction: the real server
 * refuses `-T` into a parent that is not published ("not on a known path").
 * Undefined: build it the ordinary way (a layer the image skips).
 */
function planSteps(p, root) {
    const layers = distributableLayers(p);
    if (layers.length !== p.resolved.manifest.layers.length || layers.length === 0)
        return undefined;
    const bottom = layers[0].layer.digest;
    const steps = planTrees({
        layers: layers.map((l) => l.layer.digest),
        flat: (0,external_node_path_.relative)(root, p.flat),
        bottomClone: readSidecar((0,external_node_path_.join)(root, (0,repo/* layerDir */.pe)(bottom))).whiteouts === 0 ? (0,repo/* layerfsDir */.iW)(bottom) : undefined,
        exists: (rel) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, rel)),
    });
    for (const step of steps) {
        (0,repo/* ensureDir */.A0)((0,external_node_path_.join)(root, (0,external_node_path_.dirname)(step.dst)));
        if (!step.flat) {
            // As DUCC: a catalog for .chains/ and each .chains/<xx>/.
            (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(root, repo/* CHAINS_DIR */.Vb, repo/* CATALOG_MARKER */.N9));
            (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(root, (0,external_node_path_.dirname)(step.dst), repo/* CATALOG_MARKER */.N9));
        }
    }
    return steps;
}
async function buildFlat(p, ctx) {
    const tmpFlat = readableTempDir(ctx, (0,external_node_path_.dirname)(p.flat), 'flat');
    try {
        for (const { layer, diffId } of distributableLayers(p)) {
            ctx.signal?.throwIfAborted();
            // A hardlink to a file of a lower layer: its content is in the flat tree built so far
            // (resolved inside that tree, never through a symlink out of it).
            const dir = await ensureLayer(p, layer, diffId, ctx, { lowerRoot: tmpFlat });
            await (0,src_layer/* applyLayer */.cV)((0,external_node_path_.join)(dir, 'layerfs'), tmpFlat, { ...readSidecar(dir).apply, logger: p.log, label: `${p.name} layer ${layer.digest}` });
        }
        finishFlat(p, tmpFlat);
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
        const p = (0,src_layer/* resolveParentInRoot */.i0)(root, target);
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
        const result = await (0,src_layer/* extractLayer */.tP)(blob, (0,external_node_path_.join)(tmp, 'layerfs'), {
            mediaType: layer.mediaType,
            expectedDiffId: diffId,
            limits: ctx.limits,
            label: `${p.name} layer ${layer.digest}`,
            logger: ctx.logger,
            ...lower,
        });
        // The marker must not cost the layer's `./` entry its mtime.
        (0,src_layer/* keepingDirTimes */.Di)((0,external_node_path_.join)(tmp, 'layerfs'), () => (0,repo/* touchIfMissing */.to)((0,external_node_path_.join)(tmp, 'layerfs', '.cvmfscatalog')));
        (0,repo/* writeLayerMetadata */.Id)(tmp, {
            diffId: result.diffId,
            digest: layer.digest,
            size: result.uncompressedSize,
            created: p.resolved.config.created,
        });
        (0,repo/* writeFileAtomic */.Zf)((0,external_node_path_.join)(tmp, '.metadata', SIDECAR), JSON.stringify({ ...(0,src_layer/* sidecarOf */.hQ)(result), whiteouts: result.whiteouts }));
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
    return { apply: (0,src_layer/* applyOptionsOf */.OL)((0,src_layer/* parseSidecar */.L0)(text)), whiteouts: counted.success ? counted.data.whiteouts : undefined };
}


/***/ })

};
