export const id = 300;
export const ids = [300];
export const modules = {

/***/ 4300:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listImages: () => (/* binding */ listImages),
/* harmony export */   runLs: () => (/* binding */ runLs)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _repo_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7818);
/* harmony import */ var _gc_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8508);
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6657);
/* harmony import */ var _sync_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8770);
/** `cvmfs-unpack ls`: every published image, with what users used to guess from symlink mtimes. */






function listImages(root) {
    const sizes = new Map();
    const ours = (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .listSyncRecords */ .u_)(root).map(({ linkPath, record }) => {
        const flat = (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .flatDir */ .ZO)(record.configDigest);
        let size = sizes.get(flat);
        if (size === undefined) {
            size = (0,_gc_index_js__WEBPACK_IMPORTED_MODULE_3__/* .treeSize */ .Uz)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(root, flat));
            sizes.set(flat, size);
        }
        return {
            name: linkPath,
            digest: record.manifestDigest,
            configDigest: record.configDigest,
            platform: record.platform,
            flat,
            size,
            syncedAt: record.syncedAt,
        };
    });
    // Public links without a record of ours: published by DUCC (or by hand); listed from the link and its manifest.json.
    const known = new Set(ours.map((i) => i.name));
    const others = (0,_gc_index_js__WEBPACK_IMPORTED_MODULE_3__/* .readInventory */ .zw)(root)
        .links.filter((l) => !known.has(l.linkPath) && !l.linkPath.startsWith('.'))
        .map((l) => {
        const flat = (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .flatDir */ .ZO)(l.configDigest);
        let syncedAt = '';
        try {
            syncedAt = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .METADATA_DIR */ .ys, l.linkPath, 'manifest.json')).mtime.toISOString();
        }
        catch {
            syncedAt = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(root, l.linkPath)).mtime.toISOString();
        }
        return { name: l.linkPath, digest: '', configDigest: l.configDigest, platform: '', flat, size: (0,_gc_index_js__WEBPACK_IMPORTED_MODULE_3__/* .treeSize */ .Uz)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(root, flat)), syncedAt, publishedBy: 'ducc' };
    });
    return [...ours, ...others].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
async function runLs(ctx) {
    const publisher = (0,_sync_js__WEBPACK_IMPORTED_MODULE_5__.openTarget)(ctx);
    const images = listImages(publisher.root);
    const out = ctx.io.stdout;
    if (ctx.json) {
        // One write: 10,000 small writes to a pipe cost more than the listing.
        out.write(images.map((i) => `${JSON.stringify(i)}\n`).join(''));
        return 0;
    }
    if (images.length === 0) {
        ctx.io.stderr.write(`no images published in ${publisher.describe()}\n`);
        return 0;
    }
    const rows = [
        ['IMAGE', 'DIGEST', 'PLATFORM', 'FLAT', 'SIZE', 'SYNCED'],
        ...images.map((i) => [i.name, i.digest ? (0,_output_js__WEBPACK_IMPORTED_MODULE_4__/* .shortDigest */ .VK)(i.digest) : '(ducc)', i.platform || '-', i.flat, (0,_output_js__WEBPACK_IMPORTED_MODULE_4__/* .formatBytes */ .z3)(i.size), i.syncedAt]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows)
        out.write(`${r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]) : cell)).join('  ')}\n`);
    return 0;
}


/***/ })

};
