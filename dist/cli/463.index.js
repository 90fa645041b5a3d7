export const id = 463;
export const ids = [463];
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

/***/ 6312:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nK: () => (/* binding */ removeNames),
/* harmony export */   u0: () => (/* binding */ parseRemoval)
/* harmony export */ });
/* unused harmony exports matchNames, planRemoval */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _repo_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7818);
/* harmony import */ var _reference_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4414);
/**
 * Removal on request (`POST /api/v1/remove`): the public links of named
 * images, and their metadata, go at once in one transaction; their content
 * (flat trees, layers) stays for `gc`, which removes it once nothing links
 * to it and the grace period has passed. An image another name still links
 * to is therefore never harmed: only names are removed here.
 *
 * The flat trees of removed names are touched, so that the grace period
 * counts from the removal (a job still running from that tree, or a cache,
 * has that long).
 */




/**
 * Parses the requested names (full references; the tag may be a wildcard)
 * and checks they all belong to one repository. Throws with the reason.
 */
function parseRemoval(images) {
    if (images.length === 0)
        throw new Error('name at least one image');
    const refs = images.map((i) => (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageRef */ .Q)(i, { allowWildcard: true, defaultTag: 'latest' }));
    const first = refs[0];
    for (const r of refs) {
        if (r.registry !== first.registry || r.repository !== first.repository) {
            throw new Error(`all images of one removal must be of one repository: ${first.registry}/${first.repository} and ${r.registry}/${r.repository} differ`);
        }
    }
    const patterns = refs.map((r) => r.digest ?? r.tag);
    return { target: { registry: first.registry, repository: first.repository, patterns }, refs };
}
/** The published names (`repo:tag` / `repo@sha256:…` entries) of one repository directory that match. */
function matchNames(entries, base, patterns) {
    const out = [];
    for (const e of entries) {
        let suffix;
        if (e.startsWith(`${base}:`))
            suffix = e.slice(base.length + 1);
        else if (e.startsWith(`${base}@`))
            suffix = e.slice(base.length + 1);
        if (suffix === undefined || suffix === '')
            continue;
        if (patterns.some((p) => (p.startsWith('sha256:') ? e === `${base}@${p}` : !suffix.startsWith('sha256:') && (0,_reference_index_js__WEBPACK_IMPORTED_MODULE_3__/* .matchGlob */ .sB)(p, suffix))))
            out.push(e);
    }
    return out.sort();
}
function names(dir) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir);
    }
    catch {
        return [];
    }
}
/** What `removeNames` would remove, read from the repository (no change). */
function planRemoval(root, target) {
    const repoDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, target.registry, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target.repository));
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(target.repository);
    const found = new Set();
    for (const e of matchNames(names(repoDir), base, target.patterns))
        found.add(e);
    // Names published only under .multiarch/ (or whose metadata outlived the link) count too.
    for (const arch of names((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .MULTIARCH_DIR */ .SL))) {
        for (const e of matchNames(names((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .MULTIARCH_DIR */ .SL, arch, target.registry, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target.repository))), base, target.patterns))
            found.add(e);
    }
    for (const e of matchNames(names((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .METADATA_DIR */ .ys, target.registry, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target.repository))), base, target.patterns))
        found.add(e);
    const prefix = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(`${target.registry}/${target.repository}`);
    return [...found].sort().map((e) => `${prefix}/${e}`);
}
function flatOf(linkAbs, root) {
    try {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(linkAbs).isSymbolicLink())
            return undefined;
        const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(linkAbs), (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(linkAbs));
        const rel = target.slice((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FLAT_DIR */ .wo).length + 1).split('/');
        return target.startsWith((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FLAT_DIR */ .wo) + '/') && rel.length === 2 ? `sha256:${rel[1]}` : undefined;
    }
    catch {
        return undefined;
    }
}
/** Metadata of a removed name: a half-removed one only means a re-sync would not be a no-op. */
function removeTree(path) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { recursive: true, force: true });
}
/**
 * Removes the links and metadata of every name matching `target` in one
 * transaction; returns what was removed (empty: nothing matched, and no
 * transaction was opened). `allowed` is checked for each concrete name
 * before anything changes.
 */
async function removeNames(opts) {
    const { publisher, target } = opts;
    const planned = planRemoval(publisher.root, target);
    const refused = planned.filter((n) => opts.allowed && !opts.allowed(n));
    if (refused.length)
        throw new Error(`removing ${refused.join(', ')}: no policy rule allows removing ${refused.length === 1 ? 'it' : 'them'}`);
    if (planned.length === 0)
        return [];
    const txn = await publisher.begin(opts.logger ? { logger: opts.logger } : {});
    const removed = [];
    try {
        const root = txn.root;
        const now = opts.now ?? new Date();
        for (const name of planned) {
            const item = { name, platforms: [] };
            const flat = flatOf((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, name), root);
            if (flat)
                item.configDigest = flat;
            const touched = new Set(flat ? [flat] : []);
            (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .removeEntry */ .b4)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, name));
            removeTree((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .METADATA_DIR */ .ys, name));
            for (const arch of names((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .MULTIARCH_DIR */ .SL))) {
                const link = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .MULTIARCH_DIR */ .SL, arch, name);
                const archFlat = flatOf(link, root);
                if (archFlat)
                    touched.add(archFlat);
                if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(link) || archFlat) {
                    (0,_repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .removeEntry */ .b4)(link);
                    item.platforms.push(arch);
                }
                removeTree((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .METADATA_DIR */ .ys, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .MULTIARCH_DIR */ .SL, arch, name));
            }
            // The grace period of gc counts from now for the content these names used.
            for (const digest of touched) {
                const hex = digest.slice('sha256:'.length);
                const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, _repo_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FLAT_DIR */ .wo, hex.slice(0, 2), hex);
                if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(dir))
                    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.utimesSync)(dir, now, now);
            }
            removed.push(item);
        }
        await txn.commit();
    }
    catch (err) {
        await txn.abort(err).catch(() => { });
        throw new Error(`removing ${planned.join(', ')} from ${publisher.describe()}`, { cause: err });
    }
    return removed;
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




/***/ })

};
