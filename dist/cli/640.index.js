export const id = 640;
export const ids = [640];
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

/***/ 7640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runNotify: () => (/* binding */ runNotify)
});

// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/client/resolve.ts
/**
 * Which images to publish, from what a CI step knows: the pushed image (one
 * reference, or a list such as docker/metadata-action's `tags` output) and a
 * few extra tags. Pure: no network.
 *
 *   ghcr.io/org/app:1.2.3            one request per repository (and digest):
 *   ghcr.io/org/app:latest     ==>    ghcr.io/org/app:1.2.3 + extra tags [latest, 1.2]
 *   ghcr.io/org/app:1.2              docker.io/org/app:1.2.3 + extra tags [latest, 1.2]
 *   docker.io/org/app:1.2.3 ...
 *
 * References are parsed with the project's reference grammar, so registry
 * ports (`host:5005/group/app:tag`) and digests (`app@sha256:…`) keep their
 * meaning; splitting on ':' (what the original template did) broke both.
 */

/** Thrown for input that names no image or a tag that is not valid; the message says which. */
class ResolveError extends Error {
    name = 'ResolveError';
}
/** Splits a list given as lines, commas or spaces (CI inputs use all three); drops empty entries. */
function splitList(text) {
    const parts = typeof text === 'string' ? [text] : text;
    return parts.flatMap((p) => p.split(/[\s,]+/)).filter((p) => p !== '');
}
function resolveImages(image, extraTags = [], opts = {}) {
    const entries = splitList(image);
    if (entries.length === 0)
        throw new ResolveError('resolving the images to publish: no image given');
    const extra = splitList(extraTags);
    const groups = new Map();
    for (const entry of entries) {
        let ref;
        try {
            ref = (0,reference/* parseImageRef */.Q)(entry);
        }
        catch (err) {
            throw new ResolveError(`resolving the images to publish: ${err.message}`, { cause: err });
        }
        if (opts.digest !== undefined)
            ref = pin(ref, opts.digest);
        // One request per repository and manifest: tags of the same push go together.
        const key = (0,reference/* formatImageRef */.kL)({ ...ref, tag: undefined });
        const group = groups.get(key);
        if (group === undefined)
            groups.set(key, { ref, tags: ref.tag !== undefined ? [ref.tag] : [] });
        else if (ref.tag !== undefined)
            group.tags.push(ref.tag);
    }
    return [...groups.values()].map(({ ref, tags }) => {
        const all = unique([...tags, ...extra]);
        for (const tag of extra)
            checkTag(ref, tag);
        // The reference always has a tag or a digest (parseImageRef defaults the tag).
        return { image: (0,reference/* formatImageRef */.kL)(ref), ref, extraTags: all.filter((t) => t !== ref.tag) };
    });
}
function pin(ref, digest) {
    if (ref.digest !== undefined && ref.digest !== digest) {
        throw new ResolveError(`resolving the images to publish: ${(0,reference/* formatImageRef */.kL)(ref)} names another digest than the pushed one (${digest})`);
    }
    try {
        // Parsing a pinned reference validates the digest with the reference grammar.
        return (0,reference/* parseImageRef */.Q)(`${(0,reference/* formatImageRef */.kL)({ ...ref, digest: undefined })}@${digest}`);
    }
    catch (err) {
        throw new ResolveError(`resolving the images to publish: pinning to the pushed digest: ${err.message}`, { cause: err });
    }
}
function checkTag(ref, tag) {
    try {
        (0,reference/* withTag */.Rd)(ref, tag);
    }
    catch (err) {
        throw new ResolveError(`resolving the images to publish: extra tag ${JSON.stringify(tag)}: ${err.message}`, { cause: err });
    }
}
function unique(list) {
    return [...new Set(list)];
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
// EXTERNAL MODULE: ./src/common/sleep.ts
var common_sleep = __webpack_require__(7814);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/errors.js
var core_errors = __webpack_require__(7428);
;// CONCATENATED MODULE: ./src/client/http.ts
/**
 * One JSON call to the agent, with retries of temporary failures: network
 * errors, 408, 429 (honouring Retry-After) and 5xx, with exponential backoff.
 * POST /api/v1/sync is safe to repeat: the agent merges identical pending
 * requests. The token goes only into the Authorization header; messages name
 * the method and URL, never the token.
 */



const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** The agent answered with an error status, or could not be reached. */
class AgentRequestError extends Error {
    name = 'AgentRequestError';
    /** HTTP status, or undefined when no answer arrived. */
    status;
    /** The agent's own reason ({code, message} body), when it gave one. */
    reason;
    temporary;
    retryAfterMs;
    constructor(msg, opts) {
        super(msg, { cause: opts.cause });
        this.status = opts.status;
        this.reason = opts.reason;
        this.temporary = opts.temporary;
        this.retryAfterMs = opts.retryAfterMs;
    }
}
const ErrorBody = schemas/* union */.KCZ([
    schemas/* object */.Ikc({ message: schemas/* string */.YjP(), code: schemas/* string */.YjP().optional() }),
    schemas/* object */.Ikc({ error: schemas/* object */.Ikc({ message: schemas/* string */.YjP(), code: schemas/* string */.YjP().optional() }) }).transform((b) => b.error),
    schemas/* object */.Ikc({ error: schemas/* string */.YjP() }).transform((b) => ({ message: b.error, code: undefined })),
    schemas/* object */.Ikc({ detail: schemas/* string */.YjP() }).transform((b) => ({ message: b.detail, code: undefined })),
]);
async function callAgent(call, schema, opts = {}) {
    const retry = opts.retry ?? DEFAULT_RETRY;
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const sleep = retry.sleep ?? common_sleep/* sleep */.y;
    const where = `${call.method} ${redactUrl(call.url)}`;
    for (let attempt = 1;; attempt++) {
        try {
            return await once(call, schema, where, opts.signal);
        }
        catch (err) {
            if (!(err instanceof AgentRequestError) || !err.temporary || attempt >= retry.attempts)
                throw err;
            const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
            const delay = err.retryAfterMs !== undefined ? Math.min(Math.max(err.retryAfterMs, 0), retry.maxDelayMs * 4) : backoff;
            if (retry.deadline !== undefined && Date.now() + delay >= retry.deadline)
                throw err;
            logger.warn(`${err.message}; retrying in ${Math.round(delay / 100) / 10}s (try ${attempt + 1} of ${retry.attempts})`);
            await sleep(delay, opts.signal);
        }
    }
}
async function once(call, schema, where, signal) {
    const headers = { accept: 'application/json', 'user-agent': 'cvmfs-unpack-client' };
    if (call.token !== undefined && call.token !== '')
        headers.authorization = `Bearer ${call.token}`;
    if (call.body !== undefined)
        headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(call.timeoutMs);
    let res;
    let text;
    try {
        res = await fetch(call.url, {
            method: call.method,
            headers,
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
            // The token must not follow a redirect to another host.
            redirect: 'error',
        });
        text = await res.text();
    }
    catch (err) {
        if (signal?.aborted)
            throw new AgentRequestError(`${where}: cancelled`, { temporary: false, cause: err });
        const why = timeout.aborted ? `no answer within ${Math.round(call.timeoutMs / 1000)}s` : networkReason(err);
        throw new AgentRequestError(`${where}: ${why}`, { temporary: true, cause: err });
    }
    if (res.status >= 200 && res.status < 300) {
        let json;
        try {
            json = JSON.parse(text);
        }
        catch (err) {
            throw new AgentRequestError(`${where}: ${res.status} with a body that is not JSON`, { status: res.status, temporary: false, cause: err });
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
            throw new AgentRequestError(`${where}: unexpected answer: ${core_errors/* prettifyError */.S1(parsed.error)}`, { status: res.status, temporary: false });
        }
        return { status: res.status, body: parsed.data };
    }
    const reason = agentReason(text);
    const temporary = res.status === 408 || res.status === 429 || res.status >= 500;
    const statusText = `${res.status}${res.statusText ? ` ${res.statusText.toLowerCase()}` : ''}`;
    throw new AgentRequestError(`${where}: ${statusText}${reason ? `: ${reason}` : ''}`, {
        status: res.status,
        reason,
        temporary,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    });
}
/** The agent's {code, message} (or a short text body), for messages. */
function agentReason(text) {
    try {
        const parsed = ErrorBody.safeParse(JSON.parse(text));
        if (parsed.success)
            return parsed.data.code ? `${parsed.data.message} (${parsed.data.code})` : parsed.data.message;
    }
    catch {
        // Not JSON: fall through to the text itself.
    }
    const trimmed = text.trim().replace(/\s+/g, ' ');
    if (trimmed === '' || trimmed.startsWith('<'))
        return undefined;
    return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}
/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
function parseRetryAfter(value, now = Date.now()) {
    if (value === null || value.trim() === '')
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
function networkReason(err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const code = cause?.code;
    const msg = cause instanceof Error ? cause.message : String(cause);
    return typeof code === 'string' && !msg.includes(code) ? `${code}: ${msg}` : msg;
}
/** The URL without credentials or query values that could carry secrets. */
function redactUrl(url) {
    const copy = new URL(url);
    copy.username = '';
    copy.password = '';
    return copy.toString();
}

;// CONCATENATED MODULE: ./src/client/server.ts
/**
 * Where the agent is. A bare host (`10.0.0.5`, `agent.example.org`) means
 * `http://HOST:8000`, as in the original unpack-api template; a host with a
 * port means plain HTTP on that port; a URL is taken as it is and may carry a
 * path prefix (`https://example.org/cvmfs-unpack/`).
 */
const DEFAULT_AGENT_PORT = 8000;
class ServerUrlError extends Error {
    name = 'ServerUrlError';
}
/** The agent's base URL, always ending in '/'. */
function normalizeServerUrl(server) {
    const text = server.trim();
    if (text === '')
        throw new ServerUrlError('the agent URL is empty');
    const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
    let url;
    try {
        url = new URL(hasScheme ? text : `http://${text}`);
    }
    catch (err) {
        throw new ServerUrlError(`${JSON.stringify(server)} is not an agent URL`, { cause: err });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ServerUrlError(`${JSON.stringify(server)} is not an agent URL: use http:// or https://`);
    }
    // Credentials in the URL would end up in logs; tokens go in the token input.
    if (url.username !== '' || url.password !== '') {
        throw new ServerUrlError('the agent URL must not contain credentials: pass a token instead');
    }
    if (url.search !== '' || url.hash !== '')
        throw new ServerUrlError(`${JSON.stringify(server)}: the agent URL must not have a query or fragment`);
    if (!hasScheme && url.port === '')
        url.port = String(DEFAULT_AGENT_PORT);
    if (!url.pathname.endsWith('/'))
        url.pathname += '/';
    return url;
}
/** An API path ('api/v1/sync') under the agent's base URL. */
function apiUrl(base, path) {
    return new URL(path.replace(/^\/+/, ''), base);
}

// EXTERNAL MODULE: ./src/common/duration.ts
var duration = __webpack_require__(5541);
;// CONCATENATED MODULE: ./src/client/notify.ts
/**
 * notify: ask a remote agent to publish images and wait for the outcome.
 *
 *   POST /api/v1/sync {image, extraTags, platform}      -> 202 {id, status, url}
 *   GET  /api/v1/jobs/<id>?wait=SECONDS   (long poll)   -> {id, status, images, error?}
 *
 * One request (one agent job) per repository; requests are submitted one after
 * the other and then awaited together. A refusal or failure of one does not
 * stop the others; at the end NotifyError lists every image that was not
 * published, with the agent's reason, and carries the partial result.
 *
 * Only the v1 API is spoken: the seed routes (/api/sync/jwt?image=) answer
 * without a job to follow, so a client that must report the outcome cannot
 * use them. A server without /api/v1 is reported as such.
 */








const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'];
const Accepted = schemas/* object */.Ikc({ id: schemas/* string */.YjP().min(1), status: schemas/* enum */.k5n(JOB_STATUSES), url: schemas/* string */.YjP().optional() });
const PublishedImageSchema = schemas/* object */.Ikc({
    ref: schemas/* string */.YjP(),
    digest: schemas/* string */.YjP().nullish().transform((v) => v ?? undefined),
    path: schemas/* string */.YjP().nullish().transform((v) => v ?? undefined),
});
const Job = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    status: schemas/* enum */.k5n(JOB_STATUSES),
    images: schemas/* array */.YOg(PublishedImageSchema).nullish().transform((v) => v ?? []),
    error: schemas/* string */.YjP().nullish().transform((v) => v ?? undefined),
    /** A queued job carried by a registry's rate limit: why it waits. */
    waiting: schemas/* string */.YjP().nullish().transform((v) => v ?? undefined),
    timings: schemas/* unknown */.L5J().optional(),
});
/**
 * The removal requests for a list of names: one per repository, each with
 * its names, and every extra tag added in each repository. Names are sent
 * as given (the agent validates them; tags may be wildcards).
 */
function removalRequests(images, extraTags) {
    const list = (typeof images === 'string' ? images.split(/[\n,]+/) : [...images]).map((s) => s.trim()).filter(Boolean);
    const byRepo = new Map();
    for (const name of list) {
        const slash = name.lastIndexOf('/');
        const at = name.indexOf('@', slash);
        const colon = name.indexOf(':', slash + 1);
        const end = at !== -1 ? at : colon !== -1 ? colon : name.length;
        const repo = name.slice(0, end);
        byRepo.set(repo, [...(byRepo.get(repo) ?? []), name, ...extraTags.map((t) => `${repo}:${t}`)]);
    }
    return [...byRepo].map(([repo, names]) => ({ image: repo, ref: (0,reference/* parseImageRef */.Q)(names[0], { allowWildcard: true }), extraTags: [], remove: [...new Set(names)] }));
}
/** Some image was not published (refused, failed or not finished in time). */
class NotifyError extends Error {
    name = 'NotifyError';
    result;
    constructor(msg, result) {
        super(msg);
        this.result = result;
    }
}
const REQUEST_TIMEOUT_MS = 30_000;
/** A poll answered sooner than this without news is followed by a pause (an agent without long polls). */
const MIN_POLL_INTERVAL_MS = 2_000;
async function notify(opts) {
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const requests = opts.remove ? removalRequests(opts.images, opts.extraTags ?? []) : resolveImages(opts.images, opts.extraTags ?? [], { digest: opts.digest });
    const base = normalizeServerUrl(opts.server);
    const deadline = Date.now() + opts.timeoutMs;
    const retry = { ...DEFAULT_RETRY, ...opts.retry, deadline };
    const ctx = { opts, base, deadline, retry, logger, report: (e) => opts.onStatus?.(e) };
    const submitted = [];
    for (const request of requests)
        submitted.push(await notify_submit(ctx, request));
    const jobs = opts.wait
        ? await Promise.all(submitted.map((s) => (s.outcome.id === undefined ? s.outcome : follow(ctx, s.outcome, s.started))))
        : submitted.map((s) => s.outcome);
    const result = { jobs };
    const bad = jobs.filter((j) => j.status === 'failed' || j.status === 'refused' || j.status === 'timeout');
    if (bad.length > 0) {
        // The agent's reasons usually start with the image already.
        const lines = bad.map((j) => (j.error?.startsWith(j.request.image) ? j.error : `${j.request.image}: ${j.error ?? j.status}`));
        throw new NotifyError(`${opts.remove ? 'removing' : 'publishing'} ${bad.length} of ${jobs.length} request(s) failed:\n  ${lines.join('\n  ')}`, result);
    }
    return result;
}
async function notify_submit(ctx, request) {
    const started = Date.now();
    const body = request.remove ? { images: request.remove } : { image: request.image, extraTags: request.extraTags };
    if (ctx.opts.platform && !request.remove)
        body.platform = ctx.opts.platform;
    const url = apiUrl(ctx.base, request.remove ? 'api/v1/remove' : 'api/v1/sync');
    try {
        const { body: accepted } = await callAgent({ method: 'POST', url, token: ctx.opts.token, body, timeoutMs: REQUEST_TIMEOUT_MS }, Accepted, { retry: ctx.retry, logger: ctx.logger, signal: ctx.opts.signal });
        ctx.logger.debug(`requested ${describeRequest(request)}: job ${accepted.id} ${accepted.status}`);
        ctx.report({ image: request.image, id: accepted.id, status: accepted.status });
        const page = apiUrl(ctx.base, `jobs/${encodeURIComponent(accepted.id)}`).toString();
        return { outcome: { request, id: accepted.id, status: accepted.status, images: [], elapsedMs: Date.now() - started, page }, started };
    }
    catch (err) {
        const error = refusalReason(err, url);
        ctx.report({ image: request.image, id: undefined, status: 'refused', error });
        return { outcome: { request, id: undefined, status: 'refused', images: [], error, elapsedMs: Date.now() - started }, started };
    }
}
async function follow(ctx, outcome, started) {
    const id = outcome.id;
    const pollSeconds = ctx.opts.pollSeconds ?? 30;
    let last;
    let lastStatus = outcome.status;
    const done = (view, status, error) => {
        const out = { ...outcome, status, images: view?.images ?? [], elapsedMs: Date.now() - started };
        if (error !== undefined)
            out.error = error;
        ctx.report({ image: outcome.request.image, id, status, ...(error !== undefined ? { error } : {}) });
        return out;
    };
    for (;;) {
        const remaining = ctx.deadline - Date.now();
        if (remaining <= 0) {
            const why = last?.waiting ? ` (${last.waiting})` : '';
            return done(last, 'timeout', `job ${id} still ${last?.status ?? lastStatus}${why} after ${(0,duration/* formatDuration */.a3)(ctx.opts.timeoutMs)}; it goes on on the agent (${apiUrl(ctx.base, `api/v1/jobs/${encodeURIComponent(id)}`)})`);
        }
        const wait = Math.max(1, Math.min(pollSeconds, Math.floor(remaining / 1000)));
        const url = apiUrl(ctx.base, `api/v1/jobs/${encodeURIComponent(id)}`);
        url.searchParams.set('wait', String(wait));
        const asked = Date.now();
        try {
            const { body } = await callAgent({ method: 'GET', url, token: ctx.opts.token, timeoutMs: wait * 1000 + REQUEST_TIMEOUT_MS }, Job, {
                retry: ctx.retry,
                logger: ctx.logger,
                signal: ctx.opts.signal,
            });
            last = body;
        }
        catch (err) {
            if (Date.now() >= ctx.deadline && err instanceof AgentRequestError && err.temporary)
                continue;
            return done(last, 'failed', `following job ${id}: ${(0,errors/* describeError */.U)(err)}`);
        }
        if (last.status === 'succeeded')
            return done(last, 'succeeded');
        if (last.status === 'failed')
            return done(last, 'failed', last.error ?? 'the agent reported the job failed without a reason');
        if (last.status !== lastStatus) {
            lastStatus = last.status;
            ctx.report({ image: outcome.request.image, id, status: last.status });
        }
        else if (Date.now() - asked < MIN_POLL_INTERVAL_MS) {
            await new Promise((r) => setTimeout(r, Math.min(MIN_POLL_INTERVAL_MS, Math.max(0, ctx.deadline - Date.now()))));
        }
    }
}
function refusalReason(err, url) {
    if (err instanceof AgentRequestError) {
        if (err.status === 404) {
            return `${err.message}: the server has no /api/v1/sync; is ${url.origin} a cvmfs-unpack agent (servers of the original unpack-api speak only their own routes)?`;
        }
        if (err.status === 401)
            return `${err.message} (the token was not accepted: check the audience and that the agent trusts this issuer)`;
        if (err.status === 403)
            return `${err.message} (the agent's policy does not allow this pipeline to ${/\/api\/v1\/remove/.test(url.pathname) ? 'remove' : 'publish'} this image)`;
    }
    return (0,errors/* describeError */.U)(err);
}
function describeRequest(r) {
    if (r.remove)
        return `removal of ${r.remove.join(', ')}`;
    return r.extraTags.length ? `${r.image} (+ tags ${r.extraTags.join(', ')})` : r.image;
}

;// CONCATENATED MODULE: ./src/client/index.ts






// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/commands/context.ts
var context = __webpack_require__(586);
;// CONCATENATED MODULE: ./src/cli/commands/notify.ts
/** `cvmfs-unpack notify IMAGE --server URL`: ask a remote agent, wait, print the CVMFS paths. */



async function runNotify(ctx) {
    if (ctx.positionals.length !== 1)
        throw new args/* UsageError */.eb('give exactly one IMAGE (a list may be separated by newlines or commas)', 'notify');
    const server = (0,context/* stringOption */.Pp)(ctx, 'server') ?? ctx.io.env.CVMFS_UNPACK_SERVER;
    if (!server)
        throw new args/* UsageError */.eb('--server is required', 'notify');
    const token = (0,context/* stringOption */.Pp)(ctx, 'token') ?? (0,context/* stringOption */.Pp)(ctx, 'id-token') ?? ctx.io.env.CVMFS_UNPACK_TOKEN ?? ctx.io.env.CVMFS_UNPACK_ID_TOKEN;
    if (!token)
        throw new args/* UsageError */.eb('a credential is required: --token, --id-token, $CVMFS_UNPACK_TOKEN or $CVMFS_UNPACK_ID_TOKEN', 'notify');
    let timeoutMs;
    try {
        timeoutMs = (0,duration/* parseDuration */.E9)((0,context/* stringOption */.Pp)(ctx, 'timeout') ?? '30m');
    }
    catch (err) {
        if (err instanceof duration/* DurationError */.N2)
            throw new args/* UsageError */.eb(`--timeout: ${err.message}`, 'notify');
        throw err;
    }
    const logger = ctx.output.logger;
    try {
        const result = await notify({
            server,
            token,
            images: ctx.positionals[0],
            extraTags: splitList((0,context/* stringOption */.Pp)(ctx, 'extra-tags') ?? ''),
            platform: (0,context/* stringOption */.Pp)(ctx, 'platform'),
            wait: !(0,context/* flag */.Jt)(ctx, 'no-wait'),
            timeoutMs,
            logger,
            signal: ctx.io.signal,
            onStatus: (e) => logger.info('job status', { ...e }),
            remove: (0,context/* flag */.Jt)(ctx, 'remove'),
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
        if (err instanceof ResolveError || err instanceof ServerUrlError)
            throw new args/* UsageError */.eb(err.message, 'notify');
        if (err instanceof NotifyError) {
            ctx.io.stderr.write(`${err.message}\n`);
            return 1;
        }
        throw err;
    }
}


/***/ }),

/***/ 7814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/** Waits `ms`; an abort of `signal` ends the wait at once, rejecting with the signal's reason. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
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
