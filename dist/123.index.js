export const id = 123;
export const ids = [123];
export const modules = {

/***/ 7661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nh: () => (/* binding */ expandOutputFormat),
/* harmony export */   hX: () => (/* binding */ unknownPlaceholders)
/* harmony export */ });
/* unused harmony exports OUTPUT_PLACEHOLDERS, DEFAULT_OUTPUT_FORMAT */
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


/***/ }),

/***/ 7123:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pushThinImages: () => (/* binding */ pushThinImages)
});

// UNUSED EXPORTS: thinCredentials, thinName, thinRepository

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/registry/index.ts + 10 modules
var registry = __webpack_require__(2388);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
// EXTERNAL MODULE: ./src/recipe/output-format.ts
var output_format = __webpack_require__(7661);
// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
// EXTERNAL MODULE: ./src/repo/metadata.ts
var metadata = __webpack_require__(8079);
// EXTERNAL MODULE: ./src/layer/index.ts + 13 modules
var src_layer = __webpack_require__(4794);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/thin/image.ts
/**
 * DUCC's thin image, built in memory (it is a few hundred bytes): one layer
 * holding `thin.json`
 *
 *   {"version":"1.0","origin":"https://registry/repo:tag",
 *    "layers":[{"digest":"<hex>","url":"cvmfs://<repo>/.layers/<xx>/<hex>/layerfs"},…]}
 *
 * (one entry per layer of the input, bottom first, `digest` without
 * `sha256:` as DUCC writes it) and a config carrying the input's Env (plus
 * DUCC's `CVMFS_IMAGE=true`), Entrypoint, Cmd, WorkingDir, User and Labels.
 * Docker v2 schema 2 media types, as `docker push` of DUCC's import gives.
 */



const THIN_MEDIA = {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
const sha256 = (b) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(b).digest('hex')}`;
const blob = (bytes) => ({ digest: sha256(bytes), bytes });
function thinJson(origin, repository, layerDigests) {
    return {
        version: '1.0',
        origin,
        layers: layerDigests.map((d) => ({ digest: d.replace(/^sha256:/, ''), url: `cvmfs://${repository}/${(0,layout/* layerfsDir */.iW)(d)}` })),
    };
}
/** A tar stream with one regular file (ustar header, content, padding, two zero blocks). */
function oneFileTar(name, content, mtime) {
    const header = Buffer.alloc(512);
    const put = (text, off, len) => header.write(text, off, len, 'utf8');
    const octal = (n, len) => n.toString(8).padStart(len - 1, '0') + '\0';
    put(name, 0, 100);
    put(octal(0o644, 8), 100, 8);
    put(octal(0, 8), 108, 8);
    put(octal(0, 8), 116, 8);
    put(octal(content.length, 12), 124, 12);
    put(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
    header.fill(' ', 148, 156); // the checksum counts itself as spaces
    put('0', 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    let sum = 0;
    for (const b of header)
        sum += b;
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
    const pad = (512 - (content.length % 512)) % 512;
    return Buffer.concat([header, content, Buffer.alloc(pad), Buffer.alloc(1024)]);
}
function buildThinImage(opts) {
    const created = opts.created ?? new Date();
    const tj = thinJson(opts.origin, opts.repository, opts.layerDigests);
    const tar = oneFileTar('thin.json', Buffer.from(JSON.stringify(tj, null, 2)), created);
    const layer = blob((0,external_node_zlib_.gzipSync)(tar));
    const c = opts.input.config ?? {};
    const env = [...(c.Env ?? []).filter((e) => !e.startsWith('CVMFS_IMAGE=')), 'CVMFS_IMAGE=true'];
    const runConfig = { Env: env };
    if (c.Entrypoint?.length)
        runConfig.Entrypoint = c.Entrypoint;
    if (c.Cmd?.length)
        runConfig.Cmd = c.Cmd;
    if (c.WorkingDir)
        runConfig.WorkingDir = c.WorkingDir;
    if (c.User)
        runConfig.User = c.User;
    if (c.Labels && Object.keys(c.Labels).length)
        runConfig.Labels = c.Labels;
    const config = blob(Buffer.from(JSON.stringify({
        architecture: opts.input.architecture ?? 'amd64',
        os: opts.input.os ?? 'linux',
        created: created.toISOString(),
        config: runConfig,
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        history: [{ created: created.toISOString(), created_by: `cvmfs-unpack thin image of ${opts.origin}` }],
    })));
    const manifest = blob(Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: THIN_MEDIA.manifest,
        config: { mediaType: THIN_MEDIA.config, size: config.bytes.length, digest: config.digest },
        layers: [{ mediaType: THIN_MEDIA.layer, size: layer.bytes.length, digest: layer.digest }],
    })));
    return { thinJson: tj, layer, config, manifest };
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/registry/auth.ts
var auth = __webpack_require__(7481);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(8851);
// EXTERNAL MODULE: ./src/registry/redact.ts
var redact = __webpack_require__(9518);
// EXTERNAL MODULE: ./src/log/logger.ts
var logger = __webpack_require__(8988);
;// CONCATENATED MODULE: ./src/thin/push.ts
/**
 * Pushing an image with the distribution API alone (no Docker daemon): each
 * blob is checked with HEAD and, when missing, uploaded monolithically
 * (POST /v2/<name>/blobs/uploads/, then PUT <location>?digest=…); then the
 * manifest is PUT under the tag. Auth as for pulls (src/registry/auth.ts),
 * with the scope `repository:<name>:pull,push`; credentials go to the
 * registry's own origin only.
 */







class Pusher {
    opts;
    dispatcher = new undici/* Agent */.g6({ keepAliveTimeout: 10_000 });
    auth;
    userAgent;
    constructor(opts = {}) {
        this.opts = opts;
        this.userAgent = opts.userAgent ?? 'cvmfs-unpack';
        this.auth = new auth/* Authenticator */.k({
            dispatcher: this.dispatcher,
            userAgent: this.userAgent,
            logger: opts.logger ?? logger/* nullLogger */.G,
            ...(opts.credentials ? { credentials: opts.credentials } : {}),
        });
    }
    async close() {
        await this.dispatcher.close();
    }
    /** Pushes `blobs` and then `manifest` (of `mediaType`) as `ref`'s tag. */
    async pushImage(ref, blobs, manifest, mediaType) {
        for (const b of blobs)
            await this.pushBlob(ref, b);
        const tag = ref.tag ?? ref.digest ?? 'latest';
        await this.send(ref, {
            method: 'PUT',
            url: this.url(ref, `/v2/${ref.repository}/manifests/${tag}`),
            action: `putting manifest ${ref.registry}/${ref.repository}:${tag}`,
            headers: { 'content-type': mediaType },
            body: manifest.bytes,
            ok: [200, 201],
        });
    }
    url(ref, path) {
        return new URL(path, (0,reference/* registryBaseUrl */.mO)(ref));
    }
    async pushBlob(ref, b) {
        const what = `${ref.registry}/${ref.repository}@${b.digest}`;
        const head = await this.send(ref, { method: 'HEAD', url: this.url(ref, `/v2/${ref.repository}/blobs/${b.digest}`), action: `checking blob ${what}`, ok: [200, 404] });
        if (head.statusCode === 200)
            return;
        const started = await this.send(ref, {
            method: 'POST',
            url: this.url(ref, `/v2/${ref.repository}/blobs/uploads/`),
            action: `starting the upload of blob ${what}`,
            headers: { 'content-length': '0' },
            ok: [202],
        });
        const location = started.headers.location;
        if (typeof location !== 'string')
            throw new Error(`starting the upload of blob ${what}: the registry sent no Location`);
        const put = new URL(location, this.url(ref, '/'));
        put.searchParams.set('digest', b.digest);
        await this.send(ref, {
            method: 'PUT',
            url: put,
            action: `uploading blob ${what}`,
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(b.bytes.length) },
            body: b.bytes,
            ok: [201, 204],
        });
    }
    /** One request; one re-authentication after a 401 that carries a challenge. */
    async send(ref, req) {
        const origin = new URL((0,reference/* registryBaseUrl */.mO)(ref)).origin;
        let scope = `repository:${ref.repository}:pull,push`;
        for (let attempt = 0;; attempt++) {
            const headers = { 'user-agent': this.userAgent, ...req.headers };
            if (req.url.origin === origin) {
                const authorization = await this.auth.authorization(origin, ref.registry, scope, this.opts.signal);
                if (authorization)
                    headers.authorization = authorization;
            }
            let res;
            try {
                res = await this.dispatcher.request({
                    origin: req.url.origin,
                    path: req.url.pathname + req.url.search,
                    method: req.method,
                    headers,
                    body: req.body ?? null,
                    signal: this.opts.signal ?? null,
                });
            }
            catch (err) {
                throw new registry.RegistryError({ action: req.action, method: req.method, url: (0,redact/* redactUrl */.B)(req.url), temporary: true, reason: `network error: ${err.message}`, cause: err });
            }
            if (req.ok.includes(res.statusCode)) {
                await res.body.dump();
                return res;
            }
            if (res.statusCode === 401 && attempt === 0 && req.url.origin === origin) {
                await res.body.dump();
                const next = await this.auth.refused(origin, res.headers['www-authenticate'], scope);
                if (next !== undefined) {
                    scope = next.includes('push') ? next : scope;
                    continue;
                }
            }
            const body = req.method === 'HEAD' ? Buffer.alloc(0) : await (0,http/* readLimited */.tk)(res.body, 64 * 1024);
            throw new registry.RegistryError({
                action: req.action,
                method: req.method,
                url: (0,redact/* redactUrl */.B)(req.url),
                status: res.statusCode,
                errors: (0,http/* parseErrorBody */.kW)(body),
                temporary: res.statusCode >= 500 || res.statusCode === 429,
                ...(res.statusCode === 401 ? { reason: '401 unauthorized: the output registry refused the credentials (check `user` and DUCC_OUTPUT_REGISTRY_PASS)' } : {}),
            });
        }
    }
}

;// CONCATENATED MODULE: ./src/thin/hook.ts
/**
 * The engine's hook after publishing: for each image published (or
 * re-pointed) in this run, its thin image is built and pushed to the name
 * the output format gives. Only the platform of the public link gets one
 * (thin names carry no platform). A push that fails marks the image failed
 * with the reason (exit status 1) but leaves what was published: the CVMFS
 * publish is done and stays; the next change of the image pushes again.
 * Unchanged images are not pushed again.
 */












const manifestSchema = schemas/* object */.Ikc({ layers: schemas/* array */.YOg(schemas/* object */.Ikc({ mediaType: schemas/* string */.YjP().optional(), digest: schemas/* string */.YjP() })) });
const runConfig = schemas/* object */.Ikc({
    Env: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    Entrypoint: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    Cmd: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    WorkingDir: schemas/* string */.YjP().optional(),
    User: schemas/* string */.YjP().optional(),
    Labels: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).nullish(),
})
    .nullish();
const configSchema = schemas/* object */.Ikc({ architecture: schemas/* string */.YjP().optional(), os: schemas/* string */.YjP().optional(), config: runConfig });
/** The repository named in thin.json's `cvmfs://` URLs: the CVMFS repository (and lease path), or the dir's name. */
function thinRepository(publisher) {
    const d = publisher.describe();
    return publisher.kind === 'cvmfs' && d.startsWith('cvmfs:') ? d.slice('cvmfs:'.length) : (0,external_node_path_.basename)(publisher.root);
}
/** The thin image's name for an input. */
function thinName(format, input, digest) {
    const name = (0,output_format/* expandOutputFormat */.Nh)(format, input, digest);
    try {
        return (0,reference/* parseImageRef */.Q)(name);
    }
    catch (err) {
        throw new Error(`the thin image name ${JSON.stringify(name)} (from ${JSON.stringify(format)}) is not an image reference: ${(0,errors/* describeError */.U)(err)}`, { cause: err });
    }
}
function thinCredentials(opts, host) {
    if (opts.user && opts.password !== undefined)
        return new registry.CredentialStore([[host, { username: opts.user, password: opts.password }]]);
    return opts.credentials ?? registry.CredentialStore.fromEnvironment();
}
async function pushThinImages(results, publisher, opts, logger, signal) {
    const root = publisher.root;
    const repository = opts.repository ?? thinRepository(publisher);
    const out = [];
    const pushers = new Map();
    try {
        for (const r of results) {
            const input = (0,reference/* parseImageRef */.Q)(r.ref);
            const linkPath = (0,reference/* publicLinkPath */.$O)(input);
            if ((r.status !== 'published' && r.status !== 'updated') || !r.configDigest || !(0,metadata/* recordsConfig */.xz)(root, linkPath, r.configDigest)) {
                out.push(r);
                continue;
            }
            let name = '';
            try {
                const target = thinName(opts.nameFormat, input, r.digest);
                name = (0,reference/* formatUrlRef */.u8)(target);
                const meta = (0,external_node_path_.join)(root, (0,layout/* metadataDir */.PQ)(linkPath));
                const manifest = manifestSchema.parse(JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(meta, metadata/* METADATA_FILES */.sb.rawManifest), 'utf8')));
                const config = configSchema.parse(JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(meta, metadata/* METADATA_FILES */.sb.config), 'utf8')));
                const thin = buildThinImage({
                    origin: (0,reference/* formatUrlRef */.u8)(input),
                    repository,
                    layerDigests: manifest.layers.filter((l) => !(0,src_layer/* isForeignLayer */.sJ)(l.mediaType ?? '')).map((l) => l.digest),
                    input: config,
                });
                const credentials = thinCredentials(opts, target.registry);
                if (opts.requireCredentials && !credentials.get(target.registry)) {
                    logger.warn('thin image not pushed: no credentials for the output registry (set `user` and DUCC_OUTPUT_REGISTRY_PASS)', { image: r.ref, thin: name });
                    out.push(r);
                    continue;
                }
                let pusher = pushers.get(target.registry);
                if (!pusher) {
                    pusher = new Pusher({ credentials, logger, ...(signal ? { signal } : {}) });
                    pushers.set(target.registry, pusher);
                }
                await pusher.pushImage(target, [thin.layer, thin.config], thin.manifest, THIN_MEDIA.manifest);
                logger.info('thin image pushed', { image: r.ref, thin: name });
                out.push(r);
            }
            catch (err) {
                const reason = `published, but pushing the thin image${name ? ` ${name}` : ''} failed: ${(0,errors/* describeError */.U)(err)}`;
                logger.warn('thin image not pushed', { image: r.ref, error: reason });
                out.push({ ...r, status: 'failed', error: reason });
            }
        }
    }
    finally {
        for (const p of pushers.values())
            await p.close();
    }
    return out;
}


/***/ })

};
