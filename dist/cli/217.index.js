export const id = 217;
export const ids = [217];
export const modules = {

/***/ 891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  I6: () => (/* reexport */ outputs/* outputOptions */.I6),
  S: () => (/* reexport */ syncImages)
});

// UNUSED EXPORTS: DEFAULT_BATCH, DEFAULT_PLATFORM, isUnchanged, planUnits

// EXTERNAL MODULE: ./src/convert/outputs.ts + 1 modules
var outputs = __webpack_require__(2091);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/registry/index.ts + 10 modules
var registry = __webpack_require__(2388);
// EXTERNAL MODULE: ./src/repo/index.ts + 4 modules
var repo = __webpack_require__(7818);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
;// CONCATENATED MODULE: ./src/convert/plan.ts
/**
 * Pure decisions of a sync: what a request expands to, and whether a stored
 * record already matches what the registry serves now.
 */


const DEFAULT_PLATFORM = { os: 'linux', architecture: 'amd64' };
function planUnits(requests) {
    const units = [];
    const seen = new Set();
    for (const req of requests) {
        const platforms = req.platforms?.length ? req.platforms : [DEFAULT_PLATFORM];
        const names = [req.ref, ...(req.extraTags ?? []).filter((t) => t !== req.ref.tag).map((t) => (0,reference/* withTag */.Rd)(req.ref, t))];
        platforms.forEach((platform, i) => {
            const key = `${(0,reference/* formatImageRef */.kL)(req.ref)} ${(0,registry.formatPlatform)(platform)} ${names.map(reference/* formatImageRef */.kL).join(',')}`;
            if (seen.has(key))
                return; // the same request twice in one batch is done once
            seen.add(key);
            units.push({ ref: req.ref, platform, names, multiarch: platforms.length > 1, primary: i === 0 });
        });
    }
    return units;
}
/**
 * A unit needs no work when, for every name, the stored record shows the
 * same top-level digest (tag unchanged upstream), the same platform, and the
 * flat tree it points at is present.
 */
function isUnchanged(unit, topDigest, records, flatExists) {
    const platform = (0,registry.formatPlatform)(unit.platform);
    return records.every((r) => r !== undefined && r.topDigest === topDigest && r.platform === platform && flatExists(r.configDigest));
}
function linkPathsOf(unit) {
    return unit.names.map(reference/* publicLinkPath */.$O);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/convert/ducc.ts
/**
 * Taking over a repository that DUCC wrote (issue 11, docs/cvmfs.md
 * "Migration from DUCC"): DUCC leaves `.metadata/<name>/manifest.json` (its
 * re-serialisation of the manifest) and the public link, but none of our
 * `sync.json`. An image DUCC published is unchanged for us when the registry
 * still serves the manifest DUCC stored (same config and layers), the link
 * points at that flat tree, and the tree is there: then nothing is published.
 */




/** What DUCC left for one public name, or undefined (no readable manifest.json). */
function readDuccImage(root, linkPath) {
    let parsed;
    try {
        parsed = (0,repo/* parseDuccManifest */.uO)((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, repo/* METADATA_DIR */.ys, linkPath, 'manifest.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
    let linkTarget;
    try {
        linkTarget = (0,external_node_fs_.readlinkSync)((0,external_node_path_.join)(root, linkPath));
    }
    catch {
        linkTarget = undefined;
    }
    return { ...parsed, linkTarget };
}
const imageManifest = schemas/* object */.Ikc({
    config: schemas/* object */.Ikc({ digest: schemas/* string */.YjP() }),
    layers: schemas/* array */.YOg(schemas/* object */.Ikc({ digest: schemas/* string */.YjP() })),
});
/**
 * Pure: whether the manifest the tag points at now is the one DUCC published
 * under `linkPath` (an image manifest, not an index: DUCC stores the
 * platform's manifest, and an index would need another request to compare).
 */
function duccUnchanged(linkPath, top, ducc, flatExists) {
    if (!ducc)
        return false;
    let m;
    try {
        const parsed = imageManifest.safeParse(JSON.parse(top.raw.toString('utf8')));
        if (!parsed.success)
            return false;
        m = parsed.data;
    }
    catch {
        return false;
    }
    return (m.config.digest === ducc.configDigest &&
        m.layers.length === ducc.layerDigests.length &&
        m.layers.every((l, i) => l.digest === ducc.layerDigests[i]) &&
        ducc.linkTarget === (0,repo/* relativeLinkTarget */.sx)(linkPath, ducc.configDigest) &&
        flatExists(ducc.configDigest));
}

;// CONCATENATED MODULE: ./src/convert/sync.ts
/**
 * syncImages: the engine. Phase one, outside any transaction: one manifest
 * request per unit (several at a time) decides whether anything changed; a
 * run where nothing did opens no transaction. Phase two: convert what
 * changed in bounded batches, each image on its own (one failure never stops
 * the others), one commit per batch (see publishBatch for CVMFS).
 */










/** Manifest checks in flight at once (a recipe of many images on remote registries). */
const PHASE_ONE_CONCURRENCY = 8;
async function syncImages(requests, opts) {
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const client = opts.client ?? new registry.RegistryClient({ credentials: registry.CredentialStore.fromEnvironment(), logger });
    try {
        return await syncWith(requests, { ...opts, logger, client });
    }
    finally {
        // A client made here is closed here (its keep-alive connections); a caller's is the caller's.
        if (!opts.client)
            await client.close();
    }
}
async function syncWith(requests, opts) {
    const { publisher, logger, client } = opts;
    const emit = opts.onEvent ?? (() => { });
    const results = [];
    const pending = [];
    const done = (result) => {
        if (opts.deferRateLimited && result.status === 'failed' && result.retryAt)
            result = { ...result, status: 'deferred' };
        results.push(result);
        emit({ type: 'image-done', result });
    };
    // Phase one: what changed? Read-only, no transaction (a no-op run opens none).
    const units = planUnits(requests);
    const inStore = (0,outputs/* storeCheck */.ez)(opts.outputs);
    const checked = await mapLimit(units, PHASE_ONE_CONCURRENCY, async (unit) => {
        const started = Date.now();
        emit({ type: 'image-start', ref: (0,reference/* formatImageRef */.kL)(unit.names[0]) });
        try {
            const paths = linkPathsOf(unit);
            const records = await Promise.all(paths.map((p) => (0,repo/* readSyncRecord */.vK)(publisher.root, p, unit.multiarch ? unit.platform : undefined)));
            const flatExists = (configDigest) => (opts.outputs?.flat === false || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(publisher.root, (0,repo/* flatDir */.ZO)(configDigest)))) &&
                (unit.multiarch && !unit.primary ? true : inStore(publisher.root, configDigest));
            const unchangedResults = (recorded) => ({
                results: unit.names.map((n, i) => ({
                    ref: (0,reference/* formatImageRef */.kL)(n),
                    status: 'unchanged',
                    digest: recorded[i]?.manifestDigest,
                    configDigest: recorded[i]?.configDigest,
                    platform: (0,registry.formatPlatform)(unit.platform),
                    path: (0,external_node_path_.join)(publisher.root, paths[i]),
                    timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
                })),
            });
            // The digest now served: a pinned digest needs no request; a tag is asked with HEAD (not a pull on Docker Hub).
            // Nothing stored yet: no HEAD, the GET is needed anyway.
            const known = records.every((r) => r !== undefined);
            const current = unit.ref.digest ?? (known ? await headDigest(client, unit.ref) : undefined);
            const unchanged = (digest) => isUnchanged(unit, digest, records, flatExists);
            if (current === undefined || !unchanged(current)) {
                // New, moved, or the registry sends no digest on HEAD: one GET (a pull) of the top manifest.
                const top = await client.fetchManifest(unit.ref);
                // An image cvmfs_ducc published (no sync.json of ours): unchanged when the registry still serves what DUCC stored.
                if (!unit.multiarch && records.every((r) => r === undefined)) {
                    const ducc = paths.map((p) => readDuccImage(publisher.root, p));
                    if (paths.every((p, i) => duccUnchanged(p, top, ducc[i], flatExists))) {
                        return unchangedResults(ducc.map((d) => ({ configDigest: d?.configDigest })));
                    }
                }
                if (!unchanged(top.digest))
                    return { pending: { unit, top, started } };
            }
            return unchangedResults(records);
        }
        catch (err) {
            return { results: [failure(unit, started, err)] };
        }
    });
    for (const c of checked) {
        if (c.pending)
            pending.push(c.pending);
        else
            for (const r of c.results)
                done(r);
    }
    if (pending.length === 0)
        return results;
    // Phase two: transactions of at most `batch` images / bytes for what changed.
    await publisher.recover();
    const limit = { ...DEFAULT_BATCH, ...opts.batch };
    for (let next = 0; next < pending.length;) {
        if (opts.signal?.aborted) {
            // Interrupted between batches: nothing more is started; each image says so.
            for (const p of pending.slice(next))
                done(failure(p.unit, p.started, new Error('interrupted before it started', { cause: opts.signal.reason })));
            break;
        }
        next = await publishBatch(pending, next, limit, { ...opts, client, logger, emit, done });
    }
    return (0,outputs/* afterPublish */.O2)(results, publisher, opts.outputs, logger, opts.signal);
}
const DEFAULT_BATCH = { images: 50, bytes: 20 * 1024 ** 3 };
/**
 * Converts pending units from `start` until the batch is full; returns the
 * next index. Ordinarily one transaction. Where the publisher clones cheaply
 * (CVMFS), the batch's missing layers are published first, then each new
 * flat tree starts as a server-side clone of its bottom layer in a
 * transaction of its own: a layer's content is published once, not twice.
 */
async function publishBatch(pending, start, limit, ctx) {
    // Loaded only when something changed: a no-op run never compiles the unpacking code.
    const image = await Promise.all(/* import() */[__webpack_require__.e(794), __webpack_require__.e(373)]).then(__webpack_require__.bind(__webpack_require__, 1373));
    const { publisher, client, logger, emit } = ctx;
    // Clone mode publishes layers and flat trees apart: not when one of them is skipped.
    const cloning = publisher.canClone && ctx.outputs?.flat !== false && ctx.outputs?.layers !== false;
    const convertCtx = (txn, p) => ({
        client, txn, root: txn.root, logger, emit, signal: ctx.signal, limits: ctx.limits, started: p.started, outputs: ctx.outputs,
        storesWhiteouts: publisher.storeWhiteouts !== undefined,
    });
    const deferred = [];
    let next = start;
    // Where the publisher clones: each unit resolved first, outside any transaction. An update
    // one clone away from a published chain gets one transaction of its own (`quick`); the rest
    // share the batch's transaction (their layers) and then one per tree (buildTrees).
    const quick = [];
    const preparedAt = new Map();
    let end = start;
    if (cloning) {
        for (; end < pending.length && end - start < limit.images; end++) {
            const p = pending[end];
            if (ctx.signal?.aborted)
                break;
            try {
                const prepared = await image.prepareUnit(p.unit, p.top, { client, logger, root: publisher.root });
                const step = (0,external_node_fs_.existsSync)(prepared.flat) ? undefined : image.quickStep(prepared, publisher.root);
                if (step)
                    quick.push({ p, prepared, step });
                else
                    preparedAt.set(end, prepared);
            }
            catch (err) {
                ctx.done(failure(p.unit, p.started, err));
            }
        }
    }
    const shared = cloning ? [...preparedAt.keys()] : undefined;
    let ran = false;
    if (shared === undefined || shared.length > 0) {
        await inTransaction(ctx, {}, async (txn, out) => {
            ran = true;
            let bytes = 0;
            const more = () => (shared ? shared.length > 0 : next < pending.length && next - start < limit.images && bytes < limit.bytes);
            for (; more(); next++) {
                if (shared)
                    next = shared.shift();
                const p = pending[next];
                if (ctx.signal?.aborted) {
                    out.push(failure(p.unit, p.started, new Error('interrupted before it started', { cause: ctx.signal.reason })));
                    continue;
                }
                try {
                    const cctx = convertCtx(txn, p);
                    const prepared = preparedAt.get(next);
                    if (prepared && (0,external_node_fs_.existsSync)(prepared.flat)) {
                        out.push(...image.finishUnit(prepared, cctx));
                    }
                    else if (prepared) {
                        const steps = await image.fetchLayersOnly(prepared, cctx);
                        image.ensureShards(txn.root);
                        deferred.push({ p, prepared, steps });
                    }
                    else {
                        const rs = await image.convertUnit(p.unit, p.top, cctx);
                        bytes += rs[0]?.timings.bytesDownloaded ?? 0;
                        out.push(...rs);
                    }
                }
                catch (err) {
                    out.push(failure(p.unit, p.started, err));
                }
            }
            return deferred.length > 0;
        }).catch((err) => {
            if (!ran) {
                // The transaction could not be opened: every image of the batch fails with the cause.
                const last = cloning ? end : Math.min(pending.length, start + limit.images);
                for (const [i, p] of pending.slice(start, last).entries())
                    if (!cloning || preparedAt.has(start + i))
                        ctx.done(failure(p.unit, p.started, err));
                next = last;
            }
            for (const d of deferred.splice(0))
                ctx.done(failure(d.p.unit, d.p.started, err));
        });
    }
    if (cloning)
        next = end;
    await storeWhiteouts(deferred, ctx);
    for (const { p, prepared, steps } of deferred) {
        if (ctx.signal?.aborted) {
            ctx.done(failure(p.unit, p.started, new Error('interrupted before its flat tree was built', { cause: ctx.signal.reason })));
            continue;
        }
        await buildTrees(p, prepared, (0,external_node_fs_.existsSync)(prepared.flat) ? [] : steps, ctx, image, convertCtx);
    }
    for (const { p, prepared, step } of quick) {
        if (ctx.signal?.aborted) {
            ctx.done(failure(p.unit, p.started, new Error('interrupted before it started', { cause: ctx.signal.reason })));
            continue;
        }
        let reported = false;
        await inTransaction(ctx, { clone: { src: step.src, dst: step.dst } }, async (txn, out) => {
            reported = true;
            try {
                const cctx = convertCtx(txn, p);
                await image.applyQuick(prepared, step, cctx);
                out.push(...image.finishUnit(prepared, cctx));
            }
            catch (err) {
                out.push(failure(p.unit, p.started, err));
            }
            return false;
        }).catch((err) => {
            if (!reported)
                ctx.done(failure(p.unit, p.started, err));
        });
        const store = publisher.storeWhiteouts?.bind(publisher);
        // The image is published; its new layers' whiteouts follow (a later sync retries them: the stamp).
        if (store && prepared.whiteouts.length > 0)
            await store(prepared.whiteouts, ctx.logger).catch((err) => ctx.logger.error('storing layer whiteouts failed', { image: prepared.name, error: (0,errors/* describeError */.U)(err) }));
    }
    return next;
}
/**
 * The trees of one image's plan, each in a transaction of its own opened with
 * its clone (one `-T` per transaction), the flat tree last with the
 * metadata and links; without a plan (or with its flat tree there meanwhile)
 * one transaction builds what is missing the ordinary way. Reports the image.
 */
async function buildTrees(p, prepared, steps, ctx, image, convertCtx) {
    const { publisher } = ctx;
    const last = steps?.length ? steps.length - 1 : 0;
    for (let i = 0; i <= last; i++) {
        const step = steps?.[i];
        let reported = false;
        let ok = true;
        await inTransaction(ctx, step?.src ? { clone: { src: step.src, dst: step.dst } } : {}, async (txn, out) => {
            reported = i === last;
            try {
                const cctx = convertCtx(txn, p);
                if (step)
                    await image.buildTreeStep(prepared, step, cctx);
                if (i === last)
                    out.push(...(await image.completeUnit(prepared, cctx)));
                return true;
            }
            catch (err) {
                ok = false;
                reported = true;
                out.push(failure(p.unit, p.started, err));
                return false;
            }
        }).catch((err) => {
            ok = false;
            if (!reported)
                ctx.done(failure(p.unit, p.started, err));
            reported = true;
        });
        if (!ok)
            return;
        if (step && !step.flat)
            ctx.logger.debug('chain published', { image: prepared.name, chain: step.dst, from: step.src ?? 'nothing', layers: step.layers.length, target: publisher.describe() });
    }
}
/**
 * The whiteouts of the layers just published, where the target's commit
 * dropped them (cvmfs): one ingest for the batch. If that fails, the images
 * with such layers fail (their flat trees are not built), and a later sync
 * stores them (the stamp file is missing).
 */
async function storeWhiteouts(deferred, ctx) {
    const store = ctx.publisher.storeWhiteouts?.bind(ctx.publisher);
    const byDir = new Map(deferred.flatMap((d) => d.prepared.whiteouts).map((w) => [w.layerfs, w]));
    if (!store || byDir.size === 0)
        return;
    try {
        await store([...byDir.values()], ctx.logger);
    }
    catch (err) {
        for (let i = deferred.length - 1; i >= 0; i--) {
            const d = deferred[i];
            if (d.prepared.whiteouts.length === 0)
                continue;
            deferred.splice(i, 1);
            ctx.done(failure(d.p.unit, d.p.started, err));
        }
    }
}
/**
 * Runs `work` in one transaction and reports its results: committed when an
 * image was converted (or `work` says it wrote something worth keeping),
 * aborted otherwise; when the commit fails, every image of it fails with the
 * cause (which is also thrown).
 */
async function inTransaction(ctx, begin, work) {
    const { publisher, logger, emit } = ctx;
    let out = [];
    let txn;
    try {
        txn = await publisher.begin({ ...begin, logger });
        const keep = await work(txn, out);
        out = await (0,outputs/* beforeCommit */.LQ)(txn.root, out, ctx.outputs, logger);
        if (keep || out.some((r) => r.status !== 'failed')) {
            const t0 = Date.now();
            emit({ type: 'publish-start', target: publisher.describe() });
            await txn.commit();
            emit({ type: 'publish-done', target: publisher.describe(), ms: Date.now() - t0 });
        }
        else {
            await txn.abort(new Error('no image converted'));
        }
    }
    catch (err) {
        if (txn)
            await txn.abort(err).catch((abortErr) => logger.error('aborting the transaction failed', { error: String(abortErr) }));
        out = out.map((r) => r.status === 'failed' ? r : { ...r, status: 'failed', error: `publishing ${publisher.describe()}: ${(0,errors/* describeError */.U)(err)}`, path: undefined });
        throw err;
    }
    finally {
        for (const r of out)
            ctx.done(r);
    }
}
function failure(unit, started, err) {
    const limited = (0,registry.rateLimitCause)(err);
    return {
        ...(limited ? { retryAt: new Date(limited.retryAt).toISOString() } : {}),
        ref: (0,reference/* formatImageRef */.kL)(unit.names[0]),
        status: 'failed',
        platform: (0,registry.formatPlatform)(unit.platform),
        // The reason only: whoever reports it names the image (ref) beside it.
        error: (0,errors/* describeError */.U)(err),
        timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
    };
}
/**
 * The top-level digest the registry serves for `ref` now, from a HEAD; undefined
 * when it sends no Docker-Content-Digest, or refuses HEAD (then the caller GETs).
 */
async function headDigest(client, ref) {
    try {
        return (await client.headManifest(ref)).digest;
    }
    catch (err) {
        // Not found, unauthorized, rate limited or down: the GET would say the same; anything else may be HEAD itself.
        if (!(err instanceof registry.RegistryError) || err.temporary || err.notFound || err.status === 401 || err.status === 403)
            throw err;
        return undefined;
    }
}
/** `fn` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

;// CONCATENATED MODULE: ./src/convert/index.ts





/***/ }),

/***/ 2091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O2: () => (/* binding */ afterPublish),
  LQ: () => (/* binding */ beforeCommit),
  I6: () => (/* binding */ outputOptions),
  ez: () => (/* binding */ storeCheck)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
// EXTERNAL MODULE: ./src/podman/layout.ts
var podman_layout = __webpack_require__(8951);
;// CONCATENATED MODULE: ./src/podman/present.ts
/**
 * Whether the store has an image: asked by the no-op check of every sync, so
 * this module stays small (no schemas, no unpacking code).
 */




function storeHasImage(root, configDigest) {
    try {
        return (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, (0,podman_layout/* imageStoreDir */.q1)((0,layout/* digestHex */.sU)(configDigest)), 'manifest'));
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/convert/outputs.ts

/** Before commit: the results with the store's verdict (an image whose entry failed is failed). */
async function beforeCommit(root, results, outputs, logger) {
    if (outputs?.podman === false || outputs?.layers === false)
        return results;
    const { updatePodmanStore } = await Promise.all(/* import() */[__webpack_require__.e(794), __webpack_require__.e(654)]).then(__webpack_require__.bind(__webpack_require__, 2654));
    return updatePodmanStore(root, results, logger);
}
/** Phase one's extra condition for "unchanged": the store has the image (when the store is on). */
function storeCheck(outputs) {
    if (outputs?.podman === false || outputs?.layers === false)
        return () => true;
    return storeHasImage;
}
/** After the last publish: thin images of what was published (when asked for). */
async function afterPublish(results, publisher, outputs, logger, signal) {
    if (!outputs?.thin || outputs.layers === false || !results.some((r) => r.status === 'published' || r.status === 'updated'))
        return results;
    const { pushThinImages } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(794), __webpack_require__.e(123)]).then(__webpack_require__.bind(__webpack_require__, 7123));
    return pushThinImages(results, publisher, outputs.thin, logger, signal);
}
/**
 * The outputs the switches ask for. As in DUCC, --skip-layers implies
 * --skip-podman and --skip-thin-image (both stand on the layer dirs), and a
 * thin image is pushed only when it has a name. Throws when nothing would
 * be published.
 */
function outputOptions(s) {
    if (s.skipFlat && s.skipLayers)
        throw new Error('--skip-flat and --skip-layers together leave nothing to publish');
    const out = {};
    if (s.skipFlat)
        out.flat = false;
    if (s.skipLayers)
        out.layers = false;
    if (s.skipPodman || s.skipLayers)
        out.podman = false;
    if (s.thinImageName && !s.skipThinImage && !s.skipLayers) {
        out.thin = { nameFormat: s.thinImageName, ...(s.user ? { user: s.user } : {}), ...(s.password !== undefined ? { password: s.password } : {}) };
    }
    return out;
}


/***/ }),

/***/ 8951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $z: () => (/* binding */ LINK_DIR),
/* harmony export */   Cv: () => (/* binding */ LOCK_FILES),
/* harmony export */   J1: () => (/* binding */ diffTarget),
/* harmony export */   QW: () => (/* binding */ IMAGES_JSON),
/* harmony export */   SF: () => (/* binding */ STORE_DIR),
/* harmony export */   cB: () => (/* binding */ bigDataFileName),
/* harmony export */   en: () => (/* binding */ layerStoreDir),
/* harmony export */   f2: () => (/* binding */ STORE_CATALOG_DIRS),
/* harmony export */   m_: () => (/* binding */ shortId),
/* harmony export */   oe: () => (/* binding */ LAYERS_JSON),
/* harmony export */   q1: () => (/* binding */ imageStoreDir),
/* harmony export */   sH: () => (/* binding */ chainIds)
/* harmony export */ });
/* unused harmony exports OVERLAY_DIR, LAYERS_META_DIR, IMAGES_META_DIR */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _repo_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6776);
/**
 * The podman additional image store (`podmanStore/`): a read-only
 * containers/storage store with the overlay driver, whose layers are the
 * repository's unpacked layers (never copied). Paths relative to the
 * repository root:
 *
 *   podmanStore/                               .cvmfscatalog
 *   ├── overlay/                               .cvmfscatalog
 *   │   ├── <layer id>/
 *   │   │   ├── diff  -> ../../../.layers/<xx>/<hex>/layerfs   (relative symlink)
 *   │   │   ├── link                           the layer's short id (26 chars)
 *   │   │   └── lower                          l/<parent short>:l/<grandparent short>:… (not for a bottom layer)
 *   │   └── l/<short id> -> ../<layer id>/diff
 *   ├── overlay-layers/                        .cvmfscatalog
 *   │   ├── layers.json                        one entry per layer (id, parent, digests, sizes)
 *   │   └── layers.lock                        empty; podman takes read locks on it
 *   └── overlay-images/                        .cvmfscatalog
 *       ├── images.json                        one entry per image (id, names, top layer, big-data keys)
 *       ├── images.lock
 *       └── <image id>/                        image id = config digest hex
 *           ├── manifest                       the registry's manifest bytes
 *           ├── =<base64("manifest-sha256:…")> the same, under its digest key
 *           └── =<base64("sha256:<config>")>   the config blob
 *
 * A layer id is the OCI chain ID of the layer's position in its image
 * (sha256 over the parent's chain ID and the diff ID; a bottom layer's is its
 * diff ID, as DUCC names it), so two images sharing a base share entries and
 * an entry's parent never depends on which image came first.
 */


const STORE_DIR = 'podmanStore';
const OVERLAY_DIR = `${STORE_DIR}/overlay`;
const LINK_DIR = `${OVERLAY_DIR}/l`;
const LAYERS_META_DIR = `${STORE_DIR}/overlay-layers`;
const IMAGES_META_DIR = `${STORE_DIR}/overlay-images`;
const LAYERS_JSON = `${LAYERS_META_DIR}/layers.json`;
const IMAGES_JSON = `${IMAGES_META_DIR}/images.json`;
const LOCK_FILES = [`${LAYERS_META_DIR}/layers.lock`, `${IMAGES_META_DIR}/images.lock`];
const STORE_CATALOG_DIRS = [STORE_DIR, OVERLAY_DIR, LAYERS_META_DIR, IMAGES_META_DIR];
/** Chain IDs (hex) of a list of diff IDs (`sha256:…`), bottom first. */
function chainIds(diffIds) {
    const out = [];
    for (const d of diffIds) {
        (0,_repo_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .digestHex */ .sU)(d); // refuses anything that is not a sha256 digest
        const prev = out.at(-1);
        out.push(prev === undefined ? (0,_repo_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .digestHex */ .sU)(d) : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`sha256:${prev} ${d}`).digest('hex'));
    }
    return out;
}
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/**
 * The short name under `overlay/l/` (containers/storage makes 26 random
 * base32 characters; ours derive from the layer id, so a re-run writes the same).
 */
function shortId(layerId) {
    const bytes = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`podman-link ${layerId}`).digest();
    let bits = 0;
    let value = 0;
    let out = '';
    for (const b of bytes) {
        value = (value << 8) | b;
        bits += 8;
        while (bits >= 5 && out.length < 26) {
            out += BASE32[(value >>> (bits - 5)) & 31];
            bits -= 5;
        }
        value &= (1 << bits) - 1;
    }
    return out;
}
/** containers/storage's file name for a big-data key: the key if it is only [0-9a-z.], else "=" + base64(key). */
function bigDataFileName(key) {
    return /^[0-9a-z.]*$/.test(key) ? key : `=${Buffer.from(key, 'utf8').toString('base64')}`;
}
const layerStoreDir = (layerId) => `${OVERLAY_DIR}/${layerId}`;
const imageStoreDir = (imageId) => `${IMAGES_META_DIR}/${imageId}`;
/** Target of `overlay/<id>/diff`: the layer's layerfs, relative to that symlink's directory. */
function diffTarget(compressedDigest) {
    return `../../../${(0,_repo_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .layerfsDir */ .iW)(compressedDigest)}`;
}


/***/ }),

/***/ 7895:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hu: () => (/* reexport */ parseTarget)
});

// UNUSED EXPORTS: CvmfsPublisher, DEFAULT_TARGET, DirPublisher, InvalidTargetError, LOCK_FILE, PublishError, recoverTree, tempDirIn, whiteoutEntries, whiteoutTar

;// CONCATENATED MODULE: ./src/publish/types.ts
/** Publishing failed: what was being done, then why (the command's stderr tail when there is one). */
class PublishError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'PublishError';
    }
}
/** A target spec that cannot be parsed (a usage error). */
class InvalidTargetError extends PublishError {
    constructor(spec, reason) {
        super(`invalid target ${JSON.stringify(spec)}: ${reason}`);
        this.name = 'InvalidTargetError';
    }
}
/** `tempDirIn(txn, parent)`: see Transaction.tempDir. */
function tempDirIn(txn, parent, label = 'build') {
    return txn.tempDir(parent, label);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/repo/atomic.ts
var atomic = __webpack_require__(8599);
// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/publish/lock.ts
/**
 * An exclusive lock on a dir target: a lock file created with O_EXCL that
 * holds `{pid, host, time, token}`. A lock whose process is gone (same host,
 * dead pid) is taken over; one held by a live process (or on another host,
 * where liveness cannot be checked) is waited for, up to a timeout.
 *
 * Taking over is itself serialised by a second O_EXCL file (`.takeover`), so
 * two processes that find the same stale lock cannot both win.
 */







const lockInfoSchema = schemas/* object */.Ikc({ pid: schemas/* number */.aig().int(), host: schemas/* string */.YjP(), time: schemas/* string */.YjP(), token: schemas/* string */.YjP() });
function isProcessAlive(pid) {
    if (pid === process.pid)
        return true;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM'; // exists, owned by someone else
    }
}
function createExclusive(path, content) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW, 0o644);
    }
    catch (err) {
        if (err.code === 'EEXIST')
            return false;
        throw err;
    }
    try {
        (0,external_node_fs_.writeSync)(fd, content);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return true;
}
function readLock(path) {
    let raw;
    try {
        raw = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
    try {
        return { raw, info: lockInfoSchema.parse(JSON.parse(raw)) };
    }
    catch {
        return { raw }; // being written right now, or damaged
    }
}
function isStale(info) {
    return info !== undefined && info.host === (0,external_node_os_.hostname)() && !isProcessAlive(info.pid);
}
/** Replaces a stale lock whose content is still `staleRaw` with ours; false if someone else moved first. */
function takeOver(path, staleRaw, mine, logger) {
    const guard = `${path}.takeover`;
    if (!createExclusive(guard, JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)() }))) {
        // A takeover in progress, or one that crashed: clear it only if its process is gone.
        const g = readLock(guard);
        try {
            const owner = g ? JSON.parse(g.raw) : undefined;
            if (owner && owner.host === (0,external_node_os_.hostname)() && typeof owner.pid === 'number' && !isProcessAlive(owner.pid))
                (0,external_node_fs_.unlinkSync)(guard);
        }
        catch {
            /* retried on the next poll */
        }
        return false;
    }
    try {
        const now = readLock(path);
        if (now?.raw !== staleRaw)
            return false;
        logger.warn('taking over a stale lock', { lock: path, holder: now.info });
        (0,external_node_fs_.unlinkSync)(path);
        return createExclusive(path, mine);
    }
    finally {
        (0,external_node_fs_.unlinkSync)(guard);
    }
}
async function acquireLock(path, opts) {
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const info = { pid: process.pid, host: (0,external_node_os_.hostname)(), time: new Date().toISOString(), token: (0,external_node_crypto_.randomBytes)(8).toString('hex') };
    const mine = JSON.stringify(info);
    const deadline = Date.now() + opts.timeoutMs;
    let announced = false;
    for (;;) {
        if (createExclusive(path, mine))
            break;
        const held = readLock(path);
        if (held && isStale(held.info) && takeOver(path, held.raw, mine, logger))
            break;
        if (Date.now() >= deadline) {
            const who = held?.info ? `pid ${held.info.pid} on ${held.info.host}, since ${held.info.time}` : 'an unknown process';
            throw new PublishError(`locking ${opts.what}: another cvmfs-unpack (${who}) holds ${path}; waited ${Math.round(opts.timeoutMs / 1000)} s. ` +
                'If that process no longer runs, remove the lock file.');
        }
        if (!announced && held?.info) {
            logger.info('waiting for the lock of another cvmfs-unpack', { lock: path, pid: held.info.pid, host: held.info.host, since: held.info.time });
            announced = true;
        }
        await (0,promises_.setTimeout)(opts.pollMs ?? 100);
    }
    let released = false;
    return {
        info,
        release() {
            if (released)
                return;
            released = true;
            // Remove the file only while it is still ours.
            if (readLock(path)?.info?.token === info.token)
                (0,external_node_fs_.unlinkSync)(path);
        },
    };
}

;// CONCATENATED MODULE: ./src/publish/journal.ts
/**
 * The undo journal of a dir transaction, kept on disk in
 * `<root>/.tmp-txn-<id>/` so that a crashed transaction can be rolled back by
 * the next run. Write-ahead: each entry is appended before the change it
 * describes. Entries:
 *   created  <path>            did not exist before: remove it to undo
 *   replaced <path> <backup>   the old entry was hardlinked to <backup>: rename it back
 *   temp     <path>            a temporary build dir: remove it
 * Commit renames the journal dir to `.tmp-done-<id>` (the commit point),
 * then deletes it.
 */





const JOURNAL_PREFIX = '.tmp-txn-';
const DONE_PREFIX = '.tmp-done-';
const entrySchema = schemas/* discriminatedUnion */.gMt('op', [
    schemas/* object */.Ikc({ op: schemas/* literal */.euz('created'), path: schemas/* string */.YjP() }),
    schemas/* object */.Ikc({ op: schemas/* literal */.euz('replaced'), path: schemas/* string */.YjP(), backup: schemas/* string */.YjP() }),
    schemas/* object */.Ikc({ op: schemas/* literal */.euz('temp'), path: schemas/* string */.YjP() }),
]);
/** A path inside root, as stored in the journal (relative; refuses anything outside). */
function inside(root, p) {
    const rel = (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(p));
    if (rel === '' || rel.startsWith('..') || rel.startsWith('/'))
        throw new Error(`journal: ${p} is outside ${root}`);
    return rel;
}
class DiskJournal {
    dir;
    seen = new Set();
    backups = 0;
    root;
    constructor(root, dir) {
        this.root = root;
        this.dir = dir;
    }
    static create(root) {
        const dir = (0,external_node_path_.join)(root, `${JOURNAL_PREFIX}${Date.now().toString(36)}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(dir, 'backup'), { recursive: true });
        return new DiskJournal(root, dir);
    }
    append(e) {
        (0,external_node_fs_.appendFileSync)((0,external_node_path_.join)(this.dir, 'journal'), JSON.stringify(e) + '\n');
    }
    created(path) {
        const rel = inside(this.root, path);
        if (this.seen.has(rel))
            return; // the first change of a path is the one to undo
        this.seen.add(rel);
        this.append({ op: 'created', path: rel });
    }
    replacing(path) {
        const rel = inside(this.root, path);
        if (this.seen.has(rel))
            return;
        this.seen.add(rel);
        const backup = `backup/${this.backups++}`;
        (0,atomic/* preserveAs */.RS)((0,external_node_path_.join)(this.root, rel), (0,external_node_path_.join)(this.dir, backup));
        this.append({ op: 'replaced', path: rel, backup });
    }
    temp(path) {
        this.append({ op: 'temp', path: inside(this.root, path) });
    }
    /** Makes the transaction's changes final and removes the journal. */
    commit() {
        const done = this.dir.replace(/\.tmp-txn-([^/]*)$/, `${DONE_PREFIX}$1`);
        (0,external_node_fs_.renameSync)(this.dir, done); // the commit point
        removeTemps(this.root, readEntries(done));
        (0,external_node_fs_.rmSync)(done, { recursive: true, force: true });
    }
    /** Undoes every change, newest first, and removes the journal. */
    rollback() {
        rollbackDir(this.root, this.dir);
    }
}
function readEntries(dir) {
    let text = '';
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'journal'), 'utf8');
    }
    catch {
        return [];
    }
    const out = [];
    for (const line of text.split('\n')) {
        if (!line)
            continue;
        try {
            out.push(entrySchema.parse(JSON.parse(line)));
        }
        catch {
            // A torn last line (crash mid-append): the change it announced never started.
        }
    }
    return out;
}
function removeTemps(root, entries) {
    for (const e of entries)
        if (e.op === 'temp')
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(root, inside(root, (0,external_node_path_.join)(root, e.path))), { recursive: true, force: true });
}
/** Rolls back the journal in `dir` (a live or crashed transaction) and deletes it. */
function rollbackDir(root, dir) {
    const entries = readEntries(dir);
    for (const e of entries.reverse()) {
        const target = (0,external_node_path_.join)(root, inside(root, (0,external_node_path_.join)(root, e.path)));
        if (e.op === 'replaced') {
            const backup = (0,external_node_path_.join)(dir, e.backup);
            if (present(backup))
                (0,external_node_fs_.renameSync)(backup, target);
        }
        else {
            (0,external_node_fs_.rmSync)(target, { recursive: true, force: true });
        }
    }
    (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
}
/** lstat-based: a backup may be a symlink whose target does not resolve from the journal dir. */
function present(p) {
    try {
        (0,external_node_fs_.lstatSync)(p);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/publish/dir.ts
/**
 * The `dir` target: the repository layout in a plain directory.
 *
 * - One transaction at a time per directory: a lock file (lock.ts).
 * - Crash safety: everything is built under `.tmp-…` names and renamed into
 *   place; links are swapped by rename (src/repo/atomic.ts).
 * - Abort, and recovery after a crash, undo the transaction's changes from
 *   its journal (journal.ts): the previous state comes back byte for byte.
 */








const LOCK_FILE = '.cvmfs-unpack.lock';
class DirPublisher {
    kind = 'dir';
    canClone = false;
    root;
    opts;
    constructor(root, opts = {}) {
        this.root = (0,external_node_path_.resolve)(root);
        this.opts = opts;
    }
    describe() {
        return `dir:${this.root}`;
    }
    async lock(logger) {
        try {
            (0,external_node_fs_.mkdirSync)(this.root, { recursive: true });
        }
        catch (err) {
            throw new PublishError(`creating the target directory ${this.root}`, { cause: err });
        }
        return acquireLock((0,external_node_path_.join)(this.root, LOCK_FILE), {
            timeoutMs: this.opts.lockTimeoutMs ?? 600_000,
            pollMs: this.opts.pollMs,
            logger,
            what: this.describe(),
        });
    }
    async recover() {
        const logger = this.opts.logger ?? log_logger/* nullLogger */.G;
        const lock = await this.lock(logger);
        try {
            recoverTree(this.root, logger);
        }
        finally {
            lock.release();
        }
    }
    async begin(opts = {}) {
        const logger = opts.logger ?? this.opts.logger ?? log_logger/* nullLogger */.G;
        if (opts.clone)
            throw new PublishError(`opening a transaction on ${this.describe()}: a dir target cannot clone trees`);
        const lock = await this.lock(logger);
        let journal;
        let detach;
        try {
            journal = DiskJournal.create(this.root);
            detach = (0,atomic/* attachJournal */.Zz)(this.root, journal);
        }
        catch (err) {
            lock.release();
            throw new PublishError(`opening a transaction on ${this.describe()}`, { cause: err });
        }
        return new DirTransaction(this.root, this.describe(), journal, detach, lock, logger);
    }
}
class DirTransaction {
    open = true;
    root;
    name;
    journal;
    detach;
    lock;
    logger;
    constructor(root, name, journal, detach, lock, logger) {
        this.root = root;
        this.name = name;
        this.journal = journal;
        this.detach = detach;
        this.lock = lock;
        this.logger = logger;
    }
    finish() {
        this.open = false;
        this.detach();
        this.lock.release();
    }
    tempDir(parent, label = 'build') {
        if (!this.open)
            throw new PublishError(`creating a temporary dir in ${parent}: the transaction on ${this.name} is closed`);
        (0,atomic/* ensureDir */.A0)(parent); // journaled: a parent made here goes on abort
        const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, `${atomic/* TEMP_PREFIX */.MX}${label}-`));
        this.journal.temp(dir);
        return dir;
    }
    async commit() {
        if (!this.open)
            throw new PublishError(`committing on ${this.name}: the transaction is closed`);
        try {
            this.journal.commit();
        }
        catch (err) {
            throw new PublishError(`committing on ${this.name}`, { cause: err });
        }
        finally {
            this.finish();
        }
    }
    async abort(cause) {
        if (!this.open)
            return;
        this.logger.info('aborting the transaction', { target: this.name, cause: cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause) });
        try {
            this.journal.rollback();
        }
        catch (err) {
            throw new PublishError(`aborting on ${this.name}: rolling back`, { cause: err });
        }
        finally {
            this.finish();
        }
    }
}
/**
 * With the lock held (so no transaction is live): rolls back journals of
 * crashed transactions, finishes committed ones, and removes stale `.tmp-*`
 * entries in the layout's own directories (never inside image content).
 */
function recoverTree(root, logger = log_logger/* nullLogger */.G) {
    const top = list(root);
    for (const name of top) {
        if (name.startsWith(JOURNAL_PREFIX)) {
            logger.warn('rolling back a transaction left by a crash', { journal: (0,external_node_path_.join)(root, name) });
            rollbackDir(root, (0,external_node_path_.join)(root, name));
        }
        else if (name.startsWith(DONE_PREFIX)) {
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(root, name), { recursive: true, force: true });
        }
    }
    const sweep = (dir, depth, descend, rel = []) => {
        for (const e of listEntries(dir)) {
            const path = (0,external_node_path_.join)(dir, e.name);
            if (e.name.startsWith(atomic/* TEMP_PREFIX */.MX)) {
                logger.info('removing a stale temporary entry', { path });
                (0,external_node_fs_.rmSync)(path, { recursive: true, force: true });
            }
            else if (e.isDirectory() && depth > 0 && descend([...rel, e.name])) {
                sweep(path, depth - 1, descend, [...rel, e.name]);
            }
        }
    };
    // .layers/<xx>/<hex>/{.metadata}: temps sit beside layers and in their metadata, never in layerfs.
    sweep((0,external_node_path_.join)(root, layout/* LAYERS_DIR */.Fj), 3, (rel) => rel.length < 3 || rel[2] === '.metadata');
    // .flat/<xx>/: temps sit beside flat dirs; a flat dir itself is image content.
    sweep((0,external_node_path_.join)(root, layout/* FLAT_DIR */.wo), 1, () => true);
    // Metadata and link trees hold only our own entries.
    for (const name of top) {
        if (name === layout/* LAYERS_DIR */.Fj || name === layout/* FLAT_DIR */.wo || name.startsWith(atomic/* TEMP_PREFIX */.MX))
            continue;
        if (name.startsWith('.') && name !== '.metadata' && name !== '.multiarch')
            continue;
        sweep((0,external_node_path_.join)(root, name), 32, () => true);
    }
    for (const name of top) {
        if (name.startsWith(atomic/* TEMP_PREFIX */.MX) && !name.startsWith(JOURNAL_PREFIX) && !name.startsWith(DONE_PREFIX)) {
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(root, name), { recursive: true, force: true });
        }
    }
}
function list(dir) {
    return listEntries(dir).map((e) => e.name);
}
function listEntries(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/publish/exec.ts
/** Runs a command without a shell and keeps the tail of its output for error messages. */

const TAIL = 4096;
function tail(s, n = TAIL) {
    return s.length > n ? '…' + s.slice(-n) : s;
}
function runCommand(cmd, args, opts = {}) {
    return new Promise((resolvePromise, reject) => {
        const child = (0,external_node_child_process_.spawn)(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (d) => (stdout = tail(stdout + d, TAIL * 4)));
        child.stderr?.setEncoding('utf8').on('data', (d) => (stderr = tail(stderr + d, TAIL * 4)));
        child.on('error', reject);
        child.on('close', (code, signal) => resolvePromise({ code, signal, stdout: tail(stdout), stderr: tail(stderr) }));
        if (opts.input !== undefined)
            child.stdin?.end(opts.input);
    });
}
/** The last lines of a command's stderr (or stdout), for a one-line error message. */
function outputTail(r, lines = 5) {
    const text = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-lines).join(' | ');
    return text || (r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`);
}

;// CONCATENATED MODULE: ./src/publish/whiteout-tar.ts
/**
 * The whiteouts of layer dirs as a tar for `cvmfs_server ingest`: the one way
 * to put them into a CVMFS repository. A publish from a transaction takes
 * every `.wh.*` name (and a char 0:0 device) in the scratch area for a
 * whiteout of its own and drops it; ingest stores tar entries as they are.
 *
 * Form chosen (docs/cvmfs.md, checked on a real 2.12 stratum-0 with the
 * containerd CVMFS snapshotter and fuse-overlayfs):
 *   - `dir/.wh.NAME`   → `dir/NAME` as a char 0:0 device: the overlay whiteout that
 *                        kernel overlayfs (the snapshotter) and fuse-overlayfs honour;
 *   - `dir/.wh..wh..opq` → the literal empty file, as DUCC leaves it: fuse-overlayfs
 *                        honours it; kernel overlayfs needs an xattr CVMFS cannot store.
 * Directories are not sent: ingest leaves existing ones as they are (and never
 * an entry named `.`, which ingest keeps as a dirent that later dangles).
 */
const BLOCK = 512;
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/** Tar entries (path, kind) the markers of these layers stand for. */
function whiteoutEntries(layers) {
    const out = [];
    for (const l of layers) {
        out.push({ path: l.stamp, kind: 'file' });
        for (const m of l.markers) {
            const slash = m.lastIndexOf('/');
            const dir = slash < 0 ? '' : m.slice(0, slash);
            const base = m.slice(slash + 1);
            const at = (name) => [l.layerfs, dir, name].filter(Boolean).join('/');
            if (base === OPAQUE_MARKER)
                out.push({ path: at(base), kind: 'file' });
            else if (base.startsWith(WHITEOUT_PREFIX))
                out.push({ path: at(base.slice(WHITEOUT_PREFIX.length)), kind: 'whiteout' });
        }
    }
    return out;
}
function whiteoutTar(layers, mtime = 0) {
    const blocks = [];
    for (const e of whiteoutEntries(layers)) {
        const name = Buffer.from(e.path, 'utf8');
        if (name.length > 100)
            blocks.push(...paxPath(e.path, mtime));
        blocks.push(header({ name: name.length > 100 ? name.subarray(0, 100) : name, type: e.kind === 'whiteout' ? '3' : '0', mode: e.kind === 'whiteout' ? 0o600 : 0o644, size: 0, mtime }));
    }
    blocks.push(Buffer.alloc(BLOCK * 2));
    return Buffer.concat(blocks);
}
/** A PAX extended header carrying a path longer than the 100 bytes of the ustar name field. */
function paxPath(path, mtime) {
    const body = (len) => `${len} path=${path}\n`;
    let len = Buffer.byteLength(body(0));
    while (Buffer.byteLength(body(len)) !== len)
        len = Buffer.byteLength(body(len));
    const data = Buffer.from(body(len), 'utf8');
    const padded = Buffer.alloc(Math.ceil(data.length / BLOCK) * BLOCK);
    data.copy(padded);
    return [header({ name: Buffer.from('PaxHeader'), type: 'x', mode: 0o644, size: data.length, mtime }), padded];
}
function header(h) {
    const b = Buffer.alloc(BLOCK);
    h.name.copy(b, 0);
    const octal = (v, off, len) => b.write(v.toString(8).padStart(len - 1, '0') + '\0', off, len, 'ascii');
    octal(h.mode, 100, 8);
    octal(0, 108, 8); // uid root
    octal(0, 116, 8); // gid root
    octal(h.size, 124, 12);
    octal(h.mtime, 136, 12);
    b.write(h.type, 156, 1, 'ascii');
    b.write('ustar\u000000', 257, 8, 'ascii');
    octal(0, 329, 8); // devmajor 0
    octal(0, 337, 8); // devminor 0
    b.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of b)
        sum += byte;
    b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
    return b;
}

;// CONCATENATED MODULE: ./src/publish/cvmfs.ts
/**
 * The `cvmfs` target: writes under `/cvmfs/<repo>[/<lease path>]` inside a
 * `cvmfs_server transaction`, then `cvmfs_server publish`; on any error
 * `cvmfs_server abort -f` and a PublishError with the command's stderr tail.
 *
 * Rules of the real command this follows (DESIGN.md section 5): one open
 * transaction per repository (exit 17 otherwise; `-t N` retries); publish
 * refuses while a file under the mount is held open, so every file we opened
 * must be closed first; abort without `-f` would ask on stdin.
 */










/** Repositories this process has a transaction open on (recover() must not abort those). */
const openHere = new Set();
class CvmfsPublisher {
    kind = 'cvmfs';
    canClone = true;
    root;
    server;
    mountRoot;
    repo;
    /** The lease path inside the repository ('' for the whole repository). */
    subPath;
    opts;
    constructor(repo, subPath, opts = {}) {
        this.repo = repo;
        this.subPath = subPath;
        this.opts = opts;
        this.server = opts.server ?? process.env.CVMFS_UNPACK_CVMFS_SERVER ?? 'cvmfs_server';
        this.mountRoot = opts.mount ?? process.env.CVMFS_UNPACK_CVMFS_MOUNT ?? '/cvmfs';
        this.root = subPath ? (0,external_node_path_.join)(this.mountRoot, repo, subPath) : (0,external_node_path_.join)(this.mountRoot, repo);
    }
    describe() {
        return `cvmfs:${this.repo}${this.subPath ? `/${this.subPath}` : ''}`;
    }
    /**
     * The layers' whiteouts as char 0:0 devices (and opaque markers as literal
     * files) by one `cvmfs_server ingest` of a small tar: its own transaction and
     * publish (docs/cvmfs.md, "Whiteouts").
     */
    async storeWhiteouts(layers, logger = this.opts.logger ?? log_logger/* nullLogger */.G) {
        if (layers.length === 0)
            return;
        const base = this.subPath ? `/${this.subPath}` : '/';
        const t0 = Date.now();
        const r = await this.run(['ingest', '-t', '-', '-b', base, this.repo], 'storing layer whiteouts', whiteoutTar(layers));
        if (r.code !== 0)
            throw new PublishError(`storing the whiteouts of ${layers.length} layer(s) on ${this.describe()}: cvmfs_server ingest failed: ${outputTail(r)}`);
        logger.debug('layer whiteouts stored', { target: this.describe(), layers: layers.length, ms: Date.now() - t0 });
    }
    /** `cvmfs_server ingest --delete a:b:…` (ingest splits its argument at ':', so no path may hold one). */
    async removeTrees(paths, logger = this.opts.logger ?? log_logger/* nullLogger */.G) {
        if (paths.length === 0)
            return;
        const bad = paths.find((p) => p.includes(':'));
        if (bad)
            throw new PublishError(`removing ${bad} from ${this.describe()}: cvmfs_server ingest --delete cannot name a path with ':'`);
        const inRepo = paths.map((p) => [this.subPath, p].filter(Boolean).join('/'));
        const r = await this.run(['ingest', '--delete', inRepo.join(':'), this.repo], 'removing trees');
        if (r.code !== 0)
            throw new PublishError(`removing ${paths.length} tree(s) from ${this.describe()}: cvmfs_server ingest --delete failed: ${outputTail(r)}`);
        logger.debug('trees removed by ingest --delete', { target: this.describe(), paths: paths.length });
    }
    /** Runs `cvmfs_server <args>`; a missing program is a PublishError that says how to configure it. */
    async run(args, doing, input) {
        try {
            return await runCommand(this.server, args, input === undefined ? {} : { input });
        }
        catch (err) {
            const code = err.code;
            const why = code === 'ENOENT' ? `${this.server} not found (set CVMFS_UNPACK_CVMFS_SERVER)` : `running ${this.server}`;
            throw new PublishError(`${doing} on ${this.describe()}: ${why}`, { cause: err });
        }
    }
    /** Whether `cvmfs_server list` shows this repository in a transaction. */
    async inTransaction() {
        const r = await this.run(['list'], 'listing repositories');
        if (r.code !== 0)
            throw new PublishError(`listing repositories for ${this.describe()}: cvmfs_server list failed: ${outputTail(r)}`);
        return r.stdout.split('\n').some((line) => line.split(' ')[0] === this.repo && /in transaction/.test(line));
    }
    async abortOpen(doing) {
        const r = await this.run(['abort', '-f', this.repo], doing);
        // 22: no transaction open, which is what we want.
        if (r.code !== 0 && r.code !== 22)
            throw new PublishError(`${doing} on ${this.describe()}: cvmfs_server abort -f failed: ${outputTail(r)}`);
    }
    /** The owner record of this repository's open transaction. */
    ownerFile() {
        return (0,external_node_path_.join)(this.opts.stateDir ?? (0,external_node_os_.tmpdir)(), `cvmfs-unpack-txn-${this.repo}.json`);
    }
    liveOwner() {
        try {
            const o = JSON.parse((0,external_node_fs_.readFileSync)(this.ownerFile(), 'utf8'));
            return o.host === (0,external_node_os_.hostname)() && o.pid !== process.pid && isProcessAlive(o.pid) ? o : undefined;
        }
        catch {
            return undefined;
        }
    }
    async recover() {
        const logger = this.opts.logger ?? log_logger/* nullLogger */.G;
        if (openHere.has(this.repo))
            return; // ours, and alive
        if (await this.inTransaction()) {
            const owner = this.liveOwner();
            if (owner) {
                logger.info('a transaction is open by another live cvmfs-unpack; leaving it', { target: this.describe(), pid: owner.pid, since: owner.time });
                return;
            }
            logger.warn('aborting a transaction left open (by a crash?)', { target: this.describe() });
            await this.abortOpen('aborting a transaction left open');
            (0,external_node_fs_.rmSync)(this.ownerFile(), { force: true });
        }
    }
    async begin(opts = {}) {
        const logger = opts.logger ?? this.opts.logger ?? log_logger/* nullLogger */.G;
        const wait = this.opts.transactionTimeoutS ?? 300;
        const target = this.subPath ? `${this.repo}/${this.subPath}` : this.repo;
        // A template transaction: cvmfs_server copies the published tree src to dst on the server side
        // (paths from the repository root, so a lease sub-path is part of them).
        const inRepo = (rel) => `/${[this.subPath, rel].filter(Boolean).join('/')}`;
        const clone = opts.clone ? ['-T', `${inRepo(opts.clone.src)}=${inRepo(opts.clone.dst)}`] : [];
        const r = await this.run(['transaction', ...(wait > 0 ? ['-t', String(wait)] : []), ...clone, target], 'opening a transaction');
        if (r.code === 17) {
            throw new PublishError(`opening a transaction on ${this.describe()}: another transaction is already open (waited ${wait} s): ${outputTail(r)}`);
        }
        if (r.code !== 0)
            throw new PublishError(`opening a transaction on ${this.describe()}: cvmfs_server transaction failed: ${outputTail(r)}`);
        openHere.add(this.repo);
        try {
            (0,external_node_fs_.writeFileSync)(this.ownerFile(), JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)(), time: new Date().toISOString() }));
        }
        catch (err) {
            logger.warn('could not record the transaction owner', { file: this.ownerFile(), error: String(err) });
        }
        logger.debug('transaction open', { target: this.describe() });
        return new CvmfsTransaction(this, logger, this.opts.openFilesWaitMs ?? 5000);
    }
    /** Files under the repository's mount that this process holds open. */
    ownOpenFiles() {
        const prefix = external_node_path_.posix.join(this.mountRoot, this.repo);
        const held = [];
        let fds = [];
        try {
            fds = (0,external_node_fs_.readdirSync)('/proc/self/fd');
        }
        catch {
            return [];
        }
        for (const fd of fds) {
            try {
                const target = (0,external_node_fs_.readlinkSync)(`/proc/self/fd/${fd}`);
                if (target === prefix || target.startsWith(prefix + '/'))
                    held.push(target);
            }
            catch {
                /* closed meanwhile */
            }
        }
        return held;
    }
    released() {
        openHere.delete(this.repo);
        (0,external_node_fs_.rmSync)(this.ownerFile(), { force: true });
    }
}
class CvmfsTransaction {
    root;
    open = true;
    temps = [];
    p;
    logger;
    openFilesWaitMs;
    constructor(p, logger, openFilesWaitMs) {
        this.p = p;
        this.logger = logger;
        this.openFilesWaitMs = openFilesWaitMs;
        this.root = p.root;
    }
    tempDir(parent, label = 'build') {
        if (!this.open)
            throw new PublishError(`creating a temporary dir in ${parent}: the transaction on ${this.p.describe()} is closed`);
        (0,external_node_fs_.mkdirSync)(parent, { recursive: true });
        const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, `${atomic/* TEMP_PREFIX */.MX}${label}-`));
        this.temps.push(dir);
        return dir;
    }
    async waitForOwnFiles() {
        const deadline = Date.now() + this.openFilesWaitMs;
        let held = this.p.ownOpenFiles();
        while (held.length > 0 && Date.now() < deadline) {
            await (0,promises_.setTimeout)(50); // streams close asynchronously
            held = this.p.ownOpenFiles();
        }
        if (held.length > 0) {
            throw new PublishError(`publishing ${this.p.describe()}: files under the repository are still open in this process (publish would refuse): ${held.slice(0, 5).join(', ')}`);
        }
    }
    async commit() {
        if (!this.open)
            throw new PublishError(`publishing ${this.p.describe()}: the transaction is closed`);
        try {
            // Temporary build dirs must not be published.
            for (const t of this.temps)
                (0,external_node_fs_.rmSync)(t, { recursive: true, force: true });
            await this.waitForOwnFiles();
            const r = await this.p.run(['publish', this.p.repo], 'publishing');
            if (r.code !== 0)
                throw new PublishError(`publishing ${this.p.describe()}: cvmfs_server publish failed: ${outputTail(r)}`);
            this.open = false;
            this.p.released();
        }
        catch (err) {
            await this.abort(err).catch((abortErr) => this.logger.error('aborting after a failed publish failed too', { error: String(abortErr) }));
            throw err instanceof PublishError ? err : new PublishError(`publishing ${this.p.describe()}`, { cause: err });
        }
    }
    async abort(cause) {
        if (!this.open)
            return;
        this.open = false;
        this.logger.info('aborting the transaction', { target: this.p.describe(), cause: cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause) });
        try {
            await this.p.abortOpen('aborting the transaction');
        }
        finally {
            this.p.released();
        }
    }
}

;// CONCATENATED MODULE: ./src/publish/target.ts
/**
 * `--target` specs: `dir:PATH` or `cvmfs:REPO[/sub/path]` (a gateway lease
 * path). `CVMFS_UNPACK_TARGET` is the CLI's default; `dir:./unpacked` otherwise.
 */



const DEFAULT_TARGET = 'dir:./unpacked';
const REPO_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function parseTarget(spec, opts = {}) {
    const colon = spec.indexOf(':');
    const kind = colon < 0 ? '' : spec.slice(0, colon);
    const rest = colon < 0 ? '' : spec.slice(colon + 1);
    if (kind === 'dir') {
        if (rest === '')
            throw new InvalidTargetError(spec, 'dir: needs a path');
        if (rest.includes('\0'))
            throw new InvalidTargetError(spec, 'the path contains NUL');
        const o = { lockTimeoutMs: opts.lockTimeoutMs, logger: opts.logger };
        return new DirPublisher(rest, o);
    }
    if (kind === 'cvmfs') {
        const [repo = '', ...sub] = rest.split('/');
        if (!REPO_RE.test(repo))
            throw new InvalidTargetError(spec, 'expected cvmfs:REPO_NAME[/sub/path]');
        const segments = sub.filter((s, i) => !(s === '' && i === sub.length - 1)); // a trailing '/' is harmless
        for (const s of segments) {
            if (s === '' || s === '.' || s === '..' || s.includes('\0'))
                throw new InvalidTargetError(spec, 'the lease path must be a plain relative path');
        }
        const o = {
            server: opts.cvmfsServer,
            mount: opts.cvmfsMount,
            transactionTimeoutS: opts.transactionTimeoutS,
            stateDir: opts.stateDir,
            logger: opts.logger,
        };
        return new CvmfsPublisher(repo, segments.join('/'), o);
    }
    throw new InvalidTargetError(spec, 'expected dir:PATH or cvmfs:REPO_NAME[/sub/path]');
}

;// CONCATENATED MODULE: ./src/publish/index.ts
/** Publishing targets: one Publisher interface, `dir` and `cvmfs` implementations. */







/***/ })

};
