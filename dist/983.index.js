export const id = 983;
export const ids = [983,770,389];
export const modules = {

/***/ 586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EK: () => (/* binding */ applyInsecureRegistries),
/* harmony export */   Ip: () => (/* binding */ outputSwitches),
/* harmony export */   Jt: () => (/* binding */ flag),
/* harmony export */   Pp: () => (/* binding */ stringOption),
/* harmony export */   nA: () => (/* binding */ targetSpec),
/* harmony export */   oO: () => (/* binding */ batchFromEnv),
/* harmony export */   y8: () => (/* binding */ listOption)
/* harmony export */ });
function stringOption(ctx, name) {
    const v = ctx.values[name];
    return typeof v === 'string' ? v : undefined;
}
function listOption(ctx, name) {
    const v = ctx.values[name];
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}
function flag(ctx, name) {
    return ctx.values[name] === true;
}
/** DUCC's --skip-* switches and --username (the thin image's push user; password: DUCC_OUTPUT_REGISTRY_PASS). */
function outputSwitches(ctx) {
    const user = stringOption(ctx, 'username');
    const password = ctx.io.env.DUCC_OUTPUT_REGISTRY_PASS;
    return {
        skipFlat: flag(ctx, 'skip-flat'),
        skipLayers: flag(ctx, 'skip-layers'),
        skipPodman: flag(ctx, 'skip-podman'),
        skipThinImage: flag(ctx, 'skip-thin-image'),
        ...(user !== undefined ? { user } : {}),
        ...(password !== undefined ? { password } : {}),
    };
}
/** --target, else $CVMFS_UNPACK_TARGET, else dir:./unpacked. */
function targetSpec(ctx) {
    return stringOption(ctx, 'target') ?? ctx.io.env.CVMFS_UNPACK_TARGET ?? 'dir:./unpacked';
}
/** The transaction bound from CVMFS_UNPACK_BATCH_IMAGES / CVMFS_UNPACK_BATCH_BYTES (unset: the engine's default). */
function batchFromEnv(env) {
    const num = (name) => {
        const v = env[name];
        if (v === undefined || v === '')
            return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1)
            throw new Error(`${name}: "${v}" is not a positive whole number`);
        return n;
    };
    const images = num('CVMFS_UNPACK_BATCH_IMAGES');
    const bytes = num('CVMFS_UNPACK_BATCH_BYTES');
    return { ...(images ? { images } : {}), ...(bytes ? { bytes } : {}) };
}
/**
 * --insecure-registry (repeatable) joins CVMFS_UNPACK_INSECURE_REGISTRIES,
 * which every registry client of this process reads.
 */
function applyInsecureRegistries(ctx) {
    const given = listOption(ctx, 'insecure-registry').flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
    if (given.length === 0)
        return;
    const env = [process.env.CVMFS_UNPACK_INSECURE_REGISTRIES, ctx.io.env.CVMFS_UNPACK_INSECURE_REGISTRIES].filter(Boolean).join(',');
    process.env.CVMFS_UNPACK_INSECURE_REGISTRIES = [env, ...given].filter(Boolean).join(',');
}


/***/ }),

/***/ 8770:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkedSwitches: () => (/* binding */ checkedSwitches),
/* harmony export */   openTarget: () => (/* binding */ openTarget),
/* harmony export */   outputOptionsOrUsage: () => (/* binding */ outputOptionsOrUsage),
/* harmony export */   parsePlatforms: () => (/* binding */ parsePlatforms),
/* harmony export */   report: () => (/* binding */ report),
/* harmony export */   runSync: () => (/* binding */ runSync)
/* harmony export */ });
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4414);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2388);
/* harmony import */ var _publish_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7895);
/* harmony import */ var _convert_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(891);
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
            return (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.parsePlatform)(p);
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
    (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .applyInsecureRegistries */ .EK)(ctx);
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
    const switches = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .outputSwitches */ .Ip)(ctx);
    const thinImageName = (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(ctx, 'thin-image-name');
    if (thinImageName !== undefined && (recipe || ctx.positionals.length !== 1) && !thinImageName.includes('$(')) {
        throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('--thin-image-name names the thin image of one IMAGE (or use placeholders such as $(image))', 'sync');
    }
    if (thinImageName !== undefined)
        switches.thinImageName = thinImageName;
    let outputs;
    if (recipe) {
        // Loaded only for --recipe: a plain sync need not compile the YAML and recipe schemas.
        const { recipeRequests } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(346), __webpack_require__.e(29)]).then(__webpack_require__.bind(__webpack_require__, 4029));
        const fromRecipe = await recipeRequests(recipe, platforms, ctx.output.logger, undefined, checkedSwitches(switches), ctx.io.env);
        requests.push(...fromRecipe.requests);
        failed.push(...fromRecipe.failed);
        ignored = fromRecipe.ignored;
        outputs = fromRecipe.outputs;
    }
    else {
        outputs = outputOptionsOrUsage(switches);
        if (outputs.thin)
            outputs.thin.credentials = _registry_index_js__WEBPACK_IMPORTED_MODULE_1__.CredentialStore.fromEnvironment(ctx.io.env);
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
        outputs,
    });
    ctx.output.close();
    return report([...failed, ...results], ctx, (0,_context_js__WEBPACK_IMPORTED_MODULE_5__/* .flag */ .Jt)(ctx, 'json'), ignored);
}
/** The outputs the switches ask for; contradictory switches are a usage error. */
function outputOptionsOrUsage(switches, command = 'sync') {
    try {
        return (0,_convert_index_js__WEBPACK_IMPORTED_MODULE_3__/* .outputOptions */ .I6)(switches);
    }
    catch (err) {
        throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(err.message, command);
    }
}
/** The switches, refused up front when they contradict each other (a recipe may add to them). */
function checkedSwitches(switches, command = 'sync') {
    outputOptionsOrUsage(switches, command);
    return switches;
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
  zw: () => (/* reexport */ readInventory),
  OA: () => (/* reexport */ runGc),
  Uz: () => (/* reexport */ treeSize)
});

// UNUSED EXPORTS: matchNames, parseRemoval, planGc, planRemoval, removeNames

// EXTERNAL MODULE: ./src/repo/chains.ts
var repo_chains = __webpack_require__(9600);
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
    let chains = [];
    if (unknown.length > 0) {
        notes.push(`no layer or chain is removed: the layers of ${unknown.length} published image(s) are unknown (no readable manifest.json), e.g. ${unknown[0].linkPath}`);
    }
    else {
        const liveLayers = new Set(keptMeta.flatMap((m) => m.layerDigests ?? []));
        layers = inv.layers.filter((l) => !liveLayers.has(l.digest) && old(l.mtimeMs)).map((l) => l.digest);
        // Every prefix of a kept image is live: DUCC builds each, ours clone from them.
        const liveChains = new Set(keptMeta.flatMap((m) => (0,repo_chains/* chainIds */.s)(m.layerDigests ?? [])));
        chains = (inv.chains ?? []).filter((c) => !liveChains.has(c.digest) && old(c.mtimeMs)).map((c) => c.digest);
    }
    const recent = inv.flats.filter((f) => !liveFlats.has(f.digest) && !old(f.mtimeMs)).length;
    if (recent)
        notes.push(`${recent} unreferenced flat tree(s) kept: changed within the grace period`);
    return { links: removedLinks.sort(), metadata: metadata.sort(), flats: flats.sort(), layers: layers.sort(), chains: chains.sort(), notes };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/repo/index.ts + 4 modules
var repo = __webpack_require__(7818);
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
    return { links: links(root), metadata: metadata(root), flats: digestDirs(root, repo/* FLAT_DIR */.wo), layers: digestDirs(root, repo/* LAYERS_DIR */.Fj), chains: digestDirs(root, repo/* CHAINS_DIR */.Vb) };
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

// EXTERNAL MODULE: ./src/podman/store.ts + 1 modules
var store = __webpack_require__(5825);
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
    const dirs = [...plan.flats.map(repo/* flatDir */.ZO), ...plan.layers.map(repo/* layerDir */.pe), ...plan.chains.map(repo/* chainDir */.DV)];
    const bytes = dirs.reduce((sum, d) => sum + treeSize((0,external_node_path_.join)(root, d)), 0);
    const report = { ...plan, dryRun: opts.dryRun, bytes };
    const nothing = plan.links.length + plan.metadata.length + dirs.length === 0;
    if (opts.dryRun || nothing)
        return report;
    // Layer dirs with literal .wh.* files (DUCC's, and our opaque markers) where a transaction
    // cannot remove them (cvmfs): removed first, outside the transaction.
    const literal = opts.publisher.removeTrees ? plan.layers.map(repo/* layerDir */.pe).filter((d) => holdsWhiteoutFile((0,external_node_path_.join)(root, d))) : [];
    if (literal.length > 0) {
        try {
            await opts.publisher.removeTrees(literal, opts.logger);
        }
        catch (err) {
            throw new Error(`collecting garbage in ${opts.publisher.describe()}`, { cause: err });
        }
    }
    if (plan.links.length + plan.metadata.length + dirs.length === literal.length)
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
        // The podman store's entries of what is gone (src/podman/store.ts).
        const removed = (0,store/* reconcileStore */.gN)(txnRoot);
        if (removed.images || removed.layers)
            opts.logger.info('podman store entries removed', removed);
        await txn.commit();
    }
    catch (err) {
        await txn.abort(err).catch(() => { });
        throw new Error(`collecting garbage in ${opts.publisher.describe()}`, { cause: err });
    }
    return report;
}
/** Whether a tree holds a file named `.wh.*` (never following symlinks). */
function holdsWhiteoutFile(dir) {
    const stack = [dir];
    while (stack.length > 0) {
        const d = stack.pop();
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(d, { withFileTypes: true });
        }
        catch {
            continue;
        }
        for (const e of entries) {
            if (e.name.startsWith('.wh.') && !e.isDirectory())
                return true;
            if (e.isDirectory())
                stack.push((0,external_node_path_.join)(d, e.name));
        }
    }
    return false;
}
function removeDir(path) {
    if (!(0,external_node_fs_.existsSync)(path))
        return;
    const doomed = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), `${repo/* TEMP_PREFIX */.MX}gc-${(0,external_node_path_.basename)(path)}`);
    (0,external_node_fs_.rmSync)(doomed, { recursive: true, force: true });
    (0,external_node_fs_.renameSync)(path, doomed);
    (0,external_node_fs_.rmSync)(doomed, { recursive: true, force: true });
}

// EXTERNAL MODULE: ./src/gc/remove.ts
var remove = __webpack_require__(6312);
;// CONCATENATED MODULE: ./src/gc/index.ts







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
