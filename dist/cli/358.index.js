export const id = 358;
export const ids = [358,770];
export const modules = {

/***/ 358:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runLoop: () => (/* binding */ runLoop)
});

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/convert/index.ts + 2 modules
var convert = __webpack_require__(3575);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
;// CONCATENATED MODULE: ./src/schedule/backoff.ts
function nextAttempt(prev, now, intervalMs, maxMs, error) {
    const failures = (prev?.failures ?? 0) + 1;
    // The first failure is retried at the next cycle; later ones back off.
    const wait = Math.min(intervalMs * 2 ** (failures - 1), Math.max(maxMs, intervalMs));
    // Retry slightly before the cycle that is due, so timer jitter does not skip it.
    return { failures, notBefore: now + wait - Math.min(intervalMs / 10, 5_000), lastError: error };
}
function isDue(state, now) {
    return state === undefined || now >= state.notBefore;
}

;// CONCATENATED MODULE: ./src/schedule/loop.ts
/**
 * The scheduled sync (`cvmfs-unpack loop`, and the agent's `recipe:`): every
 * interval, re-read the recipe, expand wildcards, publish what is new or
 * changed in one transaction, and report each image as unchanged, updated or
 * failed. A failing image backs off and never blocks the others; an abort
 * signal finishes (or aborts) the running transaction and ends the loop.
 */





async function runScheduled(opts) {
    const now = opts.now ?? Date.now;
    const failures = new Map();
    const reports = [];
    for (let cycle = 1;; cycle++) {
        const started = now();
        const report = { cycle, unchanged: [], updated: [], failed: [], skipped: [], ms: 0 };
        try {
            const { requests, failed, ignored } = await opts.source();
            const due = requests.filter((r) => {
                // The same form as ImageResult.ref, so that failures and requests line up.
                const key = (0,reference/* formatImageRef */.kL)(r.ref);
                if (isDue(failures.get(key), started))
                    return true;
                report.skipped.push(key);
                return false;
            });
            const results = [...failed, ...(await (0,convert/* syncImages */.S)(due, { publisher: opts.publisher, client: opts.client, logger: opts.logger, onEvent: opts.onEvent, signal: opts.signal, batch: opts.batch }))];
            for (const r of results) {
                if (r.status === 'failed') {
                    const error = r.error ?? 'unknown error';
                    failures.set(r.ref, nextAttempt(failures.get(r.ref), now(), opts.intervalMs, opts.maxBackoffMs ?? 6 * 3_600_000, error));
                    report.failed.push({ ref: r.ref, error, ignored: ignored(r.ref) });
                }
                else {
                    failures.delete(r.ref);
                    (r.status === 'unchanged' ? report.unchanged : report.updated).push(r.ref);
                }
            }
        }
        catch (err) {
            // A recipe that cannot be read this cycle (being edited, a typo) is reported; the loop goes on.
            report.failed.push({ ref: '(recipe)', error: (0,errors/* describeError */.U)(err), ignored: false });
        }
        report.ms = now() - started;
        reports.push(report);
        logCycle(opts.logger, report, failures);
        await opts.onCycle?.(report);
        if (opts.once || opts.signal?.aborted)
            return reports;
        try {
            await (0,promises_.setTimeout)(opts.intervalMs, undefined, { signal: opts.signal });
        }
        catch {
            return reports; // aborted while waiting
        }
    }
}
function logCycle(logger, r, failures) {
    for (const f of r.failed) {
        const state = failures.get(f.ref);
        (f.ignored ? logger.warn : logger.error)('image failed', {
            cycle: r.cycle,
            image: f.ref,
            error: f.error,
            failures: state?.failures,
            retryAt: state ? new Date(state.notBefore).toISOString() : undefined,
        });
    }
    logger.info('cycle done', {
        cycle: r.cycle,
        unchanged: r.unchanged.length,
        updated: r.updated.length,
        failed: r.failed.length,
        backingOff: r.skipped.length,
        ms: r.ms,
    });
}

// EXTERNAL MODULE: ./src/registry/index.ts + 13 modules
var registry = __webpack_require__(4644);
// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/commands/context.ts
var context = __webpack_require__(586);
// EXTERNAL MODULE: ./src/cli/commands/sync.ts
var sync = __webpack_require__(8770);
// EXTERNAL MODULE: ./src/schedule/recipe-source.ts
var recipe_source = __webpack_require__(4029);
;// CONCATENATED MODULE: ./src/cli/commands/loop.ts
/** `cvmfs-unpack loop --recipe FILE [--interval 15m]`: the scheduled sync. */






async function runLoop(ctx) {
    const recipe = (0,context/* stringOption */.Pp)(ctx, 'recipe');
    if (!recipe)
        throw new args/* UsageError */.eb('--recipe is required', 'loop');
    const intervalMs = (0,args/* parseDuration */.E9)((0,context/* stringOption */.Pp)(ctx, 'interval') ?? '15m', '--interval');
    if (intervalMs < 1000)
        throw new args/* UsageError */.eb('--interval: at least 1s', 'loop');
    const publisher = (0,sync.openTarget)(ctx);
    const platforms = (0,sync.parsePlatforms)(ctx);
    const logger = ctx.output.logger;
    const client = new registry/* RegistryClient */.bP({ credentials: registry/* CredentialStore */.L5.fromEnvironment(ctx.io.env), logger });
    logger.info('loop started', { recipe, target: publisher.describe(), intervalMs });
    const reports = await runScheduled({
        source: () => (0,recipe_source.recipeRequests)(recipe, platforms, logger, client),
        publisher,
        client,
        intervalMs,
        once: (0,context/* flag */.Jt)(ctx, 'once'),
        logger,
        onEvent: (e) => ctx.output.onEvent(e),
        signal: ctx.io.signal,
        batch: (0,context/* batchFromEnv */.oO)(ctx.io.env),
    });
    ctx.output.close();
    logger.info('loop stopped', { cycles: reports.length, reason: ctx.io.signal?.aborted ? String(ctx.io.signal.reason) : 'done' });
    const last = reports.at(-1);
    return last && last.failed.some((f) => !f.ignored) ? 1 : 0;
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


/***/ })

};
