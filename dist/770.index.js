export const id = 770;
export const ids = [770,389];
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


/***/ })

};
