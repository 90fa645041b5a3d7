export const id = 29;
export const ids = [29];
export const modules = {

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
