export const id = 456;
export const ids = [456];
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

/***/ 1075:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runNotify: () => (/* binding */ runNotify)
/* harmony export */ });
/* harmony import */ var _client_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4567);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7593);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(586);
/** `cvmfs-unpack notify IMAGE --server URL`: ask a remote agent, wait, print the CVMFS paths. */



async function runNotify(ctx) {
    if (ctx.positionals.length !== 1)
        throw new _args_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('give exactly one IMAGE (a list may be separated by newlines or commas)', 'notify');
    const server = (0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(ctx, 'server') ?? ctx.io.env.CVMFS_UNPACK_SERVER;
    if (!server)
        throw new _args_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('--server is required', 'notify');
    const token = (0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(ctx, 'token') ?? (0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(ctx, 'id-token') ?? ctx.io.env.CVMFS_UNPACK_TOKEN ?? ctx.io.env.CVMFS_UNPACK_ID_TOKEN;
    if (!token)
        throw new _args_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('a credential is required: --token, --id-token, $CVMFS_UNPACK_TOKEN or $CVMFS_UNPACK_ID_TOKEN', 'notify');
    let timeoutMs;
    try {
        timeoutMs = (0,_client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)((0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(ctx, 'timeout') ?? '30m');
    }
    catch (err) {
        if (err instanceof _client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .DurationError */ .N2)
            throw new _args_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--timeout: ${err.message}`, 'notify');
        throw err;
    }
    const logger = ctx.output.logger;
    try {
        const result = await (0,_client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .notify */ .me)({
            server,
            token,
            images: ctx.positionals[0],
            extraTags: (0,_client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .splitList */ .ry)((0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(ctx, 'extra-tags') ?? ''),
            platform: (0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(ctx, 'platform'),
            wait: !(0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(ctx, 'no-wait'),
            timeoutMs,
            logger,
            signal: ctx.io.signal,
            onStatus: (e) => logger.info('job status', { ...e }),
            remove: (0,_context_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(ctx, 'remove'),
        });
        for (const job of result.jobs) {
            if (ctx.json)
                ctx.io.stdout.write(`${JSON.stringify({ event: 'job', id: job.id, status: job.status, images: job.images })}\n`);
            else if (job.images.length === 0)
                ctx.io.stdout.write(`${job.request.image}: ${job.status} (job ${job.id ?? '-'})\n`);
            for (const img of job.images)
                if (!ctx.json)
                    ctx.io.stdout.write(`${img.ref}  ${img.path ?? ''}  ${img.digest ?? ''}\n`);
            if (job.page && !ctx.json)
                ctx.io.stderr.write(`job page: ${job.page}\n`);
        }
        return 0;
    }
    catch (err) {
        if (err instanceof _client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ResolveError */ .JT || err instanceof _client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ServerUrlError */ .V3)
            throw new _args_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(err.message, 'notify');
        if (err instanceof _client_index_js__WEBPACK_IMPORTED_MODULE_0__/* .NotifyError */ .UW) {
            ctx.io.stderr.write(`${err.message}\n`);
            return 1;
        }
        throw err;
    }
}


/***/ })

};
