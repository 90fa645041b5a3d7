export const id = 531;
export const ids = [531,770];
export const modules = {

/***/ 3531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runGcCommand: () => (/* binding */ runGcCommand)
/* harmony export */ });
/* harmony import */ var _recipe_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6254);
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4414);
/* harmony import */ var _gc_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8508);
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6657);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7593);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(586);
/* harmony import */ var _sync_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8770);
/** `cvmfs-unpack gc`: remove what no published image refers to. */







async function runGcCommand(ctx) {
    const publisher = (0,_sync_js__WEBPACK_IMPORTED_MODULE_5__.openTarget)(ctx);
    const graceMs = (0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .parseDuration */ .E9)((0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(ctx, 'grace-period') ?? '7d', '--grace-period');
    let wanted;
    if ((0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .flag */ .Jt)(ctx, 'prune')) {
        const file = (0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(ctx, 'recipe');
        if (!file)
            throw new _args_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('--prune needs --recipe FILE', 'gc');
        wanted = await recipeWants(file);
    }
    const report = await (0,_gc_index_js__WEBPACK_IMPORTED_MODULE_2__/* .runGc */ .OA)({ publisher, dryRun: (0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .flag */ .Jt)(ctx, 'dry-run'), graceMs, wanted, logger: ctx.output.logger });
    const out = ctx.io.stdout;
    if (ctx.json) {
        out.write(`${JSON.stringify({ event: 'gc', ...report })}\n`);
        return 0;
    }
    const verb = report.dryRun ? 'would remove' : 'removed';
    for (const l of report.links)
        out.write(`${verb} link      ${l}\n`);
    for (const m of report.metadata)
        out.write(`${verb} metadata  ${m}\n`);
    for (const f of report.flats)
        out.write(`${verb} flat      ${f}\n`);
    for (const l of report.layers)
        out.write(`${verb} layer     ${l}\n`);
    for (const n of report.notes)
        ctx.io.stderr.write(`note: ${n}\n`);
    out.write(`${verb}: ${report.links.length} link(s), ${report.metadata.length} metadata dir(s), ${report.flats.length} flat tree(s), ${report.layers.length} layer(s), ${(0,_output_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(report.bytes)}\n`);
    return 0;
}
/**
 * Whether a published name (`<registry>/<repository>:<tag>`, or under
 * `.multiarch/<arch>/`) is still named by the recipe; wildcard tags match
 * as patterns, so tags that appeared upstream stay.
 */
async function recipeWants(file) {
    const recipe = await (0,_recipe_index_js__WEBPACK_IMPORTED_MODULE_0__/* .loadRecipe */ .Tc)(file);
    // publicLinkPath refuses wildcard tags; a wildcard input is the same form, as a pattern.
    const patterns = recipe.inputs.map((i) => (i.ref.tag?.includes('*') ? `${i.ref.registry}/${i.ref.repository}:${i.ref.tag}` : (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_1__/* .publicLinkPath */ .$O)(i.ref)));
    return (linkPath) => {
        const name = linkPath.startsWith('.multiarch/') ? linkPath.split('/').slice(2).join('/') : linkPath;
        return patterns.some((p) => (p.includes('*') ? (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_1__/* .matchGlob */ .sB)(p, name) : p === name));
    };
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






/***/ }),

/***/ 6254:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  y: () => (/* reexport */ expandWildcards),
  RE: () => (/* reexport */ inputPlatforms),
  V2: () => (/* reexport */ isErrorIgnored),
  Tc: () => (/* reexport */ loadRecipe)
});

// UNUSED EXPORTS: DEFAULT_OUTPUT_FORMAT, DEFAULT_PLATFORMS, OUTPUT_PLACEHOLDERS, RecipeError, expandOutputFormat, parseRecipe

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/recipe/output-format.ts
const OUTPUT_PLACEHOLDERS = ['scheme', 'registry', 'repository', 'tag', 'digest', 'reference', 'image'];
/** DUCC's default output format, used when a recipe sets none. */
const DEFAULT_OUTPUT_FORMAT = '$(scheme)://$(registry)/$(repository)_thin:$(tag)';
const PLACEHOLDER = /\$\(([^()]*)\)/g;
/** The placeholder names used in `format` that are not known, in order of appearance. */
function unknownPlaceholders(format) {
    const known = new Set(OUTPUT_PLACEHOLDERS);
    return [...format.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !known.has(name));
}
function expandOutputFormat(format, ref, digest) {
    const reference = (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
    const values = {
        scheme: ref.scheme,
        registry: ref.registry,
        repository: ref.repository,
        tag: ref.tag ?? '',
        digest: ref.digest ?? digest ?? '',
        reference,
        image: ref.repository + reference,
    };
    return format.replace(PLACEHOLDER, (whole, name) => Object.hasOwn(values, name) ? values[name] : whole);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/recipe/schema.ts
/**
 * The shape of recipe.yaml (zod). Only types and structure are checked here;
 * image references, platforms and placeholders are checked by recipe.ts,
 * which knows where each value is in the file.
 *
 * Keys of DUCC's format version 1 keep DUCC's spelling (`cvmfs_repo`,
 * `output_format`); our extensions are in camelCase (`platforms`,
 * `ignoreErrors`). Unknown keys are refused, so that a misspelt key is
 * reported instead of silently ignored; at the top level recipe.ts does that
 * itself, so that one misspelt key does not hide the other problems.
 */

/** An item of `input`, in its object form (an extension; the string form is DUCC's). */
const InputObjectSchema = schemas/* strictObject */.rej({
    image: schemas/* string */.YjP(),
    platforms: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    ignoreErrors: schemas/* boolean */.zMY().optional(),
});
const RecipeFileSchema = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    user: schemas/* string */.YjP().optional(),
    cvmfs_repo: schemas/* string */.YjP().optional(),
    output_format: schemas/* string */.YjP().optional(),
    platforms: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    ignoreErrors: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    // Items are checked one by one (string or InputObjectSchema) to give precise messages.
    input: schemas/* array */.YOg(schemas/* unknown */.L5J()),
});
/** The top-level keys a recipe may have. */
const RECIPE_KEYS = Object.keys(RecipeFileSchema.shape);

;// CONCATENATED MODULE: ./src/recipe/yaml-source.ts
/**
 * Where a value sits in a YAML source, and a readable account of zod's
 * complaints about it: the recipe's errors name file, line and the path of
 * the value (`recipe.yaml:7: input[3]: …`).
 */

/** 'input[3].platforms[0]' for ['input', 3, 'platforms', 0]. */
function formatPath(path) {
    let out = '';
    for (const seg of path) {
        if (typeof seg === 'number')
            out += `[${seg}]`;
        else
            out += out === '' ? String(seg) : `.${String(seg)}`;
    }
    return out;
}
/** Offset of the start of a node, if it has a position. */
function startOf(node) {
    if (node !== null && typeof node === 'object' && 'range' in node) {
        const range = node.range;
        if (Array.isArray(range) && typeof range[0] === 'number')
            return range[0];
    }
    return undefined;
}
/**
 * The line (1-based) of the value at `path`; with `key`, of that key of the
 * mapping at `path`. Falls back to the nearest enclosing node that exists.
 */
function lineAt(doc, lineCounter, path, key) {
    let node = doc.contents;
    let offset = startOf(node);
    const segments = key === undefined ? [...path] : [...path, key];
    for (const [i, seg] of segments.entries()) {
        const last = i === segments.length - 1;
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => ((0,dist/* isScalar */.jn)(p.key) ? p.key.value === seg : p.key === seg));
            if (pair === undefined)
                break;
            offset = startOf(pair.key) ?? offset;
            if (last && key !== undefined)
                break;
            node = pair.value;
            // An empty value ('input:' and nothing) is placed after the key: report the key's line.
            if ((0,dist/* isScalar */.jn)(node) && node.value === null && node.source === '')
                break;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof seg === 'number') {
            node = node.items[seg];
        }
        else {
            break;
        }
        offset = startOf(node) ?? offset;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
/** The plain value at `path` of a parsed (toJS) document. */
function valueAt(root, path) {
    let value = root;
    for (const seg of path) {
        if (value === null || typeof value !== 'object')
            return undefined;
        value = value[seg];
    }
    return value;
}
/** 'a list', 'a number', 'nothing', … for error messages. */
function describeValue(value) {
    if (value === null || value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(value)}`;
    return `${typeof value} ${String(value)}`;
}
const EXPECTED = {
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
};
/**
 * zod's issues as problems located in the YAML source. `base` is the path of
 * the validated value inside the document (for a value validated on its own).
 */
function issuesToProblems(issues, root, doc, lineCounter, base = []) {
    const problems = [];
    for (const issue of issues) {
        const path = [...base, ...issue.path];
        const value = valueAt(root, path);
        if (issue.code === 'unrecognized_keys') {
            for (const key of issue.keys) {
                problems.push({ line: lineAt(doc, lineCounter, path, key), path: formatPath([...path, key]), message: 'unknown key' });
            }
            continue;
        }
        let message = issue.message;
        if (value === undefined)
            message = 'is required';
        else if (issue.code === 'invalid_type')
            message = `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}`;
        else if (issue.code === 'invalid_value')
            message = `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
        problems.push({ line: lineAt(doc, lineCounter, path), path: formatPath(path), message });
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/recipe/wildcards.ts
/**
 * Expansion of wildcard tags (`pyhf/pyhf:*`, `analysisbase:21.2.1*`) against
 * the registry's tag list. Pure apart from the `listTags` function it is
 * given, so that the registry client stays outside.
 */

async function expandWildcards(recipe, listTags) {
    const errors = [];
    const unmatched = [];
    const expanded = await Promise.all(recipe.inputs.map(async (input) => {
        if (!(0,reference/* isWildcard */.z2)(input.ref))
            return [input];
        const pattern = input.ref.tag ?? '';
        const repo = `${input.ref.registry}/${input.ref.repository}`;
        let tags;
        try {
            tags = await listTags(input.ref);
        }
        catch (cause) {
            const why = cause instanceof Error ? cause.message : String(cause);
            errors.push({ input, error: new Error(`listing the tags of ${repo} to expand "${pattern}": ${why}`, { cause }) });
            return [];
        }
        const matching = [...new Set(tags.filter((tag) => (0,reference/* matchGlob */.sB)(pattern, tag)))].sort();
        const out = [];
        for (const tag of matching) {
            try {
                out.push({ ...input, ref: (0,reference/* withTag */.Rd)(input.ref, tag) });
            }
            catch (cause) {
                if (!(cause instanceof reference/* InvalidReferenceError */.x_))
                    throw cause;
                errors.push({ input, error: new Error(`expanding ${repo}:${pattern}: the registry listed an invalid tag: ${cause.message}`, { cause }) });
            }
        }
        if (matching.length === 0)
            unmatched.push(input);
        return out;
    }));
    const refs = [];
    const seen = new Set();
    for (const input of expanded.flat()) {
        const key = (0,reference/* formatImageRef */.kL)(input.ref);
        if (seen.has(key))
            continue;
        seen.add(key);
        refs.push(input);
    }
    return { refs, errors, unmatched };
}

;// CONCATENATED MODULE: ./src/recipe/recipe.ts
/**
 * recipe.yaml: DUCC's wishlist of images to publish, with a few extensions.
 *
 * DUCC's format version 1 (accepted unchanged, e.g. unpacked.cern.ch's own):
 *
 *   version: 1                       # required, must be 1
 *   user: cvmfsunpacker              # optional; kept for DUCC compatibility
 *   cvmfs_repo: unpacked.cern.ch     # optional; the CVMFS repository
 *   output_format: '…$(image)'       # optional; DUCC's thin-image name (see output-format.ts)
 *   input:                           # required; image references
 *     - 'https://registry.hub.docker.com/library/centos:centos7'
 *     - 'https://ghcr.io/org/runner:*'     # wildcard tag: every matching tag
 *
 * Our extensions (camelCase; DUCC ignores them, we document them in docs/recipe.md):
 *
 *   platforms: [linux/amd64, linux/arm64]   # default platforms for every input (default linux/amd64)
 *   ignoreErrors: ['ghcr.io/org/*']         # glob patterns of images whose failures are not errors
 *   input:
 *     - image: 'quay.io/org/app:1.0'        # object form of an input item
 *       platforms: [linux/arm64]            #   platforms for this image only
 *       ignoreErrors: true                  #   its failures are not errors
 *
 * Inputs may be written in DUCC's URL form or as Docker short references
 * (`centos:7`); each is normalised, and duplicates are dropped (the first
 * occurrence is kept). Errors name the file, the line and the value:
 * `recipe.yaml:7: input[3]: "foo bar" is not an image reference: contains whitespace`.
 */






const DEFAULT_PLATFORMS = ['linux/amd64'];
/** A recipe that cannot be read or is not valid; the message lists every problem. */
class RecipeError extends Error {
    name = 'RecipeError';
    file;
    /** Line of the first problem. */
    line;
    problems;
    constructor(message, opts = {}) {
        super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
        if (opts.file !== undefined)
            this.file = opts.file;
        if (opts.line !== undefined)
            this.line = opts.line;
        this.problems = opts.problems ?? [];
    }
}
/** os/arch or os/arch/variant, as in an OCI image index. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9.]+)?$/;
/** A CVMFS repository name: a host-like name, since it becomes /cvmfs/<name> and a command argument. */
const CVMFS_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
function problemsError(unsorted, file) {
    // In the order of the file (a stable sort keeps the order of problems on one line).
    const problems = unsorted.toSorted((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const where = file ?? '<recipe>';
    const lines = problems.map((p) => `${where}${p.line !== undefined ? `:${p.line}` : ''}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`);
    const opts = { problems };
    if (file !== undefined)
        opts.file = file;
    const line = problems[0]?.line;
    if (line !== undefined)
        opts.line = line;
    return new RecipeError(lines.join('\n'), opts);
}
/** Parses and validates a recipe. Pure: `file` is only used in messages. Throws RecipeError. */
function parseRecipe(text, file) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw problemsError(doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, path: '', message: `not valid YAML: ${e.message}` })), file);
    }
    const root = doc.toJS();
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
        throw problemsError([{ line: 1, path: '', message: 'expected a mapping with the keys version and input' }], file);
    }
    const problems = [];
    const at = (path) => lineAt(doc, lineCounter, path);
    const problem = (path, message) => problems.push({ line: at(path), path: formatPath(path), message });
    for (const key of Object.keys(root).filter((k) => !RECIPE_KEYS.includes(k))) {
        problems.push({ line: lineAt(doc, lineCounter, [], key), path: key, message: `unknown key (known keys: ${RECIPE_KEYS.join(', ')})` });
    }
    const parsed = RecipeFileSchema.safeParse(root);
    if (!parsed.success) {
        problems.push(...issuesToProblems(parsed.error.issues, root, doc, lineCounter));
        throw problemsError(problems, file);
    }
    const data = parsed.data;
    if (data.cvmfs_repo !== undefined && !CVMFS_REPO.test(data.cvmfs_repo)) {
        problem(['cvmfs_repo'], `${JSON.stringify(data.cvmfs_repo)} is not a CVMFS repository name`);
    }
    if (data.output_format !== undefined) {
        for (const name of unknownPlaceholders(data.output_format)) {
            problem(['output_format'], `unknown placeholder "$(${name})" (known: $(scheme) $(registry) $(repository) $(tag) $(digest) $(reference) $(image))`);
        }
    }
    const platforms = data.platforms === undefined ? [...DEFAULT_PLATFORMS] : checkPlatforms(data.platforms, ['platforms'], problem);
    if (data.platforms?.length === 0)
        problem(['platforms'], 'expected at least one platform');
    const ignoreErrors = data.ignoreErrors ?? [];
    ignoreErrors.forEach((pattern, i) => {
        if (pattern === '')
            problem(['ignoreErrors', i], 'expected a pattern, got an empty string');
    });
    const inputs = [];
    const seen = new Set();
    data.input.forEach((item, i) => {
        const input = readInput(item, ['input', i], { root, doc, lineCounter, at, problem, problems });
        if (input === undefined)
            return;
        const key = (0,reference/* formatImageRef */.kL)(input.ref);
        if (seen.has(key))
            return;
        seen.add(key);
        inputs.push(input);
    });
    if (problems.length > 0)
        throw problemsError(problems, file);
    const recipe = { version: 1, platforms, inputs, ignoreErrors };
    if (data.user !== undefined)
        recipe.user = data.user;
    if (data.cvmfs_repo !== undefined)
        recipe.cvmfsRepo = data.cvmfs_repo;
    if (data.output_format !== undefined)
        recipe.outputFormat = data.output_format;
    if (file !== undefined)
        recipe.file = file;
    return recipe;
}
/** One item of `input`: a reference string, or { image, platforms?, ignoreErrors? }. */
function readInput(item, path, ctx) {
    let source;
    let imagePath = path;
    let input = {};
    if (typeof item === 'string') {
        source = item;
    }
    else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const parsed = InputObjectSchema.safeParse(item);
        if (!parsed.success) {
            ctx.problems.push(...issuesToProblems(parsed.error.issues, ctx.root, ctx.doc, ctx.lineCounter, path));
            return undefined;
        }
        source = parsed.data.image;
        imagePath = [...path, 'image'];
        if (parsed.data.platforms !== undefined) {
            input.platforms = checkPlatforms(parsed.data.platforms, [...path, 'platforms'], ctx.problem);
            if (parsed.data.platforms.length === 0)
                ctx.problem([...path, 'platforms'], 'expected at least one platform');
        }
        if (parsed.data.ignoreErrors !== undefined)
            input.ignoreErrors = parsed.data.ignoreErrors;
    }
    else {
        ctx.problem(path, `expected an image reference (a string) or a mapping with the key image, got ${describeValue(item)}`);
        return undefined;
    }
    try {
        const ref = (0,reference/* parseImageRef */.Q)(source, { allowWildcard: true });
        return { ref, source, line: ctx.at(path) ?? 0, ...input };
    }
    catch (error) {
        if (!(error instanceof reference/* InvalidReferenceError */.x_))
            throw error;
        ctx.problem(imagePath, error.message);
        return undefined;
    }
}
function checkPlatforms(list, path, problem) {
    list.forEach((platform, i) => {
        if (!PLATFORM.test(platform))
            problem([...path, i], `${JSON.stringify(platform)} is not a platform (expected os/arch or os/arch/variant, e.g. linux/arm64/v8)`);
    });
    return [...new Set(list)];
}
/** Reads and parses a recipe file. Throws RecipeError. */
async function loadRecipe(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (cause) {
        throw new RecipeError(`reading recipe ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { file, cause });
    }
    return parseRecipe(text, file);
}
/** The platforms to publish for an input. */
function inputPlatforms(recipe, input) {
    return input.platforms ?? recipe.platforms;
}
/**
 * Whether a failure of `input` is not to be reported as an error: the item
 * says `ignoreErrors: true`, or a pattern of the recipe's `ignoreErrors`
 * matches the reference as normalised ('quay.io/org/app:1.0'), in DUCC's URL
 * form ('https://quay.io/org/app:1.0') or as written in the recipe.
 */
function isErrorIgnored(recipe, input) {
    if (input.ignoreErrors === true)
        return true;
    const names = [(0,reference/* formatImageRef */.kL)(input.ref), (0,reference/* formatUrlRef */.u8)(input.ref), input.source];
    return recipe.ignoreErrors.some((pattern) => names.some((name) => (0,reference/* matchGlob */.sB)(pattern, name)));
}
// The rest of the recipe API, also reachable from this file.



;// CONCATENATED MODULE: ./src/recipe/index.ts





/***/ })

};
