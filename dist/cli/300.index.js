export const id = 300;
export const ids = [300,770];
export const modules = {

/***/ 4300:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listImages: () => (/* binding */ listImages),
/* harmony export */   runLs: () => (/* binding */ runLs)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _repo_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7310);
/* harmony import */ var _gc_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8508);
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6657);
/* harmony import */ var _sync_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8770);
/** `cvmfs-unpack ls`: every published image, with what users used to guess from symlink mtimes. */





function listImages(root) {
    const sizes = new Map();
    return (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_1__/* .listSyncRecords */ .u_)(root).map(({ linkPath, record }) => {
        const flat = (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_1__/* .flatDir */ .ZO)(record.configDigest);
        let size = sizes.get(flat);
        if (size === undefined) {
            size = (0,_gc_index_js__WEBPACK_IMPORTED_MODULE_2__/* .treeSize */ .Uz)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(root, flat));
            sizes.set(flat, size);
        }
        return {
            name: linkPath,
            digest: record.manifestDigest,
            configDigest: record.configDigest,
            platform: record.platform,
            flat,
            size,
            syncedAt: record.syncedAt,
        };
    });
}
async function runLs(ctx) {
    const publisher = (0,_sync_js__WEBPACK_IMPORTED_MODULE_4__.openTarget)(ctx);
    const images = listImages(publisher.root);
    const out = ctx.io.stdout;
    if (ctx.json) {
        for (const i of images)
            out.write(`${JSON.stringify(i)}\n`);
        return 0;
    }
    if (images.length === 0) {
        ctx.io.stderr.write(`no images published in ${publisher.describe()}\n`);
        return 0;
    }
    const rows = [
        ['IMAGE', 'DIGEST', 'PLATFORM', 'FLAT', 'SIZE', 'SYNCED'],
        ...images.map((i) => [i.name, (0,_output_js__WEBPACK_IMPORTED_MODULE_3__/* .shortDigest */ .VK)(i.digest), i.platform, i.flat, (0,_output_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(i.size), i.syncedAt]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows)
        out.write(`${r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]) : cell)).join('  ')}\n`);
    return 0;
}


/***/ }),

/***/ 8770:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openTarget: () => (/* binding */ openTarget),
/* harmony export */   parsePlatforms: () => (/* binding */ parsePlatforms),
/* harmony export */   report: () => (/* binding */ report),
/* harmony export */   runSync: () => (/* binding */ runSync)
/* harmony export */ });
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4414);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4644);
/* harmony import */ var _publish_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7361);
/* harmony import */ var _convert_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3575);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7593);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(586);
/**
 * `cvmfs-unpack sync IMAGE...` and `sync --recipe FILE`: one run, one
 * transaction, a summary of what was published where.
 */






function parsePlatforms(ctx) {
    const list = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .listOption */ .y8)(ctx, 'platform').flatMap((p) => p.split(',')).filter(Boolean);
    if (list.length === 0)
        return undefined;
    return list.map((p) => {
        try {
            return (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePlatform */ .Y8)(p);
        }
        catch (err) {
            throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--platform: ${err.message}`, ctx.command);
        }
    });
}
function openTarget(ctx) {
    const spec = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .targetSpec */ .nA)(ctx);
    try {
        return (0,_publish_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTarget */ .hu)(spec, {
            cvmfsServer: ctx.io.env.CVMFS_UNPACK_CVMFS_SERVER,
            cvmfsMount: ctx.io.env.CVMFS_UNPACK_CVMFS_MOUNT,
        });
    }
    catch (err) {
        throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--target: ${err.message}`, ctx.command);
    }
}
async function runSync(ctx) {
    const recipe = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(ctx, 'recipe');
    if (recipe && ctx.positionals.length)
        throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('give either IMAGE arguments or --recipe, not both', 'sync');
    if (!recipe && ctx.positionals.length === 0)
        throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('no image given', 'sync');
    const platforms = parsePlatforms(ctx);
    const publisher = openTarget(ctx);
    const requests = [];
    const failed = [];
    let ignored = () => false;
    if (recipe) {
        // Loaded only for --recipe: a plain sync need not compile the YAML and recipe schemas.
        const { recipeRequests } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(29)]).then(__webpack_require__.bind(__webpack_require__, 4029));
        const fromRecipe = await recipeRequests(recipe, platforms, ctx.output.logger);
        requests.push(...fromRecipe.requests);
        failed.push(...fromRecipe.failed);
        ignored = fromRecipe.ignored;
    }
    else {
        const extraTags = ((0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(ctx, 'extra-tags') ?? '').split(/[\s,]+/).filter(Boolean);
        for (const tag of extraTags) {
            if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag))
                throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--extra-tags: "${tag}" is not a tag`, 'sync');
        }
        for (const arg of ctx.positionals) {
            try {
                requests.push({ ref: (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageRef */ .Q)(arg), platforms, extraTags });
            }
            catch (err) {
                if (err instanceof _reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_)
                    throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(err.message, 'sync');
                throw err;
            }
        }
    }
    const results = await (0,_convert_index_js__WEBPACK_IMPORTED_MODULE_3__/* .syncImages */ .S)(requests, {
        publisher,
        logger: ctx.output.logger,
        onEvent: (e) => ctx.output.onEvent(e),
        signal: ctx.io.signal,
        batch: (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .batchFromEnv */ .oO)(ctx.io.env),
    });
    ctx.output.close();
    return report([...failed, ...results], ctx, (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .flag */ .Jt)(ctx, 'json'), ignored);
}
/** Results on stdout (a table, or JSON lines); each failure on stderr with its reason. */
function report(results, ctx, json, ignored = () => false) {
    const { stdout, stderr } = ctx.io;
    if (json) {
        for (const r of results)
            stdout.write(`${JSON.stringify({ event: 'result', ...r })}\n`);
    }
    else if (results.some((r) => r.status !== 'failed')) {
        const rows = results
            .filter((r) => r.status !== 'failed')
            .map((r) => [r.status, r.ref, r.path ?? '', r.digest ?? '', `${(r.timings.totalMs / 1000).toFixed(1)}s`]);
        const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length)));
        for (const row of rows)
            stdout.write(`${row.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ')}\n`);
    }
    const failures = results.filter((r) => r.status === 'failed' && !ignored(r.ref));
    for (const f of results.filter((r) => r.status === 'failed' && ignored(r.ref))) {
        stderr.write(`failed (ignored by the recipe's ignoreErrors): ${f.ref}: ${f.error ?? 'unknown error'}\n`);
    }
    for (const f of failures)
        stderr.write(`failed: ${f.ref}: ${f.error ?? 'unknown error'}\n`);
    if (failures.length)
        stderr.write(`${failures.length} of ${results.length} image(s) failed\n`);
    return failures.length ? 1 : 0;
}


/***/ }),

/***/ 8508:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OA: () => (/* reexport */ runGc),
  Uz: () => (/* reexport */ treeSize)
});

// UNUSED EXPORTS: planGc, readInventory

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/repo/index.ts + 6 modules
var repo = __webpack_require__(7310);
;// CONCATENATED MODULE: ./src/gc/inventory.ts
/** Reads what a repository holds: links, metadata, flat trees and layers (for planGc). */



const DIGEST_DIR = /^[0-9a-f]{64}$/;
function list(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return [];
    }
}
/** `.flat/<xx>/<hex>` or `.layers/<xx>/<hex>` directories. */
function digestDirs(root, top) {
    const out = [];
    for (const xx of list((0,external_node_path_.join)(root, top))) {
        if (!xx.isDirectory() || xx.name.length !== 2)
            continue;
        for (const d of list((0,external_node_path_.join)(root, top, xx.name))) {
            if (d.isDirectory() && DIGEST_DIR.test(d.name) && d.name.startsWith(xx.name)) {
                out.push({ digest: `sha256:${d.name}`, mtimeMs: (0,external_node_fs_.statSync)((0,external_node_path_.join)(root, top, xx.name, d.name)).mtimeMs });
            }
        }
    }
    return out;
}
/** Every symlink into .flat/ under the public tree and .multiarch/. */
function links(root) {
    const out = [];
    const flatRoot = (0,external_node_path_.join)(root, repo/* FLAT_DIR */.wo);
    const walk = (rel, depth) => {
        if (depth > 16)
            return;
        for (const e of list((0,external_node_path_.join)(root, rel))) {
            const childRel = rel ? `${rel}/${e.name}` : e.name;
            if (!rel && repo/* RESERVED_TOP_LEVEL */.Ep.includes(e.name) && e.name !== repo/* MULTIARCH_DIR */.SL)
                continue;
            if (e.name.startsWith(repo/* TEMP_PREFIX */.MX) || e.name.startsWith('.cvmfs-unpack'))
                continue;
            if (e.isDirectory())
                walk(childRel, depth + 1);
            else if (e.isSymbolicLink()) {
                const target = (0,external_node_path_.resolve)((0,external_node_path_.dirname)((0,external_node_path_.join)(root, childRel)), (0,external_node_fs_.readlinkSync)((0,external_node_path_.join)(root, childRel)));
                const inFlat = (0,external_node_path_.relative)(flatRoot, target).split('/');
                if (inFlat.length === 2 && DIGEST_DIR.test(inFlat[1]))
                    out.push({ linkPath: childRel, configDigest: `sha256:${inFlat[1]}` });
            }
        }
    };
    walk('', 0);
    return out;
}
/** Directories under .metadata/ that hold a manifest.json (ours or DUCC's). */
function metadata(root) {
    const base = (0,external_node_path_.join)(root, repo/* METADATA_DIR */.ys);
    const out = [];
    const walk = (rel, depth) => {
        if (depth > 16)
            return;
        const entries = list((0,external_node_path_.join)(base, rel));
        const manifest = entries.find((e) => e.isFile() && e.name === 'manifest.json');
        if (manifest && rel) {
            const path = (0,external_node_path_.join)(base, rel, 'manifest.json');
            const item = { linkPath: rel, mtimeMs: (0,external_node_fs_.lstatSync)(path).mtimeMs };
            try {
                const m = (0,repo/* parseDuccManifest */.uO)((0,external_node_fs_.readFileSync)(path, 'utf8'));
                item.configDigest = m.configDigest;
                item.layerDigests = m.layerDigests;
            }
            catch {
                // unreadable: the layers of this image are unknown (planGc then removes no layer)
            }
            out.push(item);
        }
        for (const e of entries)
            if (e.isDirectory() && !e.name.startsWith(repo/* TEMP_PREFIX */.MX))
                walk(rel ? `${rel}/${e.name}` : e.name, depth + 1);
    };
    walk('', 0);
    return out;
}
function readInventory(root) {
    return { links: links(root), metadata: metadata(root), flats: digestDirs(root, repo/* FLAT_DIR */.wo), layers: digestDirs(root, repo/* LAYERS_DIR */.Fj) };
}

;// CONCATENATED MODULE: ./src/gc/plan.ts
function planGc(inv, opts) {
    const old = (mtimeMs) => opts.now - mtimeMs >= opts.graceMs;
    const notes = [];
    const removedLinks = opts.wanted ? inv.links.filter((l) => !opts.wanted(l.linkPath)).map((l) => l.linkPath) : [];
    const gone = new Set(removedLinks);
    const links = inv.links.filter((l) => !gone.has(l.linkPath));
    const linked = new Set(links.map((l) => l.linkPath));
    const metadata = inv.metadata.filter((m) => !linked.has(m.linkPath) && (gone.has(m.linkPath) || old(m.mtimeMs))).map((m) => m.linkPath);
    const keptMeta = inv.metadata.filter((m) => linked.has(m.linkPath));
    const liveFlats = new Set(links.map((l) => l.configDigest));
    const flats = inv.flats.filter((f) => !liveFlats.has(f.digest) && old(f.mtimeMs)).map((f) => f.digest);
    const metaByLink = new Map(keptMeta.map((m) => [m.linkPath, m]));
    const unknown = links.filter((l) => metaByLink.get(l.linkPath)?.layerDigests === undefined);
    let layers = [];
    if (unknown.length > 0) {
        notes.push(`no layer is removed: the layers of ${unknown.length} published image(s) are unknown (no readable manifest.json), e.g. ${unknown[0].linkPath}`);
    }
    else {
        const liveLayers = new Set(keptMeta.flatMap((m) => m.layerDigests ?? []));
        layers = inv.layers.filter((l) => !liveLayers.has(l.digest) && old(l.mtimeMs)).map((l) => l.digest);
    }
    const recent = inv.flats.filter((f) => !liveFlats.has(f.digest) && !old(f.mtimeMs)).length;
    if (recent)
        notes.push(`${recent} unreferenced flat tree(s) kept: changed within the grace period`);
    return { links: removedLinks.sort(), metadata: metadata.sort(), flats: flats.sort(), layers: layers.sort(), notes };
}

;// CONCATENATED MODULE: ./src/gc/size.ts


/** Sum of the sizes of the regular files under `dir`, hardlinked files counted once. */
function treeSize(dir) {
    const seen = new Set();
    let total = 0;
    const walk = (d) => {
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(d, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries) {
            const p = (0,external_node_path_.join)(d, e.name);
            if (e.isDirectory())
                walk(p);
            else if (e.isFile()) {
                const st = (0,external_node_fs_.lstatSync)(p);
                if (st.nlink > 1) {
                    if (seen.has(st.ino))
                        continue;
                    seen.add(st.ino);
                }
                total += st.size;
            }
        }
    };
    walk(dir);
    return total;
}

;// CONCATENATED MODULE: ./src/gc/run.ts
/**
 * Carries out a GC plan in one transaction. Each directory is first renamed
 * to a temporary name (atomic), then deleted: a crash never leaves a
 * half-deleted flat tree or layer under its final name, where a later sync
 * would take it for complete.
 */






async function runGc(opts) {
    const root = opts.publisher.root;
    const plan = planGc(readInventory(root), { now: opts.now ?? Date.now(), graceMs: opts.graceMs, wanted: opts.wanted });
    const dirs = [...plan.flats.map(repo/* flatDir */.ZO), ...plan.layers.map(repo/* layerDir */.pe)];
    const bytes = dirs.reduce((sum, d) => sum + treeSize((0,external_node_path_.join)(root, d)), 0);
    const report = { ...plan, dryRun: opts.dryRun, bytes };
    const nothing = plan.links.length + plan.metadata.length + dirs.length === 0;
    if (opts.dryRun || nothing)
        return report;
    const txn = await opts.publisher.begin({ logger: opts.logger });
    try {
        const txnRoot = txn.root;
        // Journaled on a dir target: an aborted gc puts the links back.
        for (const l of plan.links)
            (0,repo/* removeEntry */.b4)((0,external_node_path_.join)(txnRoot, l));
        for (const m of plan.metadata)
            removeDir((0,external_node_path_.join)(txnRoot, repo/* METADATA_DIR */.ys, m));
        for (const d of dirs)
            removeDir((0,external_node_path_.join)(txnRoot, d));
        await txn.commit();
    }
    catch (err) {
        await txn.abort(err).catch(() => { });
        throw new Error(`collecting garbage in ${opts.publisher.describe()}`, { cause: err });
    }
    return report;
}
function removeDir(path) {
    if (!(0,external_node_fs_.existsSync)(path))
        return;
    const doomed = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), `${repo/* TEMP_PREFIX */.MX}gc-${(0,external_node_path_.basename)(path)}`);
    (0,external_node_fs_.rmSync)(doomed, { recursive: true, force: true });
    (0,external_node_fs_.renameSync)(path, doomed);
    (0,external_node_fs_.rmSync)(doomed, { recursive: true, force: true });
}

;// CONCATENATED MODULE: ./src/gc/index.ts






/***/ })

};
