export const id = 531;
export const ids = [531];
export const modules = {

/***/ 3531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runGcCommand: () => (/* binding */ runGcCommand)
/* harmony export */ });
/* harmony import */ var _recipe_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3346);
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
    for (const c of report.chains)
        out.write(`${verb} chain     ${c}\n`);
    for (const n of report.notes)
        ctx.io.stderr.write(`note: ${n}\n`);
    out.write(`${verb}: ${report.links.length} link(s), ${report.metadata.length} metadata dir(s), ${report.flats.length} flat tree(s), ${report.layers.length} layer(s), ${report.chains.length} chain(s), ${(0,_output_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(report.bytes)}\n`);
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


/***/ })

};
