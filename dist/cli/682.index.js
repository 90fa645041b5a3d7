export const id = 682;
export const ids = [682];
export const modules = {

/***/ 8682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   explain: () => (/* binding */ explain),
/* harmony export */   probeInput: () => (/* binding */ probeInput)
/* harmony export */ });
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4414);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2388);
/* harmony import */ var _common_size_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6364);
/**
 * The online part of the check for one input: does the registry answer, does
 * the tag exist (a wildcard: which tags match), are the requested platforms
 * in the index, how large is the image. Failures become findings that say
 * what to do ("needs credentials", "the tag does not exist"), never a bare 404.
 * Uses only the registry client's public calls (fetchManifest, resolve, listTags).
 */



/** How many of the newest matching tags a wildcard report names. */
const NEWEST = 3;
/** Natural order (1.9 < 1.10), so that the last tags are the newest versions. */
const collator = new Intl.Collator('en', { numeric: true });
async function probeInput(input, platforms, ctx) {
    const findings = [];
    const at = { line: input.line, input: input.source };
    const fail = (check, message) => {
        findings.push({ severity: 'error', check, message, ...at });
        return { findings, images: [], ok: false };
    };
    const name = (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(input.ref);
    let ref = input.ref;
    let tags;
    if ((0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .isWildcard */ .z2)(input.ref)) {
        let all;
        try {
            all = await ctx.client.listTags(input.ref, ctx.signal ? { signal: ctx.signal } : {});
        }
        catch (err) {
            const e = explain(err, input.ref, ctx.credentials, 'tags');
            return fail(e.check, `${name}: ${e.message}`);
        }
        const matched = [...new Set(all.filter((t) => (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .matchGlob */ .sB)(input.ref.tag, t)))].sort(collator.compare).reverse();
        tags = { matched: matched.length, total: all.length, newest: matched.slice(0, NEWEST) };
        if (matched.length === 0) {
            const r = fail('wildcard-empty', `${name}: the wildcard matches none of the ${all.length} tags of ${input.ref.registry}/${input.ref.repository}${all.length ? ` (e.g. ${all.toSorted(collator.compare).slice(-NEWEST).reverse().join(', ')})` : ''}`);
            return { ...r, tags };
        }
        // The newest matching tag stands for the others (probing each would cost a request per tag).
        ref = (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withTag */ .Rd)(input.ref, matched[0]);
    }
    let top;
    try {
        top = await ctx.client.fetchManifest(ref, undefined, ctx.signal ? { signal: ctx.signal } : {});
    }
    catch (err) {
        let e = explain(err, ref, ctx.credentials, 'manifest');
        if (e.check === 'tag-missing' && ref.digest === undefined)
            e = await tagMissing(ref, e, ctx);
        return { ...fail(e.check, `${(0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(ref)}: ${e.message}`), ...(tags ? { tags } : {}) };
    }
    const images = [];
    // A single-platform image resolves the same for every platform asked: its config is fetched once.
    let single;
    for (const p of platforms) {
        const wanted = (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.parsePlatform)(p);
        try {
            const resolve = () => ctx.client.resolve(ref, { top, platform: wanted, ...(ctx.signal ? { signal: ctx.signal } : {}) });
            const image = (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.isIndexMediaType)(top.mediaType) ? await resolve() : await (single ??= resolve());
            const got = (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.normalizePlatform)(image.platform);
            const want = (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.normalizePlatform)(wanted);
            if (image.indexDigest === undefined && (got.os !== want.os || got.architecture !== want.architecture)) {
                findings.push({ severity: 'error', check: 'platform-missing', ...at, message: `${(0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(ref)}: not available for ${p}: it is a single-platform image for ${(0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.formatPlatform)(image.platform)}` });
                continue;
            }
            const compressedSize = image.manifest.layers.reduce((sum, l) => sum + l.size, 0);
            images.push({ platform: p, manifestDigest: image.manifestDigest, layers: image.manifest.layers.length, compressedSize });
            const { maxSize, warnSize } = ctx.limits;
            if (maxSize !== undefined && compressedSize > maxSize) {
                findings.push({ severity: 'error', check: 'size-limit', ...at, message: `${(0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(ref)} (${p}) is ${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(compressedSize)} compressed, above the limit of ${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(maxSize)}` });
            }
            else if (warnSize !== undefined && compressedSize > warnSize) {
                findings.push({ severity: 'warning', check: 'size-warning', ...at, message: `${(0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(ref)} (${p}) is ${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(compressedSize)} compressed, above the warning size of ${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(warnSize)}` });
            }
        }
        catch (err) {
            if (err instanceof _registry_index_js__WEBPACK_IMPORTED_MODULE_1__.PlatformNotFoundError) {
                const list = err.available.map(_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.formatPlatform);
                findings.push({ severity: 'error', check: 'platform-missing', ...at, message: `${(0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(ref)}: the image index has no ${p} (it has ${list.length ? list.join(', ') : 'no platforms'})` });
                continue;
            }
            const e = explain(err, ref, ctx.credentials, 'manifest');
            findings.push({ severity: 'error', check: e.check, ...at, message: `${(0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)(ref)} (${p}): ${e.message}` });
        }
    }
    const ok = findings.every((f) => f.severity !== 'error');
    return { findings, ...(tags ? { tags } : {}), topDigest: top.digest, images, ok };
}
/** A tag the registry does not know: is it the repository that is missing, and which tags are there? (one request) */
async function tagMissing(ref, e, ctx) {
    let tags;
    try {
        tags = await ctx.client.listTags(ref, ctx.signal ? { signal: ctx.signal } : {});
    }
    catch (err) {
        const why = explain(err, ref, ctx.credentials, 'tags');
        return why.check === 'repository-missing' ? why : e;
    }
    if (tags.length === 0)
        return { check: 'repository-missing', message: `the repository ${ref.registry}/${ref.repository} has no tags (it does not exist)` };
    const newest = tags.toSorted(collator.compare).slice(-NEWEST).reverse();
    return { check: e.check, message: `${e.message} (it has ${tags.length} tag${tags.length === 1 ? '' : 's'}; newest: ${newest.join(', ')})` };
}
/** A registry failure in words a wishlist maintainer can act on. */
function explain(err, ref, credentials, what) {
    const repo = `${ref.registry}/${ref.repository}`;
    const login = `no credentials for ${ref.registry} are configured (set ${(0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.envVarPrefix)(ref.registry)}USERNAME and ${(0,_registry_index_js__WEBPACK_IMPORTED_MODULE_1__.envVarPrefix)(ref.registry)}PASSWORD, REGISTRY_AUTH_FILE, or docker login ${ref.registry})`;
    let hasCredentials = false;
    try {
        hasCredentials = credentials.get(ref.registry) !== undefined;
    }
    catch {
        // A broken credential source counts as none; the client reports it when it is used.
    }
    if (!(err instanceof _registry_index_js__WEBPACK_IMPORTED_MODULE_1__.RegistryError))
        return { check: 'registry', message: err instanceof Error ? err.message : String(err) };
    const codes = err.errors.map((e) => e.code);
    if (err.status === 401 || err.status === 403 || codes.includes('UNAUTHORIZED') || codes.includes('DENIED')) {
        return hasCredentials
            ? { check: 'credentials', message: `the registry refused the credentials configured for ${ref.registry}: they do not give read access to ${repo}` }
            : { check: 'credentials', message: `${repo} is private (or does not exist): the registry wants credentials, and ${login}` };
    }
    if (err.notFound) {
        if (codes.includes('NAME_UNKNOWN') || what === 'tags') {
            return { check: 'repository-missing', message: `the repository ${repo} does not exist${hasCredentials ? '' : `, or is private and ${login}`}` };
        }
        const reference = ref.digest ?? ref.tag ?? 'latest';
        return { check: 'tag-missing', message: `${ref.digest ? 'the digest' : 'the tag'} ${reference} does not exist in ${repo}` };
    }
    if (err.status === undefined)
        return { check: 'registry', message: `the registry ${ref.registry} did not answer: ${err.message}` };
    return { check: 'registry', message: err.message };
}


/***/ })

};
