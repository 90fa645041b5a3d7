export const id = 86;
export const ids = [86];
export const modules = {

/***/ 6086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   publishedState: () => (/* binding */ publishedState),
/* harmony export */   readPublished: () => (/* binding */ readPublished),
/* harmony export */   unlisted: () => (/* binding */ unlisted)
/* harmony export */ });
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4414);
/* harmony import */ var _repo_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7818);
/**
 * `--target T`: which inputs are already published there, what a sync would
 * change (a moved tag is re-pointed, a new one added), and which published
 * names no input covers any more (`gc --prune` would unpublish them).
 */


function readPublished(root) {
    const records = new Map();
    for (const { linkPath, record } of (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_1__/* .listSyncRecords */ .u_)(root)) {
        if (!linkPath.startsWith(`${_repo_index_js__WEBPACK_IMPORTED_MODULE_1__/* .MULTIARCH_DIR */ .SL}/`))
            records.set(linkPath, record);
    }
    return { records };
}
/** The link path pattern of an input: 'registry/repo:tag', or with the wildcard tag. */
function linkPattern(input) {
    if ((0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .isWildcard */ .z2)(input.ref))
        return `${input.ref.registry}/${input.ref.repository}:${input.ref.tag}`;
    return (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .publicLinkPath */ .$O)(input.ref);
}
/** What a sync would do with this input, as far as the probe (if any) knows. */
function publishedState(index, input, report) {
    if ((0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .isWildcard */ .z2)(input.ref)) {
        const pattern = linkPattern(input);
        const published = [...index.records.keys()].filter((k) => (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .matchGlob */ .sB)(pattern, k)).length;
        return {
            state: published > 0 ? 'published' : 'not-published',
            tags: { published, ...(report.tags ? { matched: report.tags.matched } : {}) },
        };
    }
    const record = index.records.get(linkPattern(input));
    if (record === undefined)
        return { state: report.probed && report.ok ? 'would-add' : 'not-published' };
    if (!report.probed || report.topDigest === undefined)
        return { state: 'published', digest: record.topDigest };
    return { state: record.topDigest === report.topDigest ? 'up-to-date' : 'would-update', digest: record.topDigest };
}
/** Published names that no input of the recipe names or matches. */
function unlisted(index, inputs) {
    const patterns = inputs.map(linkPattern);
    const exact = new Set(patterns);
    return [...index.records.keys()].filter((k) => !exact.has(k) && !patterns.some((p) => p.includes('*') && (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_0__/* .matchGlob */ .sB)(p, k))).sort();
}


/***/ })

};
