export const id = 358;
export const ids = [358,770,29,389];
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
// EXTERNAL MODULE: ./src/convert/index.ts + 3 modules
var convert = __webpack_require__(891);
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
        const report = { cycle, unchanged: [], updated: [], failed: [], skipped: [], deferred: [], ms: 0 };
        try {
            const { requests, failed, ignored, outputs } = await opts.source();
            const due = requests.filter((r) => {
                // The same form as ImageResult.ref, so that failures and requests line up.
                const key = (0,reference/* formatImageRef */.kL)(r.ref);
                if (isDue(failures.get(key), started))
                    return true;
                report.skipped.push(key);
                return false;
            });
            const results = [...failed, ...(await (0,convert/* syncImages */.S)(due, { publisher: opts.publisher, client: opts.client, logger: opts.logger, onEvent: opts.onEvent, signal: opts.signal, batch: opts.batch, outputs, deferRateLimited: true }))];
            for (const r of results) {
                if (r.status === 'failed') {
                    const error = r.error ?? 'unknown error';
                    failures.set(r.ref, nextAttempt(failures.get(r.ref), now(), opts.intervalMs, opts.maxBackoffMs ?? 6 * 3_600_000, error));
                    report.failed.push({ ref: r.ref, error, ignored: ignored(r.ref) });
                }
                else if (r.status === 'deferred') {
                    // The registry's limit, not the image: no back-off, tried again next cycle.
                    report.deferred.push(r.ref);
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
        logCycle(opts.logger, report, failures, opts.client);
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
function logCycle(logger, r, failures, client) {
    if (r.deferred.length > 0)
        logger.warn('registry rate limit: images carried to the next cycle', { cycle: r.cycle, deferred: r.deferred.length, first: r.deferred[0] });
    for (const s of client?.rateLimits() ?? []) {
        if (s.limit === undefined && s.limited === 0)
            continue;
        logger.info('registry rate limit', { registry: s.registry, remaining: s.remaining, limit: s.limit, windowSeconds: s.windowSeconds, limited: s.limited, carried: s.carried, waitedMs: s.waitedMs });
    }
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
        deferred: r.deferred.length,
        ms: r.ms,
    });
}

// EXTERNAL MODULE: ./src/registry/index.ts + 10 modules
var registry = __webpack_require__(2388);
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
    (0,context/* applyInsecureRegistries */.EK)(ctx);
    const recipe = (0,context/* stringOption */.Pp)(ctx, 'recipe');
    if (!recipe)
        throw new args/* UsageError */.eb('--recipe is required', 'loop');
    const intervalMs = (0,args/* parseDuration */.E9)((0,context/* stringOption */.Pp)(ctx, 'interval') ?? '15m', '--interval');
    if (intervalMs < 1000)
        throw new args/* UsageError */.eb('--interval: at least 1s', 'loop');
    const publisher = (0,sync.openTarget)(ctx);
    const switches = (0,sync.checkedSwitches)((0,context/* outputSwitches */.Ip)(ctx), 'loop');
    const platforms = (0,sync.parsePlatforms)(ctx);
    const logger = ctx.output.logger;
    const client = new registry.RegistryClient({ credentials: registry.CredentialStore.fromEnvironment(ctx.io.env), logger });
    logger.info('loop started', { recipe, target: publisher.describe(), intervalMs });
    const reports = await runScheduled({
        source: () => (0,recipe_source.recipeRequests)(recipe, platforms, logger, client, switches, ctx.io.env),
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

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  x_: () => (/* reexport */ InvalidReferenceError),
  kL: () => (/* reexport */ formatImageRef),
  u8: () => (/* reexport */ formatUrlRef),
  zE: () => (/* reexport */ insecureRegistriesFromEnv),
  z2: () => (/* reexport */ isWildcard),
  sB: () => (/* reexport */ glob_matchGlob),
  Q: () => (/* reexport */ parseImageRef),
  $O: () => (/* reexport */ publicLinkPath),
  mO: () => (/* reexport */ registryBaseUrl),
  Rd: () => (/* reexport */ withTag)
});

// UNUSED EXPORTS: DOCKER_HUB, globToRegExp, isPlainHttpRegistry, matchesTag

;// CONCATENATED MODULE: ./src/reference/reference.ts
/**
 * Image references: parsing, normalising and formatting.
 *
 * Two spellings are accepted and normalised to one `ImageRef`:
 *
 *   - the DUCC/recipe form, a URL: `https://registry.hub.docker.com/library/centos:centos7`,
 *     `https://gitlab-p4n.aip.de:5005/group/img:latest`; `http://host:port/repo:tag`
 *     names a registry spoken to over plain HTTP;
 *   - Docker's short form: `centos:7`, `user/img`, `img@sha256:…`,
 *     `docker.io/library/x`, `localhost:5000/x`. The first path component is a
 *     registry when it contains `.` or `:` or is `localhost` (Docker's rule);
 *     otherwise the image is on Docker Hub.
 *
 * Docker Hub is always called `registry.hub.docker.com` (as unpacked.cern.ch
 * does) and a single-component Docker Hub name gets `library/`.
 *
 * Everything is validated, because references end up in file-system paths on
 * CVMFS and in logs: no whitespace, no `..`, no shell metacharacters, only
 * Distribution's grammar for names, tags and digests.
 */

/** A string that is not an acceptable image reference; the message says why. */
class InvalidReferenceError extends Error {
    name = 'InvalidReferenceError';
    input;
    /** Why the input was refused, without the input itself (e.g. 'contains whitespace'). */
    reason;
    constructor(input, reason) {
        super(`${JSON.stringify(input)} is not an image reference: ${reason}`);
        this.input = input;
        this.reason = reason;
    }
}
const DOCKER_HUB = 'registry.hub.docker.com';
const DOCKER_HUB_API = 'https://registry-1.docker.io';
/** Spellings of Docker Hub found in references; all are normalised to DOCKER_HUB. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', DOCKER_HUB]);
/** One component of a repository name (Distribution's grammar). */
const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** A tag pattern: like a tag, with '*' allowed anywhere. */
const TAG_PATTERN = /^[A-Za-z0-9_*][A-Za-z0-9._*-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST_COMPONENT = /^(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$/;
/** Docker's limit on the length of registry + '/' + repository. */
const NAME_MAX = 255;
/** Characters a shell would interpret: reported by name, they are the likely attack. */
const SHELL_META = new Set([...';|&$`\'"<>(){}[]\\!~^%=,+?#']);
/** Everything that may appear anywhere in a reference; the parts are checked further. */
const ALLOWED_CHAR = /[A-Za-z0-9._\-/:@*]/;
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
/**
 * Parses and normalises an image reference. Throws InvalidReferenceError
 * naming the input and the reason.
 */
function parseImageRef(input, opts = {}) {
    const fail = (reason) => {
        throw new InvalidReferenceError(input, reason);
    };
    if (input === '')
        fail('it is empty');
    if (/\s/.test(input))
        fail('contains whitespace');
    let scheme = 'https';
    let rest = input;
    const url = URL_SCHEME.exec(input);
    if (url) {
        const name = url[1].toLowerCase();
        if (name !== 'https' && name !== 'http')
            fail(`unsupported URL scheme "${url[1]}://" (use https://, http:// or none)`);
        scheme = name;
        rest = input.slice(url[0].length);
        if (rest.includes('?'))
            fail('a URL query ("?…") is not allowed');
        if (rest.includes('#'))
            fail('a URL fragment ("#…") is not allowed');
    }
    checkCharacters(rest, fail);
    const { registry: rawRegistry, path } = splitRegistry(rest, url !== null, fail);
    let registry = validateRegistry(rawRegistry, fail);
    // The digest follows the only '@'; the tag follows the last ':' of the last component.
    const at = path.indexOf('@');
    if (at !== -1 && path.indexOf('@', at + 1) !== -1)
        fail('more than one "@"');
    const name = at === -1 ? path : path.slice(0, at);
    const digest = at === -1 ? undefined : path.slice(at + 1);
    const colon = name.lastIndexOf(':');
    const hasTag = colon > name.lastIndexOf('/');
    let repository = hasTag ? name.slice(0, colon) : name;
    let tag = hasTag ? name.slice(colon + 1) : undefined;
    if (DOCKER_HUB_ALIASES.has(registry)) {
        registry = DOCKER_HUB;
        // Docker Hub's official images live under library/.
        if (repository !== '' && !repository.includes('/'))
            repository = `library/${repository}`;
    }
    validateRepository(repository, fail);
    if (registry.length + 1 + repository.length > NAME_MAX)
        fail(`the name is longer than ${NAME_MAX} characters`);
    if (tag !== undefined)
        validateTag(tag, opts.allowWildcard ?? false, fail);
    if (digest !== undefined) {
        validateDigest(digest, fail);
        if (tag?.includes('*'))
            fail('a wildcard tag cannot be combined with a digest');
    }
    if (tag === undefined && digest === undefined) {
        tag = opts.defaultTag ?? 'latest';
        validateTag(tag, false, (reason) => fail(`default tag: ${reason}`));
    }
    const ref = { scheme, registry, repository };
    if (tag !== undefined)
        ref.tag = tag;
    if (digest !== undefined)
        ref.digest = digest;
    return ref;
}
function checkCharacters(text, fail) {
    for (const ch of text) {
        if (ALLOWED_CHAR.test(ch))
            continue;
        // Shell metacharacters are named as such: such a reference is refused before it reaches a path or a command.
        if (SHELL_META.has(ch))
            fail(`contains the shell metacharacter ${JSON.stringify(ch)}`);
        fail(`contains the character ${JSON.stringify(ch)}`);
    }
}
function splitRegistry(rest, isUrl, fail) {
    const slash = rest.indexOf('/');
    if (isUrl) {
        if (slash === -1)
            fail('the URL has no repository path');
        if (slash === 0)
            fail('the URL has no registry host');
        return { registry: rest.slice(0, slash), path: rest.slice(slash + 1) };
    }
    if (slash > 0) {
        const first = rest.slice(0, slash);
        // Docker's rule: a first component with '.' or ':' (or 'localhost') names a registry.
        if (first.includes('.') || first.includes(':') || first === 'localhost') {
            return { registry: first, path: rest.slice(slash + 1) };
        }
    }
    return { registry: DOCKER_HUB, path: rest };
}
/** Checks host[:port] and returns it in lower case. */
function validateRegistry(registry, fail) {
    // Credentials in a reference would end up in logs and paths.
    if (registry.includes('@'))
        fail('credentials ("user:password@") are not allowed in a reference');
    const lower = registry.toLowerCase();
    const colon = lower.indexOf(':');
    const host = colon === -1 ? lower : lower.slice(0, colon);
    const port = colon === -1 ? undefined : lower.slice(colon + 1);
    if (host === '' || !host.split('.').every((part) => HOST_COMPONENT.test(part))) {
        fail(`registry host "${registry}" is not a valid host name`);
    }
    if (port !== undefined) {
        const n = /^[0-9]{1,5}$/.test(port) ? Number(port) : NaN;
        if (!(n >= 1 && n <= 65535))
            fail(`registry port "${port}" is not a port number`);
    }
    return lower;
}
function validateRepository(repository, fail) {
    if (repository === '')
        fail('the repository name is empty');
    for (const component of repository.split('/')) {
        if (component === '')
            fail('the repository has an empty path component (a double or trailing "/")');
        // '.' and '..' would climb out of the repository's directory on CVMFS.
        if (component === '.' || component === '..')
            fail(`the path component "${component}" is not allowed`);
        if (component.includes('*'))
            fail('a wildcard "*" is only allowed in the tag');
        if (component !== component.toLowerCase())
            fail(`the repository "${repository}" must be lower case`);
        if (!NAME_COMPONENT.test(component)) {
            fail(`"${component}" is not a valid repository path component ` +
                '(lower-case letters and digits, separated by ".", "_", "__" or "-")');
        }
    }
}
function validateTag(tag, allowWildcard, fail) {
    if (tag === '')
        fail('the tag after ":" is empty');
    if (tag.includes('*') && !allowWildcard)
        fail(`the wildcard tag "${tag}" is not allowed here`);
    if (!(allowWildcard ? TAG_PATTERN : TAG).test(tag)) {
        fail(`the tag "${tag}" is not valid (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`);
    }
}
function validateDigest(digest, fail) {
    if (!DIGEST.test(digest))
        fail(`the digest "${digest}" is not valid (expected sha256:<64 lowercase hex digits>)`);
}
/**
 * Whether a registry named without a scheme is spoken to over plain HTTP,
 * as Docker and crane do: loopback (`127.0.0.0/8`, `localhost`, `[::1]`,
 * any port) and those listed as insecure (`host:port`, or `host` for every
 * port of it).
 */
function isPlainHttpRegistry(registry, insecure = []) {
    const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0];
    if (host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))
        return true;
    return insecure.some((entry) => {
        const e = entry.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
        return e === registry || e === host;
    });
}
/** The registries named insecure by CVMFS_UNPACK_INSECURE_REGISTRIES ('a:5000,b:5000' or space separated). */
function insecureRegistriesFromEnv(env = process.env) {
    return (env.CVMFS_UNPACK_INSECURE_REGISTRIES ?? '').split(/[\s,]+/).filter(Boolean);
}
/** The registry's API base URL: Docker Hub's API host for Docker Hub; plain HTTP for loopback and `insecure` ones. */
function registryBaseUrl(ref, insecure) {
    if (ref.registry === DOCKER_HUB)
        return DOCKER_HUB_API;
    const scheme = ref.scheme === 'http' || isPlainHttpRegistry(ref.registry, insecure) ? 'http' : 'https';
    return `${scheme}://${ref.registry}`;
}
/** ':tag', '@digest' or ':tag@digest'. */
function referenceSuffix(ref) {
    return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}
/**
 * 'registry/repo:tag', 'registry/repo@sha256:…' or 'registry/repo:tag@sha256:…',
 * prefixed 'http://' for a plain-HTTP registry. parseImageRef reads it back.
 */
function formatImageRef(ref) {
    const prefix = ref.scheme === 'http' ? 'http://' : '';
    return `${prefix}${ref.registry}/${ref.repository}${referenceSuffix(ref)}`;
}
/** DUCC's spelling, always with a scheme: 'https://registry/repo:tag'. */
function formatUrlRef(ref) {
    return `${ref.scheme}://${ref.registry}/${ref.repository}${referenceSuffix(ref)}`;
}
/**
 * Path of the public symlink relative to the repository root:
 * 'registry/repo:tag', or 'registry/repo@sha256:…' for a reference by digest only.
 */
function publicLinkPath(ref) {
    if (ref.tag !== undefined) {
        if (isWildcard(ref))
            throw new Error(`making the link path of ${formatImageRef(ref)}: a wildcard tag has no link`);
        return `${ref.registry}/${ref.repository}:${ref.tag}`;
    }
    if (ref.digest !== undefined)
        return `${ref.registry}/${ref.repository}@${ref.digest}`;
    throw new Error(`making the link path of ${formatImageRef(ref)}: the reference has neither tag nor digest`);
}
/**
 * The same image under another tag. A digest, if any, is kept: the result
 * names that tag pinned to the same manifest (what extra tags mean).
 * Throws InvalidReferenceError for an invalid tag or a wildcard.
 */
function withTag(ref, tag) {
    validateTag(tag, false, (reason) => {
        throw new InvalidReferenceError(`${ref.registry}/${ref.repository}:${tag}`, reason);
    });
    return { ...ref, tag };
}
/** Whether the tag is a pattern ('*'), to be expanded against the registry's tag list. */
function isWildcard(ref) {
    return ref.tag?.includes('*') ?? false;
}
/** Whether `tag` matches the wildcard tag of `ref` (or equals its plain tag). */
function matchesTag(ref, tag) {
    return ref.tag !== undefined && matchGlob(ref.tag, tag);
}

;// CONCATENATED MODULE: ./src/reference/glob.ts
/**
 * Glob patterns for image tags and image references, as used by recipe
 * wildcards (`pyhf/pyhf:*`, `analysisbase:21.2.1*`), `ignoreErrors` and the
 * agent's policy.
 *
 * `*` matches any run of characters (none included, `/` and `:` included);
 * every other character matches itself. Unlike DUCC, which turns the pattern
 * into a regular expression by replacing `*` with `.*` only, a `.` here is a
 * literal dot: `21.2.1*` does not match `21x2x1`.
 */
/** Characters that mean something in a JavaScript regular expression. */
const REGEX_META = /[.*+?^${}()|[\]\\]/g;
function escapeLiteral(text) {
    return text.replace(REGEX_META, '\\$&');
}
/** The anchored regular expression equivalent to `pattern`. */
function globToRegExp(pattern) {
    const body = pattern.split('*').map(escapeLiteral).join('.*');
    // 's': a '*' spans any character, line breaks included; anchored on both ends.
    return new RegExp(`^${body}$`, 's');
}
/** Whether `value` matches the glob `pattern` as a whole. */
function glob_matchGlob(pattern, value) {
    if (!pattern.includes('*'))
        return pattern === value;
    return globToRegExp(pattern).test(value);
}

;// CONCATENATED MODULE: ./src/reference/index.ts




/***/ }),

/***/ 4029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recipeRequests: () => (/* binding */ recipeRequests)
/* harmony export */ });
/* unused harmony export recipeOutputs */
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4414);
/* harmony import */ var _recipe_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3346);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2388);
/* harmony import */ var _convert_outputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2091);
/**
 * A recipe.yaml turned into sync requests: wildcards expanded against the
 * registries' tag lists; an input whose tags cannot be listed becomes a
 * failed result of its own and does not stop the others.
 */




async function recipeRequests(file, platforms, logger, client, switches = {}, env = process.env) {
    const recipe = await (0,_recipe_index_js__WEBPACK_IMPORTED_MODULE_1__/* .loadRecipe */ .Tc)(file);
    const outputs = recipeOutputs(recipe, switches, env);
    const registry = client ?? new _registry_index_js__WEBPACK_IMPORTED_MODULE_2__.RegistryClient({ credentials: _registry_index_js__WEBPACK_IMPORTED_MODULE_2__.CredentialStore.fromEnvironment(), logger });
    // One tag list per repository per cycle, however many wildcards of the recipe name it.
    const tagLists = new Map();
    const listTags = (ref) => {
        const key = `${ref.registry}/${ref.repository}`;
        let tags = tagLists.get(key);
        if (!tags)
            tagLists.set(key, (tags = registry.listTags(ref)));
        return tags;
    };
    const expanded = await (0,_recipe_index_js__WEBPACK_IMPORTED_MODULE_1__/* .expandWildcards */ .y)(recipe, listTags);
    for (const input of expanded.unmatched)
        logger.warn('no tag matches the wildcard', { input: input.source, line: input.line });
    const ignoredNames = new Set();
    const requests = expanded.refs.map((input) => {
        if ((0,_recipe_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isErrorIgnored */ .V2)(recipe, input))
            ignoredNames.add((0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(input.ref));
        return { ref: input.ref, platforms: platforms ?? (0,_recipe_index_js__WEBPACK_IMPORTED_MODULE_1__/* .inputPlatforms */ .RE)(recipe, input).map(_registry_index_js__WEBPACK_IMPORTED_MODULE_2__.parsePlatform) };
    });
    const failed = expanded.errors.map(({ input, error }) => {
        if ((0,_recipe_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isErrorIgnored */ .V2)(recipe, input))
            ignoredNames.add((0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(input.ref));
        return {
            ref: (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(input.ref),
            // A tag list held back by the registry's rate limit is tried again next cycle, not failed.
            status: (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__.rateLimitCause)(error) ? 'deferred' : 'failed',
            error: error.message,
            timings: { totalMs: 0, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
        };
    });
    logger.info('recipe loaded', { file, inputs: recipe.inputs.length, images: requests.length, failed: failed.length });
    return { recipe, requests, failed, ignored: (ref) => ignoredNames.has(ref), outputs };
}
/**
 * The recipe's `output_format` and `user` (DUCC's thin image; the password
 * is DUCC_OUTPUT_REGISTRY_PASS) and its skip keys, each switch of the
 * caller winning where it is set.
 */
function recipeOutputs(recipe, s, env) {
    const out = (0,_convert_outputs_js__WEBPACK_IMPORTED_MODULE_3__/* .outputOptions */ .I6)({
        skipFlat: s.skipFlat || recipe.skipFlat,
        skipLayers: s.skipLayers || recipe.skipLayers,
        skipPodman: s.skipPodman || recipe.skipPodman,
        skipThinImage: s.skipThinImage || recipe.skipThinImage,
        thinImageName: s.thinImageName ?? recipe.outputFormat,
        user: s.user ?? recipe.user,
        password: s.password ?? env.DUCC_OUTPUT_REGISTRY_PASS,
    });
    // As DUCC: a recipe's thin images need credentials; without any they are skipped (with a warning), not failed.
    if (out.thin && !s.thinImageName)
        out.thin.requireCredentials = true;
    if (out.thin)
        out.thin.credentials = _registry_index_js__WEBPACK_IMPORTED_MODULE_2__.CredentialStore.fromEnvironment(env);
    return out;
}


/***/ })

};
