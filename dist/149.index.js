export const id = 149;
export const ids = [149,29];
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

/***/ 1149:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runServe: () => (/* binding */ runServe)
});

// EXTERNAL MODULE: ./src/convert/index.ts + 3 modules
var convert = __webpack_require__(891);
// EXTERNAL MODULE: ./src/gc/remove.ts
var remove = __webpack_require__(6312);
// EXTERNAL MODULE: ./src/publish/index.ts + 8 modules
var publish = __webpack_require__(7895);
// EXTERNAL MODULE: ./src/registry/index.ts + 10 modules
var registry = __webpack_require__(2388);
// EXTERNAL MODULE: ./src/schedule/recipe-source.ts
var recipe_source = __webpack_require__(4029);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwks/remote.js + 1 modules
var remote = __webpack_require__(7315);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/verify.js + 2 modules
var verify = __webpack_require__(4490);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/errors.js
var util_errors = __webpack_require__(5674);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js
var decode_jwt = __webpack_require__(7961);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/errors.js
var classic_errors = __webpack_require__(961);
;// CONCATENATED MODULE: ./src/agent/errors.ts
/**
 * The agent's errors and their HTTP form. Every handler throws; `toHttpError`
 * is the one place that turns a domain error into `{code, message}` and a
 * status. Messages never carry a token or a secret.
 */


class ApiError extends Error {
    name = 'ApiError';
    status;
    code;
    headers;
    constructor(status, code, message, headers = {}, options) {
        super(message, options);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }
}
/** Missing or invalid credentials; `reason` is safe to show (no token in it). */
class UnauthenticatedError extends ApiError {
    name = 'UnauthenticatedError';
    constructor(reason, options) {
        super(401, 'unauthorized', reason, { 'WWW-Authenticate': 'Bearer realm="cvmfs-unpack"' }, options);
    }
}
/** A valid identity that the policy does not allow to publish the image. */
class ForbiddenError extends ApiError {
    name = 'ForbiddenError';
    constructor(message) {
        super(403, 'forbidden', message);
    }
}
class BadRequestError extends ApiError {
    name = 'BadRequestError';
    constructor(message, code = 'bad_request', options) {
        super(400, code, message, {}, options);
    }
}
class NotFoundError extends ApiError {
    name = 'NotFoundError';
    constructor(message) {
        super(404, 'not_found', message);
    }
}
class MethodNotAllowedError extends ApiError {
    name = 'MethodNotAllowedError';
    constructor(allowed) {
        super(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, { Allow: allowed.join(', ') });
    }
}
class PayloadTooLargeError extends ApiError {
    name = 'PayloadTooLargeError';
    constructor(limit) {
        super(413, 'payload_too_large', `the request body is larger than ${limit} bytes`);
    }
}
class UnsupportedMediaTypeError extends ApiError {
    name = 'UnsupportedMediaTypeError';
    constructor(expected) {
        super(415, 'unsupported_media_type', `send the body as ${expected}`);
    }
}
class RateLimitedError extends ApiError {
    name = 'RateLimitedError';
    constructor(retryAfterSeconds) {
        super(429, 'rate_limited', `too many requests from this identity; retry in ${retryAfterSeconds} s`, {
            'Retry-After': String(retryAfterSeconds),
        });
    }
}
/** The durable queue holds as many jobs as it may: come back later. */
class QueueFullError extends ApiError {
    name = 'QueueFullError';
    constructor(retryAfterSeconds) {
        super(503, 'queue_full', `the job queue is full; retry in ${retryAfterSeconds} s`, { 'Retry-After': String(retryAfterSeconds) });
    }
}
class ShuttingDownError extends ApiError {
    name = 'ShuttingDownError';
    constructor() {
        super(503, 'shutting_down', 'the agent is shutting down; retry shortly', { 'Retry-After': '5' });
    }
}
/** The one mapping of errors to responses. Unknown errors are 500 with a fixed message (the detail goes to the log). */
function toHttpError(err) {
    if (err instanceof ApiError)
        return { status: err.status, headers: err.headers, body: { code: err.code, message: err.message } };
    if (err instanceof reference/* InvalidReferenceError */.x_) {
        return { status: 400, headers: {}, body: { code: 'invalid_image', message: err.message } };
    }
    if (err instanceof classic_errors/* ZodError */.G) {
        const issue = err.issues[0];
        const at = issue && issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
        return { status: 400, headers: {}, body: { code: 'invalid_body', message: `${at}${issue?.message ?? 'invalid request body'}` } };
    }
    return { status: 500, headers: {}, body: { code: 'internal', message: 'internal error; see the agent log' } };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
// EXTERNAL MODULE: ./src/common/duration.ts
var duration = __webpack_require__(5541);
;// CONCATENATED MODULE: ./src/agent/config-schema.ts
/**
 * The shape of agent.yaml (DESIGN.md section 4), as zod schemas, and the
 * table that maps every key to its environment variable. Keys are camelCase
 * without underscores so that each maps to `CVMFS_UNPACK_<KEY>`.
 */



const config_schema_duration = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig().nonnegative()]).transform((value, ctx) => {
    if (typeof value === 'number')
        return value * 1000;
    try {
        return (0,duration/* parseDuration */.E9)(value);
    }
    catch (err) {
        ctx.addIssue({ code: 'custom', message: err.message });
        return core/* NEVER */.tm;
    }
});
const nonEmpty = schemas/* string */.YjP().min(1, 'must not be empty');
const oidcIssuer = schemas/* object */.Ikc({
    /** Exactly the `iss` the tokens carry, e.g. https://token.actions.githubusercontent.com. */
    issuer: schemas/* url */.OZ5({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
    /** The `aud` the tokens must carry (one of these). */
    audience: schemas/* union */.KCZ([nonEmpty, schemas/* array */.YOg(nonEmpty).min(1)]).transform((a) => (Array.isArray(a) ? a : [a])),
    /** JWKS address; without it, `${issuer}/.well-known/openid-configuration` names it. */
    jwksUri: schemas/* url */.OZ5({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
})
    .strict();
/** A rule for GitHub/GitLab claims: every listed claim must match its glob. */
const claimMatch = schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a claim name'), nonEmpty);
const match = schemas/* union */.KCZ([
    schemas/* object */.Ikc({ secret: schemas/* literal */.euz(true) }).strict(),
    schemas/* object */.Ikc({ webhook: schemas/* enum */.k5n(['distribution', 'harbor']) }).strict(),
    claimMatch.refine((m) => Object.keys(m).length > 0, 'a rule must match at least one claim (an empty match would allow everyone)')
        .refine((m) => !('secret' in m) && !('webhook' in m), '"secret" and "webhook" stand alone in a match'),
]);
const policyRule = schemas/* object */.Ikc({
    match,
    images: schemas/* array */.YOg(nonEmpty).min(1, 'list at least one image pattern'),
    /** Images (patterns) the identity may also remove (POST /api/v1/remove); none by default. */
    remove: schemas/* array */.YOg(nonEmpty).optional(),
})
    .strict();
const webhook = schemas/* object */.Ikc({
    /** File holding the shared secret the registry sends in Authorization. */
    secretTokenFile: nonEmpty.optional(),
    /** Set from the environment only: the secret itself. */
    secretToken: nonEmpty.optional(),
    /** The registry as clients name it ('host:port', or 'http://host:port' for plain HTTP); overrides what the payload says. */
    registry: nonEmpty.optional(),
})
    .strict();
const configSchema = schemas/* object */.Ikc({
    listen: nonEmpty.default('127.0.0.1:8000'),
    target: nonEmpty.default('dir:./unpacked'),
    state: nonEmpty.default('/var/lib/cvmfs-unpack'),
    cvmfsServer: nonEmpty.optional(),
    cvmfsMount: nonEmpty.optional(),
    auth: schemas/* object */.Ikc({
        secretTokenFile: nonEmpty.optional(),
        secretToken: nonEmpty.optional(),
        oidc: schemas/* array */.YOg(oidcIssuer).default([]),
        clockSkew: config_schema_duration.default(30_000),
        /** Whether the status page and the read API answer without a token (names are public in CVMFS anyway). */
        publicRead: schemas/* boolean */.zMY().default(true),
    })
        .strict()
        .prefault({}),
    policy: schemas/* array */.YOg(policyRule).default([]),
    webhooks: schemas/* object */.Ikc({ distribution: webhook.optional(), harbor: webhook.optional() })
        .strict()
        .prefault({}),
    queue: schemas/* object */.Ikc({
        maxQueued: schemas/* number */.aig().int().positive().default(1000),
        batchSize: schemas/* number */.aig().int().positive().default(20),
        maxAttempts: schemas/* number */.aig().int().positive().default(3),
        rateLimitWait: config_schema_duration.default(30_000),
        history: config_schema_duration.default(7 * 86_400_000),
    })
        .strict()
        .prefault({}),
    rateLimit: schemas/* object */.Ikc({
        perMinute: schemas/* number */.aig().positive().default(60),
        burst: schemas/* number */.aig().int().positive().default(30),
    })
        .strict()
        .prefault({}),
    http: schemas/* object */.Ikc({
        maxBodyBytes: schemas/* number */.aig().int().positive().default(65_536),
        maxWait: config_schema_duration.default(60_000),
    })
        .strict()
        .prefault({}),
    recipe: nonEmpty.optional(),
    interval: config_schema_duration.default(15 * 60_000),
    // DUCC's --skip-* switches for everything this agent publishes.
    skipFlat: schemas/* boolean */.zMY().default(false),
    skipLayers: schemas/* boolean */.zMY().default(false),
    skipPodman: schemas/* boolean */.zMY().default(false),
    skipThinImage: schemas/* boolean */.zMY().default(false),
    /** Registries spoken to over plain HTTP although named without a scheme ('host:port'; loopback always is). */
    insecureRegistries: schemas/* array */.YOg(nonEmpty).default([]),
})
    .strict();
/**
 * Every key of agent.yaml and its variable (`CVMFS_UNPACK_` + this name).
 * Secrets and secret files drop the `auth` level: CVMFS_UNPACK_SECRET_TOKEN_FILE.
 */
const ENV_KEYS = [
    { path: ['listen'], env: 'LISTEN', kind: 'string' },
    { path: ['target'], env: 'TARGET', kind: 'string' },
    { path: ['state'], env: 'STATE', kind: 'string' },
    { path: ['cvmfsServer'], env: 'CVMFS_SERVER', kind: 'string' },
    { path: ['cvmfsMount'], env: 'CVMFS_MOUNT', kind: 'string' },
    { path: ['auth', 'secretTokenFile'], env: 'SECRET_TOKEN_FILE', kind: 'string' },
    { path: ['auth', 'secretToken'], env: 'SECRET_TOKEN', kind: 'string', envOnly: true },
    { path: ['auth', 'oidc'], env: 'OIDC', kind: 'json' },
    { path: ['auth', 'clockSkew'], env: 'CLOCK_SKEW', kind: 'duration' },
    { path: ['auth', 'publicRead'], env: 'PUBLIC_READ', kind: 'json' },
    { path: ['policy'], env: 'POLICY', kind: 'json' },
    { path: ['webhooks', 'distribution', 'secretTokenFile'], env: 'WEBHOOKS_DISTRIBUTION_SECRET_TOKEN_FILE', kind: 'string' },
    { path: ['webhooks', 'distribution', 'secretToken'], env: 'WEBHOOKS_DISTRIBUTION_SECRET_TOKEN', kind: 'string', envOnly: true },
    { path: ['webhooks', 'distribution', 'registry'], env: 'WEBHOOKS_DISTRIBUTION_REGISTRY', kind: 'string' },
    { path: ['webhooks', 'harbor', 'secretTokenFile'], env: 'WEBHOOKS_HARBOR_SECRET_TOKEN_FILE', kind: 'string' },
    { path: ['webhooks', 'harbor', 'secretToken'], env: 'WEBHOOKS_HARBOR_SECRET_TOKEN', kind: 'string', envOnly: true },
    { path: ['webhooks', 'harbor', 'registry'], env: 'WEBHOOKS_HARBOR_REGISTRY', kind: 'string' },
    { path: ['queue', 'maxQueued'], env: 'QUEUE_MAX_QUEUED', kind: 'number' },
    { path: ['queue', 'batchSize'], env: 'QUEUE_BATCH_SIZE', kind: 'number' },
    { path: ['queue', 'maxAttempts'], env: 'QUEUE_MAX_ATTEMPTS', kind: 'number' },
    { path: ['queue', 'rateLimitWait'], env: 'QUEUE_RATE_LIMIT_WAIT', kind: 'duration' },
    { path: ['queue', 'history'], env: 'QUEUE_HISTORY', kind: 'duration' },
    { path: ['rateLimit', 'perMinute'], env: 'RATE_LIMIT_PER_MINUTE', kind: 'number' },
    { path: ['rateLimit', 'burst'], env: 'RATE_LIMIT_BURST', kind: 'number' },
    { path: ['http', 'maxBodyBytes'], env: 'HTTP_MAX_BODY_BYTES', kind: 'number' },
    { path: ['http', 'maxWait'], env: 'HTTP_MAX_WAIT', kind: 'duration' },
    { path: ['recipe'], env: 'RECIPE', kind: 'string' },
    { path: ['interval'], env: 'INTERVAL', kind: 'duration' },
    { path: ['skipFlat'], env: 'SKIP_FLAT', kind: 'json' },
    { path: ['skipLayers'], env: 'SKIP_LAYERS', kind: 'json' },
    { path: ['skipPodman'], env: 'SKIP_PODMAN', kind: 'json' },
    { path: ['skipThinImage'], env: 'SKIP_THIN_IMAGE', kind: 'json' },
    { path: ['insecureRegistries'], env: 'INSECURE_REGISTRIES', kind: 'list' },
];
const ENV_PREFIX = 'CVMFS_UNPACK_';

;// CONCATENATED MODULE: ./src/agent/config.ts
/**
 * Loading agent.yaml: YAML → environment overrides (`CVMFS_UNPACK_<KEY>`) →
 * zod validation. Errors name the file and line (or the variable) and say
 * what is wrong. Relative paths in the file are relative to the file.
 */





/** agent.yaml or an environment variable holds something the agent cannot use. */
class ConfigError extends Error {
    name = 'ConfigError';
}
/** Reads, overlays the environment, validates. `file` may be undefined: then only the environment and defaults count. */
async function loadConfig(file, env = process.env) {
    let text = '';
    if (file !== undefined) {
        try {
            text = await (0,promises_.readFile)(file, 'utf8');
        }
        catch (err) {
            throw new ConfigError(`reading the agent configuration ${file}: ${err.message}`, { cause: err });
        }
    }
    return parseConfig(text, { file: file ?? '(no file)', env, baseDir: file !== undefined ? (0,external_node_path_.dirname)((0,external_node_path_.resolve)(file)) : process.cwd() });
}
function parseConfig(text, opts) {
    const { file } = opts;
    const lines = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const firstError = doc.errors[0];
    if (firstError) {
        const pos = firstError.linePos?.[0];
        throw new ConfigError(`${file}${pos ? `:${pos.line}` : ''}: not valid YAML: ${firstError.message.split('\n')[0]}`);
    }
    const raw = doc.toJS() ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ConfigError(`${file}: the agent configuration must be a mapping of keys (listen, target, state, auth, policy, …)`);
    }
    const where = (path) => `${file}${lineOf(doc, lines, path)}`;
    const data = raw;
    const fromEnv = new Map();
    for (const key of ENV_KEYS) {
        if (key.envOnly && getIn(data, key.path) !== undefined) {
            throw new ConfigError(`${where(key.path)}: ${key.path.join('.')} is a secret: put it in a file (${key.path.slice(0, -1).concat('secretTokenFile').join('.')}) or the environment variable ${ENV_PREFIX}${key.env}, not in the configuration`);
        }
        const value = opts.env?.[ENV_PREFIX + key.env];
        if (value === undefined || value === '')
            continue;
        setIn(data, key.path, envValue(key, value));
        fromEnv.set(key.path.join('.'), key);
    }
    const parsed = configSchema.safeParse(data);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        // An unknown key is pointed at itself, not at the mapping that holds it.
        const at = issue.code === 'unrecognized_keys' ? { ...issue, path: [...issue.path, issue.keys[0]] } : issue;
        throw new ConfigError(`${describeOrigin(at, fromEnv, where)}: ${issueMessage(issue)}`, { cause: parsed.error });
    }
    return resolvePaths(parsed.data, opts.baseDir ?? process.cwd());
}
/** The environment's text as the value the schema expects. */
function envValue(key, text) {
    const name = ENV_PREFIX + key.env;
    switch (key.kind) {
        case 'string':
        case 'duration':
            return text;
        case 'number': {
            const n = Number(text);
            if (!Number.isFinite(n))
                throw new ConfigError(`environment variable ${name}: "${text}" is not a number`);
            return n;
        }
        case 'list':
            // 'a:5000,b:5000' or 'a:5000 b:5000' (as the CLI reads it), or a JSON list.
            if (!text.trim().startsWith('['))
                return text.split(/[\s,]+/).filter(Boolean);
            return parseJsonEnv(name, text);
        case 'json':
            return parseJsonEnv(name, text);
    }
}
function parseJsonEnv(name, text) {
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new ConfigError(`environment variable ${name}: not valid JSON: ${err.message}`);
    }
}
function describeOrigin(issue, fromEnv, where) {
    const path = issue.path.map(String);
    for (let n = path.length; n > 0; n--) {
        const key = fromEnv.get(path.slice(0, n).join('.'));
        if (key)
            return `environment variable ${ENV_PREFIX}${key.env}${n < path.length ? ` (at ${path.slice(n).join('.')})` : ''}`;
    }
    return where(issue.path);
}
function issueMessage(issue) {
    const at = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    if (issue.code === 'unrecognized_keys')
        return `${at}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${at}${issue.message}`;
}
/** ':LINE' of the deepest node of `path` present in the document ('' when none). */
function lineOf(doc, lines, path) {
    for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if ((0,dist/* isNode */.Ll)(node) && node.range)
            return `:${lines.linePos(node.range[0]).line}`;
        // A key that is present but whose value is empty: point at the key.
        const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
        if (n > 0 && (0,dist/* isMap */.jh)(parent)) {
            const pair = parent.items.find((p) => (0,dist/* isNode */.Ll)(p.key) && String(p.key.value) === String(path[n - 1]));
            if (pair && (0,dist/* isNode */.Ll)(pair.key) && pair.key.range)
                return `:${lines.linePos(pair.key.range[0]).line}`;
        }
    }
    return '';
}
function getIn(data, path) {
    let cur = data;
    for (const p of path) {
        if (typeof cur !== 'object' || cur === null)
            return undefined;
        cur = cur[p];
    }
    return cur;
}
function setIn(data, path, value) {
    let cur = data;
    for (const p of path.slice(0, -1)) {
        const next = cur[p];
        if (typeof next !== 'object' || next === null || Array.isArray(next))
            cur[p] = {};
        cur = cur[p];
    }
    cur[path[path.length - 1]] = value;
}
function resolvePaths(config, baseDir) {
    const abs = (p) => (p === undefined ? undefined : (0,external_node_path_.resolve)(baseDir, p));
    const hook = (w) => (w ? { ...w, secretTokenFile: abs(w.secretTokenFile) } : undefined);
    return {
        ...config,
        state: (0,external_node_path_.resolve)(baseDir, config.state),
        recipe: abs(config.recipe),
        target: config.target.startsWith('dir:') ? `dir:${(0,external_node_path_.resolve)(baseDir, config.target.slice(4))}` : config.target,
        auth: { ...config.auth, secretTokenFile: abs(config.auth.secretTokenFile) },
        webhooks: { distribution: hook(config.webhooks.distribution), harbor: hook(config.webhooks.harbor) },
    };
}
/**
 * Reads a secret: the value from the environment, else the first line of
 * the file. Warns (through `warn`) when the file is readable by others.
 */
async function readSecret(what, inline, file, warn) {
    if (inline !== undefined)
        return inline;
    if (file === undefined)
        return undefined;
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
        const mode = (await (0,promises_.stat)(file)).mode;
        if ((mode & 0o077) !== 0)
            warn(`${what} file ${file} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
    }
    catch (err) {
        throw new ConfigError(`reading the ${what} from ${file}: ${err.message}`, { cause: err });
    }
    const secret = text.split(/\r?\n/)[0].trim();
    if (secret.length === 0)
        throw new ConfigError(`reading the ${what} from ${file}: the file is empty`);
    if (secret.length < 16)
        warn(`${what} in ${file} is shorter than 16 characters; use a long random token`);
    return secret;
}

;// CONCATENATED MODULE: ./src/agent/auth.ts
/**
 * Who is calling: the secret token (compared in constant time) or an OIDC
 * JWT from a configured issuer (GitHub Actions, GitLab `id_tokens`), checked
 * against the issuer's JWKS with `iss`, `aud`, `exp` and `nbf` enforced.
 * Failures are UnauthenticatedError with a reason that never contains the
 * token.
 */





/** The token of an Authorization header: the raw value, or what follows `Bearer `. */
function bearerToken(header) {
    if (header === undefined)
        return undefined;
    const value = header.trim();
    const m = /^bearer(?:\s+(.*))?$/i.exec(value);
    const token = (m ? (m[1] ?? '') : value).trim();
    return token === '' ? undefined : token;
}
/** Constant-time equality of two secrets of any length (both hashed first, so lengths do not leak). */
function secretMatches(expected, given) {
    const a = (0,external_node_crypto_.createHash)('sha256').update(expected).digest();
    const b = (0,external_node_crypto_.createHash)('sha256').update(given).digest();
    return (0,external_node_crypto_.timingSafeEqual)(a, b);
}
/** Three base64url parts: a compact JWS. */
function looksLikeJwt(token) {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Issuer and JWKS addresses must be https; plain http only on loopback (tests, local issuers). */
function checkTransport(url, what) {
    const u = new URL(url);
    if (u.protocol === 'https:')
        return;
    if (u.protocol === 'http:' && LOOPBACK.has(u.hostname))
        return;
    throw new ConfigError(`${what} ${url} must use https (plain http is only accepted on loopback)`);
}
const discoverySchema = schemas/* object */.Ikc({ issuer: schemas/* string */.YjP(), jwks_uri: schemas/* url */.OZ5() });
/** The issuer's OIDC service could not be reached or answered nonsense: not the caller's fault. */
class IssuerUnavailableError extends ApiError {
    name = 'IssuerUnavailableError';
    constructor(issuer, options) {
        super(503, 'issuer_unavailable', `cannot fetch the signing keys of ${issuer}; retry later`, { 'Retry-After': '10' }, options);
    }
}
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** One trusted issuer: its keys, found once (discovery or jwksUri) and cached by jose. */
class IssuerVerifier {
    config;
    keys;
    fetchFn;
    cooldownMs;
    constructor(config, fetchFn, cooldownMs) {
        this.config = config;
        this.fetchFn = fetchFn;
        this.cooldownMs = cooldownMs;
        checkTransport(config.issuer, 'OIDC issuer');
        if (config.jwksUri)
            checkTransport(config.jwksUri, 'OIDC jwksUri');
    }
    jwks() {
        this.keys ??= this.resolveJwksUri().then(
        // jose caches the set, and refetches it (at most once per cooldown) when a token names an unknown kid.
        (uri) => (0,remote/* createRemoteJWKSet */.RD)(new URL(uri), { cooldownDuration: this.cooldownMs, cacheMaxAge: 600_000, timeoutDuration: 5_000 }), (err) => {
            this.keys = undefined; // retry discovery on the next request
            throw err;
        });
        return this.keys;
    }
    async resolveJwksUri() {
        if (this.config.jwksUri)
            return this.config.jwksUri;
        const url = `${this.config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
        try {
            const res = await this.fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000), redirect: 'error' });
            if (!res.ok)
                throw new Error(`GET ${url}: HTTP ${res.status}`);
            const doc = discoverySchema.parse(await res.json());
            if (doc.issuer !== this.config.issuer)
                throw new Error(`discovery document names issuer ${doc.issuer}, not ${this.config.issuer}`);
            checkTransport(doc.jwks_uri, 'jwks_uri of the discovery document');
            return doc.jwks_uri;
        }
        catch (err) {
            throw new IssuerUnavailableError(this.config.issuer, { cause: err });
        }
    }
    async verify(token, clockSkewMs) {
        const keys = await this.jwks();
        try {
            const { payload } = await (0,verify/* jwtVerify */.V)(token, keys, {
                issuer: this.config.issuer,
                audience: this.config.audience,
                clockTolerance: Math.round(clockSkewMs / 1000),
                algorithms: ALGORITHMS,
                requiredClaims: ['exp'],
            });
            return payload;
        }
        catch (err) {
            throw verificationError(err, this.config.issuer);
        }
    }
}
/** A jose failure as a 401 reason (or a 503 when the issuer cannot be reached). */
function verificationError(err, issuer) {
    if (err instanceof util_errors/* JWTExpired */.n)
        return new UnauthenticatedError('the token has expired', { cause: err });
    if (err instanceof util_errors/* JWTClaimValidationFailed */.ie) {
        const reasons = {
            aud: 'the token is not meant for this agent (audience mismatch)',
            iss: 'the token was not issued by a trusted issuer',
            nbf: 'the token is not valid yet',
            exp: 'the token has no expiry time',
            iat: 'the token has an invalid issue time',
        };
        return new UnauthenticatedError(reasons[err.claim] ?? `the token's "${err.claim}" claim is invalid`, { cause: err });
    }
    if (err instanceof util_errors/* JWKSNoMatchingKey */.BT || err instanceof util_errors/* JWSSignatureVerificationFailed */.h2) {
        return new UnauthenticatedError('the token is not signed by a key of its issuer', { cause: err });
    }
    if (err instanceof util_errors/* JOSEAlgNotAllowed */.Rb)
        return new UnauthenticatedError('the token uses a signing algorithm that is not accepted', { cause: err });
    if (err instanceof util_errors/* JWKSTimeout */.xb || err instanceof util_errors/* JWKSInvalid */.Dm || err instanceof TypeError) {
        return new IssuerUnavailableError(issuer, { cause: err });
    }
    if (err instanceof util_errors/* JOSEError */.i4)
        return new UnauthenticatedError('the token is malformed', { cause: err });
    return err instanceof Error ? err : new Error(String(err));
}
class Authenticator {
    secret;
    verifiers;
    clockSkewMs;
    constructor(opts) {
        this.secret = opts.secret;
        this.clockSkewMs = opts.clockSkewMs;
        const fetchFn = opts.fetch ?? fetch;
        this.verifiers = new Map(opts.issuers.map((i) => [i.issuer, new IssuerVerifier(i, fetchFn, opts.jwksCooldownMs ?? 30_000)]));
    }
    /** The identity behind an Authorization header, or UnauthenticatedError. */
    async authenticate(header, accept = 'any') {
        const token = bearerToken(header);
        if (token === undefined)
            throw new UnauthenticatedError('missing Authorization header (send "Authorization: Bearer <token>")');
        if (accept !== 'jwt' && this.secret !== undefined && secretMatches(this.secret, token))
            return { kind: 'secret' };
        if (accept === 'secret') {
            throw new UnauthenticatedError(this.secret === undefined ? 'secret token authentication is not enabled on this agent' : 'invalid secret token');
        }
        if (!looksLikeJwt(token)) {
            throw new UnauthenticatedError(accept === 'jwt' ? 'the token is not a JWT' : 'invalid token: neither the secret token nor a JWT');
        }
        return this.verifyJwt(token);
    }
    async verifyJwt(token) {
        if (this.verifiers.size === 0)
            throw new UnauthenticatedError('OIDC authentication is not enabled on this agent');
        let claims;
        try {
            claims = (0,decode_jwt/* decodeJwt */.i)(token);
        }
        catch (err) {
            throw new UnauthenticatedError('the token is malformed', { cause: err });
        }
        // The unverified `iss` only selects which keys to verify with; jwtVerify checks it again.
        const verifier = typeof claims.iss === 'string' ? this.verifiers.get(claims.iss) : undefined;
        if (!verifier)
            throw new UnauthenticatedError('the token was not issued by a trusted issuer');
        const payload = await verifier.verify(token, this.clockSkewMs);
        return { kind: 'oidc', issuer: verifier.config.issuer, subject: typeof payload.sub === 'string' ? payload.sub : '', claims: payload };
    }
}

;// CONCATENATED MODULE: ./src/agent/http.ts

/** Reads the whole body, refusing (413) more than `limit` bytes — declared or sent. */
async function readBody(req, limit) {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit)
        throw new PayloadTooLargeError(limit);
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        const buf = chunk;
        size += buf.length;
        if (size > limit)
            throw new PayloadTooLargeError(limit);
        chunks.push(buf);
    }
    return Buffer.concat(chunks);
}
/** The body as JSON (any JSON-ish content type: registries send their own). */
async function readJson(req, limit) {
    const body = await readBody(req, limit);
    if (body.length === 0)
        throw new BadRequestError('the request body is empty; send JSON', 'invalid_body');
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch {
        throw new BadRequestError('the request body is not valid JSON', 'invalid_body');
    }
}
function sendJson(res, status, body, headers = {}) {
    const text = `${JSON.stringify(body)}\n`;
    res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
    });
    res.end(text);
}
function sendText(res, status, text, contentType) {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    res.end(text);
}
/** Routes like '/api/v1/jobs/:id' or '/api/v1/images/*name'; 404 for unknown paths, 405 with Allow for a wrong method. */
class Router {
    routes = [];
    add(method, path, handler) {
        const names = [];
        // ':name' is one path segment; '*name' (last) is the rest of the path, '/' included.
        const source = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/([:*])([a-zA-Z]+)/g, (_m, kind, name) => {
            names.push(name);
            return kind === '*' ? '(.+)' : '([^/]+)';
        });
        this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
        return this;
    }
    resolve(method, pathname) {
        const allowed = [];
        for (const r of this.routes) {
            const m = r.pattern.exec(pathname);
            if (!m)
                continue;
            if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
                allowed.push(r.method);
                continue;
            }
            const params = {};
            r.names.forEach((n, i) => {
                try {
                    params[n] = decodeURIComponent(m[i + 1]);
                }
                catch {
                    throw new BadRequestError(`the path ${pathname} is not valid URL encoding`, 'bad_request');
                }
            });
            return { handler: r.handler, params };
        }
        if (allowed.length)
            throw new MethodNotAllowedError(allowed);
        throw new NotFoundError(`no such endpoint: ${pathname}`);
    }
}

;// CONCATENATED MODULE: ./src/agent/policy.ts
/**
 * Who may publish what: pure functions over the policy in agent.yaml.
 *
 * A rule matches an identity when
 *   - `match: { secret: true }` and the caller holds the secret token;
 *   - `match: { webhook: distribution|harbor }` and the call is that webhook;
 *   - otherwise every listed claim of the caller's OIDC token is a string
 *     (GitLab's `ref_protected` is the string "true") matching the glob.
 * The image, normalised, must match one of the rule's `images` globs.
 * Nothing matches → denied.
 *
 * Images are matched in the form `registry/repository:tag` (by digest:
 * `registry/repository@sha256:…`; both: `registry/repository:tag@sha256:…`),
 * without a scheme: `ghcr.io/my-org/app:1.0`, `registry.hub.docker.com/library/centos:7`.
 * `*` matches any run of characters, `/` and `:` included.
 */

/** The name an image is matched under: scheme-less formatImageRef. */
function policyName(ref) {
    return (0,reference/* formatImageRef */.kL)({ ...ref, scheme: 'https' });
}
function ruleMatchesIdentity(rule, identity) {
    const m = rule.match;
    if ('secret' in m)
        return identity.kind === 'secret' && m.secret === true;
    if ('webhook' in m)
        return identity.kind === 'webhook' && identity.source === m.webhook;
    if (identity.kind !== 'oidc')
        return false;
    return Object.entries(m).every(([claim, pattern]) => {
        const value = identity.claims[claim];
        // Only string claims match: a missing, numeric or object claim never does.
        return typeof value === 'string' && typeof pattern === 'string' && (0,reference/* matchGlob */.sB)(pattern, value);
    });
}
/** Whether the identity may publish every one of `refs` (an image and its extra tags). */
function isAllowed(policy, identity, refs) {
    const rules = policy.filter((r) => ruleMatchesIdentity(r, identity));
    return refs.every((ref) => {
        const name = policyName(ref);
        return rules.some((r) => r.images.some((pattern) => (0,reference/* matchGlob */.sB)(pattern, name)));
    });
}
/** A short, secret-free description of the caller for logs and job records. */
function describeIdentity(identity) {
    switch (identity.kind) {
        case 'secret':
            return 'secret-token';
        case 'webhook':
            return `webhook:${identity.source}`;
        case 'oidc':
            return `oidc:${identity.issuer}#${identity.subject}`;
    }
}
/**
 * Whether the identity may remove every one of `names` (image names, whose
 * tag may be a wildcard): each must match a `remove` pattern of a rule that
 * matches the identity. A requested wildcard is matched as text: a rule's
 * `*` may cover it, but a requested `*` never reaches past a rule's literal
 * characters, so `app:feature-*` needs a rule such as `app:feature-*` or
 * `app:*`, never just `app:feature-1`. Deny by default.
 */
function mayRemove(policy, identity, names) {
    const patterns = policy.filter((r) => ruleMatchesIdentity(r, identity)).flatMap((r) => r.remove ?? []);
    return names.every((name) => patterns.some((p) => (0,reference/* matchGlob */.sB)(p, name)));
}

// EXTERNAL MODULE: ./src/common/size.ts
var size = __webpack_require__(6364);
;// CONCATENATED MODULE: ./src/agent/status-script.ts
/**
 * /assets/status.js: makes the server-rendered status page live. It polls
 * the read API once a second (the agent is one process on one host; a poll
 * is a few SQLite reads) and rebuilds rows with DOM calls and textContent
 * only — no HTML from data. Search filters the images table as you type;
 * without the script the search form asks the server instead.
 */
const STATUS_SCRIPT = String.raw `'use strict';
(function () {
  var POLL_MS = 1000;
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function bytes(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '\u2014';
    var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
    while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + u[i];
  }
  function ago(iso) {
    var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (!isFinite(s)) return iso;
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  function shortDigest(d) { return typeof d === 'string' ? d.replace(/^sha256:/, '').slice(0, 12) : ''; }
  function title(job) { return job.kind === 'remove' ? 'remove ' + job.remove.join(', ') : job.image; }
  function progressText(job) {
    var p = job.progress;
    if (job.status === 'queued') return job.waiting || 'waiting';
    if (!p) return job.status;
    return p.phase + (p.layersTotal ? ', layer ' + p.layersDone + '/' + p.layersTotal : '') +
      (p.bytesTotal ? ', ' + bytes(p.bytes) + ' of ' + bytes(p.bytesTotal) : '');
  }
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.json();
    });
  }
  function setLive(text) { var s = document.getElementById('live-status'); if (s && s.textContent !== text) s.textContent = text; }
  function replaceRows(tableId, rows) {
    var table = document.getElementById(tableId);
    if (!table) return;
    var body = table.tBodies[0];
    body.replaceChildren.apply(body, rows);
    var empty = document.querySelector('[data-empty-for="' + tableId + '"]');
    if (empty) empty.hidden = rows.length > 0;
  }
  function jobRow(job, withReason) {
    var t = job.timings, when = t.finishedAt || t.startedAt || t.queuedAt;
    var live = job.status === 'running' || job.status === 'queued';
    var cell = el('td', { 'class': 'progress' });
    if (job.status === 'running') {
      var p = job.progress || {};
      cell.appendChild(el('progress', { max: String(p.bytesTotal || 1), value: String(p.bytes || 0), 'aria-label': 'progress of ' + title(job) }));
    }
    cell.appendChild(el('span', { 'class': 'progress-text', text: live ? progressText(job) : (job.source || '') }));
    var cells = [
      el('td', {}, [el('a', { href: '/jobs/' + job.id, text: title(job) })]),
      el('td', {}, [el('span', { 'class': 'status status-' + job.status, text: job.status })]),
      cell,
      el('td', {}, [el('time', { datetime: when, text: ago(when) })]),
    ];
    if (withReason) cells.push(el('td', { 'class': 'reason', text: job.error || '' }));
    return el('tr', { 'data-job': job.id }, cells);
  }
  function imageRow(i) {
    return el('tr', { 'data-name': i.name }, [
      el('td', {}, [el('a', { href: '/api/v1/images/' + encodeURIComponent(i.name), text: i.name }), el('br'), el('code', { 'class': 'path', text: i.path })]),
      el('td', {}, [el('code', { title: i.digest, text: shortDigest(i.digest) })]),
      el('td', {}, [el('time', { datetime: i.syncedAt, text: ago(i.syncedAt) })]),
      el('td', { 'class': 'num', text: bytes(i.size) }),
    ]);
  }
  function filterImages() {
    var input = document.getElementById('q');
    var table = document.getElementById('images');
    if (!input || !table) return;
    var q = input.value.trim().toLowerCase(), shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var hit = !q || (row.getAttribute('data-name') || '').toLowerCase().indexOf(q) !== -1;
      row.hidden = !hit;
      if (hit) shown++;
    });
    var empty = document.querySelector('[data-empty-for="images"]');
    if (empty) { empty.hidden = shown > 0; empty.textContent = q ? 'No image matches.' : 'No image is published yet.'; }
  }
  function refreshTimes() {
    Array.prototype.forEach.call(document.querySelectorAll('table time[datetime]'), function (t) { t.textContent = ago(t.getAttribute('datetime')); });
  }

  function statusPage() {
    var input = document.getElementById('q');
    if (input) {
      input.addEventListener('input', function () {
        filterImages();
        var url = new URL(location.href);
        if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
        history.replaceState(null, '', url);
      });
      filterImages();
    }
    var seen = '';
    function tick() {
      Promise.all([
        getJson('/api/v1/jobs?state=queued,running&limit=100'),
        getJson('/api/v1/jobs?state=failed&limit=10'),
        getJson('/api/v1/jobs?state=succeeded&limit=10'),
      ]).then(function (r) {
        replaceRows('active-jobs', r[0].jobs.map(function (j) { return jobRow(j, false); }));
        replaceRows('failed-jobs', r[1].jobs.map(function (j) { return jobRow(j, true); }));
        replaceRows('recent-jobs', r[2].jobs.map(function (j) { return jobRow(j, false); }));
        var finished = r[1].jobs.concat(r[2].jobs).map(function (j) { return j.id; }).join(',');
        var changed = finished !== seen;
        seen = finished;
        setLive(r[0].jobs.length ? r[0].jobs.length + ' job(s) queued or running' : 'Up to date');
        if (!changed) return;
        return getJson('/api/v1/images?limit=1000').then(function (d) {
          replaceRows('images', d.images.map(imageRow));
          var count = document.getElementById('image-count');
          if (count) count.textContent = d.images.length + (d.images.length === 1 ? ' image' : ' images') + (d.next ? ' or more' : '');
          filterImages();
        });
      }).then(refreshTimes, function () { setLive('The agent does not answer; retrying.'); })
        .then(function () { setTimeout(tick, POLL_MS); });
    }
    setTimeout(tick, POLL_MS);
  }

  function jobPage(article) {
    var id = article.getAttribute('data-job');
    function tick() {
      getJson('/api/v1/jobs/' + id).then(function (job) {
        var st = document.getElementById('job-status');
        st.textContent = job.status;
        st.className = 'status status-' + job.status;
        article.setAttribute('data-status', job.status);
        document.getElementById('job-progress').textContent = progressText(job);
        var err = document.getElementById('job-error');
        err.textContent = job.error || '';
        err.hidden = !job.error;
        replaceRows('job-images', job.images.map(function (i) {
          return el('tr', {}, [
            el('td', { text: i.ref }),
            el('td', {}, [el('span', { 'class': 'status status-' + i.status, text: i.status })]),
            el('td', {}, [el('code', { text: shortDigest(i.digest) })]),
            el('td', {}, [el('code', { 'class': 'path', text: i.path || '' })]),
            el('td', { 'class': 'reason', text: i.error || '' }),
          ]);
        }));
        document.title = 'cvmfs-unpack: job ' + id.slice(0, 8) + ' ' + job.status;
        setLive(job.status === 'running' || job.status === 'queued' ? 'Job ' + job.status : 'Job ' + job.status + '.');
        if (job.status === 'running' || job.status === 'queued') setTimeout(tick, POLL_MS);
      }, function () { setLive('The agent does not answer; retrying.'); setTimeout(tick, POLL_MS * 3); });
    }
    var s = article.getAttribute('data-status');
    if (s === 'running' || s === 'queued') setTimeout(tick, POLL_MS);
  }

  function start() {
    var article = document.getElementById('job');
    if (article) jobPage(article); else statusPage();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;

;// CONCATENATED MODULE: ./src/agent/page.ts


function escapeHtml(text) {
    return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
/** Sizes as the CLI prints them (binary units); '—' where unknown. */
function formatBytes(n) {
    return n === undefined || !Number.isFinite(n) ? '—' : (0,size/* formatBytes */.z)(n);
}
/** '3 min ago' (server side; the script refreshes these from the datetime attribute). */
function ago(iso, now = Date.now()) {
    const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
    if (!Number.isFinite(s))
        return iso;
    if (s < 60)
        return `${s} s ago`;
    if (s < 3600)
        return `${Math.floor(s / 60)} min ago`;
    if (s < 86_400)
        return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86_400)} d ago`;
}
const page_short = (digest) => (typeof digest === 'string' ? digest.replace(/^sha256:/, '').slice(0, 12) : '');
function layout(title, body) {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/status.css">
<script src="/assets/status.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="brand"><a href="/">cvmfs-unpack</a></p></header>
<main id="main">
${body}
</main>
<footer><p>Machine-readable: <a href="/api/v1/images">/api/v1/images</a>, <a href="/api/v1/jobs">/api/v1/jobs</a>. <span id="live-status" role="status" aria-live="polite"></span></p></footer>
</body>
</html>
`;
}
function jobTitle(job) {
    return job.kind === 'remove' ? `remove ${job.remove.join(', ')}` : String(job.image);
}
/** The cell describing a job's progress (also rendered by the script from the same fields). */
function progressText(job) {
    const p = job.progress;
    if (job.status === 'queued')
        return typeof job.waiting === 'string' ? job.waiting : 'waiting';
    if (!p)
        return String(job.status);
    const layers = p.layersTotal ? `, layer ${p.layersDone}/${p.layersTotal}` : '';
    const bytes = p.bytesTotal ? `, ${formatBytes(p.bytes)} of ${formatBytes(p.bytesTotal)}` : '';
    return `${p.phase}${layers}${bytes}`;
}
function jobRow(job, withReason) {
    const t = job.timings;
    const when = t.finishedAt ?? t.startedAt ?? t.queuedAt ?? '';
    const p = job.progress;
    const bar = job.status === 'running' ? `<progress max="${p?.bytesTotal || 1}" value="${p?.bytes ?? 0}" aria-label="progress of ${escapeHtml(jobTitle(job))}"></progress>` : '';
    const cells = [
        `<td><a href="/jobs/${escapeHtml(job.id)}">${escapeHtml(jobTitle(job))}</a></td>`,
        `<td><span class="status status-${escapeHtml(job.status)}">${escapeHtml(job.status)}</span></td>`,
        `<td class="progress">${bar}<span class="progress-text">${escapeHtml(job.status === 'running' || job.status === 'queued' ? progressText(job) : (job.source ?? ''))}</span></td>`,
        `<td><time datetime="${escapeHtml(when)}">${escapeHtml(ago(when))}</time></td>`,
    ];
    if (withReason)
        cells.push(`<td class="reason">${escapeHtml(job.error ?? '')}</td>`);
    return `<tr data-job="${escapeHtml(job.id)}">${cells.join('')}</tr>`;
}
function jobTable(id, caption, jobs, empty, kind) {
    const head = `<tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">${kind === 'active' ? 'Progress' : 'Source'}</th><th scope="col">When</th>${kind === 'failed' ? '<th scope="col">Reason</th>' : ''}</tr>`;
    return `<div class="scroll"><table id="${id}"><caption>${caption}</caption><thead>${head}</thead><tbody>${jobs.map((j) => jobRow(j, kind === 'failed')).join('')}</tbody></table></div>
<p class="empty" data-empty-for="${id}"${jobs.length ? ' hidden' : ''}>${empty}</p>`;
}
function imageRow(i) {
    return `<tr data-name="${escapeHtml(i.name)}"><td><a href="/api/v1/images/${escapeHtml(encodeURIComponent(i.name))}">${escapeHtml(i.name)}</a><br><code class="path">${escapeHtml(i.path)}</code></td>`
        + `<td><code title="${escapeHtml(i.digest)}">${escapeHtml(page_short(i.digest))}</code></td>`
        + `<td><time datetime="${escapeHtml(i.syncedAt)}">${escapeHtml(ago(i.syncedAt))}</time></td>`
        + `<td class="num">${escapeHtml(formatBytes(i.size))}</td></tr>`;
}
function renderStatusPage(d) {
    const q = d.query.trim().toLowerCase();
    const shown = q ? d.images.filter((i) => i.name.toLowerCase().includes(q)) : d.images;
    const body = `<h1>Published images</h1>
<p>Target <code>${escapeHtml(d.target)}</code>: <span id="image-count">${d.images.length} image${d.images.length === 1 ? '' : 's'}</span>.</p>
<form role="search" action="/" method="get">
<label for="q">Search images</label>
<input id="q" name="q" type="search" value="${escapeHtml(d.query)}" placeholder="registry/repository:tag" autocomplete="off">
<button type="submit">Search</button>
</form>
<section aria-labelledby="h-jobs">
<h2 id="h-jobs">Queue and running jobs</h2>
${jobTable('active-jobs', 'Jobs waiting or running', d.active, 'Nothing queued or running.', 'active')}
</section>
<section aria-labelledby="h-images">
<h2 id="h-images">Images</h2>
<div class="scroll"><table id="images"><caption>Published images${q ? ` matching “${escapeHtml(d.query)}”` : ''}</caption>
<thead><tr><th scope="col">Name and path</th><th scope="col">Digest</th><th scope="col">Synced</th><th scope="col" class="num">Size</th></tr></thead>
<tbody>${shown.map(imageRow).join('')}</tbody></table></div>
<p class="empty" data-empty-for="images"${shown.length ? ' hidden' : ''}>No image${q ? ' matches' : ' is published yet'}.</p>
</section>
<section aria-labelledby="h-failed">
<h2 id="h-failed">Recent failures</h2>
${jobTable('failed-jobs', 'Failed jobs, newest first', d.failed, 'No failures.', 'failed')}
</section>
<section aria-labelledby="h-recent">
<h2 id="h-recent">Recently finished</h2>
${jobTable('recent-jobs', 'Succeeded jobs, newest first', d.recent, 'None yet.', 'done')}
</section>`;
    return layout('cvmfs-unpack: published images', body);
}
function renderJobPage(job) {
    const images = job.images ?? [];
    const t = job.timings;
    const rows = images
        .map((i) => `<tr><td>${escapeHtml(i.ref)}</td><td><span class="status status-${escapeHtml(i.status)}">${escapeHtml(i.status)}</span></td><td><code>${escapeHtml(page_short(i.digest))}</code></td><td><code class="path">${escapeHtml(i.path ?? '')}</code></td><td class="reason">${escapeHtml(i.error ?? '')}</td></tr>`)
        .join('');
    const facts = [
        ['Status', `<span id="job-status" class="status status-${escapeHtml(job.status)}">${escapeHtml(job.status)}</span>`],
        ['Progress', `<span id="job-progress">${escapeHtml(progressText(job))}</span>`],
        ['Source', escapeHtml(job.source)],
        ['Queued', `<time datetime="${escapeHtml(t.queuedAt)}">${escapeHtml(t.queuedAt)}</time>`],
    ];
    if (t.finishedAt)
        facts.push(['Finished', `<time datetime="${escapeHtml(t.finishedAt)}">${escapeHtml(t.finishedAt)}</time> (${escapeHtml(t.totalMs)} ms)`]);
    if (Number(job.merged) > 0)
        facts.push(['Merged requests', escapeHtml(job.merged)]);
    const body = `<h1>Job <code>${escapeHtml(String(job.id).slice(0, 8))}</code>: ${escapeHtml(jobTitle(job))}</h1>
<article id="job" data-job="${escapeHtml(job.id)}" data-status="${escapeHtml(job.status)}">
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<p id="job-error" class="reason"${job.error ? '' : ' hidden'}>${escapeHtml(job.error ?? '')}</p>
<div class="scroll"><table id="job-images"><caption>Images of this job</caption>
<thead><tr><th scope="col">Image</th><th scope="col">Status</th><th scope="col">Digest</th><th scope="col">CVMFS path</th><th scope="col">Reason</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p><a href="/api/v1/jobs/${escapeHtml(job.id)}">This job as JSON</a></p>
</article>`;
    return layout(`cvmfs-unpack: job ${String(job.id).slice(0, 8)} ${String(job.status)}`, body);
}
const STATUS_STYLE = `:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--ok:#1a7f37;--bad:#cf222e;--run:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--ok:#3fb950;--bad:#f85149;--run:#58a6ff}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}header{border-bottom:1px solid var(--line)}.brand{font-weight:600;margin:.6rem 0}
a{color:var(--run)}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--run);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.3rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}code{font-size:.9em}.path{color:var(--muted);word-break:break-all}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}input[type=search]{flex:1 1 16rem;font:inherit;padding:.4rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.4rem .9rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;color:var(--muted);font-size:.9rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}.num{text-align:right;white-space:nowrap}
.status{font-weight:600}.status-succeeded,.status-published,.status-updated,.status-unchanged,.status-removed{color:var(--ok)}.status-failed{color:var(--bad)}.status-running{color:var(--run)}
.reason{color:var(--bad);word-break:break-word}td a{word-break:break-all}progress{width:8rem;vertical-align:middle;margin-right:.4rem}.empty{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}dd{margin:0}
footer{margin-top:3rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
@media (max-width:40rem){th,td{padding:.3rem}table#images th:nth-child(2),table#images td:nth-child(2){display:none}}
`;

;// CONCATENATED MODULE: ./src/agent/webhooks.ts
/**
 * Registry notifications turned into image references (pure).
 *
 * Distribution (the CNCF registry, Docker's `registry:2`) posts an envelope
 * `{"events":[…]}` with one event per blob and manifest touched; only
 * `push` events of a manifest (or index) pushed by tag count. Harbor posts
 * one `PUSH_ARTIFACT` per push (default format) or a CloudEvent
 * `harbor.artifact.pushed`; a push by digest carries the digest as its
 * "tag" and is skipped (there is no name to link).
 *
 * The registry name comes from the payload unless the agent's
 * `webhooks.<kind>.registry` overrides it: the registry often knows itself
 * by an internal name, while images must be named as clients pull them.
 */

const MANIFEST_MEDIA_TYPES = new Set([
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
]);
const distributionEnvelope = schemas/* object */.Ikc({
    events: schemas/* array */.YOg(schemas/* object */.Ikc({
        action: schemas/* string */.YjP(),
        target: schemas/* object */.Ikc({
            mediaType: schemas/* string */.YjP().optional(),
            repository: schemas/* string */.YjP().optional(),
            tag: schemas/* string */.YjP().optional(),
            url: schemas/* string */.YjP().optional(),
        })
            .optional(),
        request: schemas/* object */.Ikc({ host: schemas/* string */.YjP().optional() }).optional(),
    })),
});
/** '<scheme>://<host>' prefix for the registry: the override, else the target URL's origin, else https + request host. */
function registryPrefix(override, url, host) {
    if (override)
        return /^https?:\/\//.test(override) ? override.replace(/\/+$/, '') : `https://${override.replace(/\/+$/, '')}`;
    if (url) {
        try {
            const u = new URL(url);
            return `${u.protocol}//${u.host}`;
        }
        catch {
            // fall through to the request host
        }
    }
    return host ? `https://${host}` : undefined;
}
function distributionImages(body, registryOverride) {
    const envelope = distributionEnvelope.parse(body);
    const images = new Set();
    let ignored = 0;
    for (const event of envelope.events) {
        const t = event.target;
        const wanted = event.action === 'push' && t?.mediaType !== undefined && MANIFEST_MEDIA_TYPES.has(t.mediaType) && t.tag && t.repository;
        const prefix = wanted ? registryPrefix(registryOverride, t.url, event.request?.host) : undefined;
        if (!wanted || !prefix) {
            ignored++;
            continue;
        }
        images.add(`${prefix}/${t.repository}:${t.tag}`);
    }
    return { images: [...images], ignored };
}
const harborResource = schemas/* object */.Ikc({
    digest: schemas/* string */.YjP().optional(),
    tag: schemas/* string */.YjP().optional(),
    resource_url: schemas/* string */.YjP().optional(),
});
const harborData = schemas/* object */.Ikc({
    resources: schemas/* array */.YOg(harborResource).default([]),
    repository: schemas/* object */.Ikc({ repo_full_name: schemas/* string */.YjP().optional() }).optional(),
});
const harborPayload = schemas/* union */.KCZ([
    schemas/* object */.Ikc({ specversion: schemas/* string */.YjP(), type: schemas/* string */.YjP(), data: harborData.optional() }),
    schemas/* object */.Ikc({ type: schemas/* string */.YjP(), event_data: harborData.optional() }),
]);
function harborImages(body, registryOverride) {
    const payload = harborPayload.parse(body);
    const isCloudEvent = 'specversion' in payload;
    const pushed = isCloudEvent ? payload.type === 'harbor.artifact.pushed' : payload.type === 'PUSH_ARTIFACT';
    const data = isCloudEvent ? payload.data : payload.event_data;
    if (!pushed || !data)
        return { images: [], ignored: Math.max(1, data?.resources.length ?? 0) };
    const images = new Set();
    let ignored = 0;
    for (const r of data.resources) {
        // A push by digest reports the digest as the tag: nothing to name.
        if (!r.tag || r.tag.startsWith('sha256:')) {
            ignored++;
            continue;
        }
        const repo = data.repository?.repo_full_name;
        if (registryOverride && repo) {
            images.add(`${registryPrefix(registryOverride, undefined, undefined)}/${repo}:${r.tag}`);
        }
        else if (r.resource_url) {
            // 'harbor.example.org/project/app:1.0': Harbor's external host; parseImageRef reads it as https.
            images.add(r.resource_url);
        }
        else {
            ignored++;
        }
    }
    return { images: [...images], ignored };
}

;// CONCATENATED MODULE: ./src/agent/api.ts
/**
 * The HTTP API of DESIGN.md section 4: the routes and what each does.
 * Handlers throw; the server maps errors to responses in one place
 * (errors.ts `toHttpError`).
 *
 *   POST /api/v1/sync                     JSON {image, extraTags?, platform?}        → 202 job
 *   GET  /api/v1/jobs/:id[?wait=SECONDS]  job status (long-poll until finished)
 *   POST /api/sync/secret?image=IMG       seed-compatible (raw secret in Authorization)
 *   POST /api/sync/jwt?image=IMG          seed-compatible (raw OIDC JWT in Authorization)
 *   POST /api/v1/webhooks/distribution    Distribution notification envelope
 *   POST /api/v1/webhooks/harbor          Harbor PUSH_ARTIFACT
 *   GET  /api/v1/images[?prefix=&limit=&after=]   what is published (images.ts)
 *   GET  /api/v1/images/:name              one image and its history
 *   GET  /api/v1/jobs[?state=&limit=&before=]    recent and running jobs
 *   POST /api/v1/remove                    JSON {images: [names or tag patterns of one repository]} → 202 job
 *   GET  /, /jobs/:id, /assets/status.js   the status page (page.ts)
 *   GET  /healthz, GET /metrics
 */











const tagList = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* array */.YOg(schemas/* string */.YjP())])
    .transform((t) => (Array.isArray(t) ? t : t.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
    .pipe(schemas/* array */.YOg(schemas/* string */.YjP()).max(64, 'at most 64 extra tags'));
const syncBody = schemas/* object */.Ikc({
    image: schemas/* string */.YjP().min(1, 'is required').max(1024),
    extraTags: tagList.optional(),
    platform: schemas/* string */.YjP().max(64).optional(),
})
    .strict();
const removeBody = schemas/* object */.Ikc({ images: schemas/* array */.YOg(schemas/* string */.YjP().min(1).max(1024)).min(1, 'name at least one image').max(256, 'at most 256 images') })
    .strict();
const STATES = new Set(['queued', 'running', 'succeeded', 'failed']);
/** '?state=running,queued' → the statuses, or a 400 naming the bad one. */
function parseStates(text) {
    if (!text)
        return undefined;
    const states = text.split(',').map((s) => s.trim()).filter(Boolean);
    for (const s of states)
        if (!STATES.has(s))
            throw new BadRequestError(`state "${s}" is not one of queued, running, succeeded, failed`, 'invalid_state');
    return states;
}
/** '?limit=' between 1 and `max` (default `def`). */
function parseLimit(text, def, max) {
    if (text === null || text === '')
        return def;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
        throw new BadRequestError('limit must be a positive integer', 'invalid_limit');
    return Math.min(n, max);
}
/** The job as the API shows it (DESIGN section 4). */
function jobView(job, progress) {
    const timings = { queuedAt: new Date(job.createdAt).toISOString() };
    if (job.startedAt !== undefined) {
        timings.startedAt = new Date(job.startedAt).toISOString();
        timings.waitMs = job.startedAt - job.createdAt;
    }
    if (job.finishedAt !== undefined) {
        timings.finishedAt = new Date(job.finishedAt).toISOString();
        if (job.startedAt !== undefined)
            timings.runMs = job.finishedAt - job.startedAt;
        timings.totalMs = job.finishedAt - job.createdAt;
    }
    const view = {
        id: job.id,
        status: job.status,
        image: job.request.image,
        extraTags: job.request.extraTags,
        images: job.images,
        timings,
        attempts: job.attempts,
        merged: job.merged,
    };
    if (job.request.platform)
        view.platform = job.request.platform;
    if (job.request.remove) {
        view.kind = 'remove';
        view.remove = job.request.remove;
    }
    view.source = job.source;
    const p = job.status === 'running' ? progress?.get(job.id) : undefined;
    if (p)
        view.progress = p;
    if (job.error !== undefined)
        view.error = job.error;
    if (job.status === 'queued' && job.notBefore !== undefined) {
        view.waiting = job.waiting;
        view.retryAt = new Date(job.notBefore).toISOString();
    }
    if (job.deferrals > 0)
        view.deferrals = job.deferrals;
    return view;
}
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Images whose name starts with `prefix`, sorted by name, `limit` after the name `after`. */
function pageImages(all, prefix, limit, after) {
    const matching = all.filter((i) => i.name.startsWith(prefix) && i.name > after);
    const items = matching.slice(0, limit);
    return matching.length > limit ? { items, next: items[items.length - 1].name } : { items };
}
/** The name of /api/v1/images/<name>: the rest of the path, which holds '/' (encoded or not). */
function imageName(ctx) {
    const raw = ctx.url.pathname.slice('/api/v1/images/'.length);
    try {
        return decodeURIComponent(raw).replace(/^https?:\/\//, '');
    }
    catch {
        throw new BadRequestError('the image name is not valid URL encoding', 'invalid_image');
    }
}
function sendHtml(res, html) {
    res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // Only our own script and style; nothing inline, nothing from elsewhere.
        'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    });
    res.end(html);
}
function buildRouter(deps) {
    const { config, store, metrics } = deps;
    const router = new Router();
    /** Checks rate and policy, then records the job (merged when an identical one is queued). */
    const submit = (identity, input, source) => {
        const ref = (0,reference/* parseImageRef */.Q)(input.image);
        const extraTags = [...new Set(input.extraTags ?? [])];
        const names = [ref, ...extraTags.map((t) => (0,reference/* withTag */.Rd)(ref, t))];
        let platform;
        if (input.platform) {
            try {
                // One platform, or several ('linux/amd64,linux/arm64': the .multiarch layout).
                platform = [...new Set(input.platform.split(',').filter(Boolean).map((p) => (0,registry.formatPlatform)((0,registry.parsePlatform)(p))))].join(',');
            }
            catch (err) {
                throw new BadRequestError((0,errors/* describeError */.U)(err), 'invalid_platform');
            }
        }
        if (!isAllowed(config.policy, identity, names)) {
            metrics.requests.inc({ source, result: 'refused' });
            throw new ForbiddenError(`${describeIdentity(identity)} may not publish ${names.map(policyName).join(', ')} (no policy rule allows it)`);
        }
        const request = { image: (0,reference/* formatImageRef */.kL)(ref), extraTags };
        if (platform)
            request.platform = platform;
        return enqueue(identity, request, source);
    };
    /**
     * Records a job. A request that merges into a queued identical job costs
     * nothing against the rate limit (a CI matrix finishing at once is one
     * job); only new jobs take a token.
     */
    const enqueue = (identity, request, source) => {
        if (!store.wouldMerge(request)) {
            const wait = deps.rateLimiter.take(describeIdentity(identity));
            if (wait > 0) {
                metrics.requests.inc({ source, result: 'rate_limited' });
                throw new RateLimitedError(wait);
            }
        }
        const extraTags = request.extraTags;
        const { job, merged } = store.enqueue(request, { source, identity: describeIdentity(identity) }, config.queue.maxQueued);
        metrics.requests.inc({ source, result: merged ? 'merged' : 'accepted' });
        deps.logger.info(merged ? 'request merged into queued job' : 'job queued', { job: job.id, image: request.image, extraTags, identity: describeIdentity(identity), source });
        if (!merged)
            deps.queued();
        return { job, merged };
    };
    const authenticate = async (ctx, accept) => deps.auth.authenticate(ctx.req.headers.authorization, accept);
    /** Reads are public unless `auth.publicRead` is false; then any valid credential (Bearer, or Basic's password) reads. */
    const readable = async (ctx) => {
        if (config.auth.publicRead)
            return;
        const header = ctx.req.headers.authorization;
        const basic = header && /^basic\s+/i.test(header) ? Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
        try {
            await deps.auth.authenticate(basic !== undefined ? `Bearer ${basic}` : header, 'any');
        }
        catch (err) {
            // A browser asks for the token (as the password) and then sends it with every request of the page.
            if (err instanceof UnauthenticatedError) {
                throw new ApiError(401, 'unauthorized', `reading needs a token: ${err.message}`, { 'WWW-Authenticate': 'Basic realm="cvmfs-unpack", charset="UTF-8"' }, { cause: err });
            }
            throw err;
        }
    };
    const accepted = (ctx, job, merged) => {
        const url = `/api/v1/jobs/${job.id}`;
        sendJson(ctx.res, 202, { id: job.id, status: job.status, url, merged }, { Location: url });
    };
    router.add('POST', '/api/v1/sync', async (ctx) => {
        const identity = await authenticate(ctx, 'any');
        const body = syncBody.parse(await readJson(ctx.req, config.http.maxBodyBytes));
        const { job, merged } = submit(identity, body, 'api');
        accepted(ctx, job, merged);
    });
    router.add('POST', '/api/v1/remove', async (ctx) => {
        const identity = await authenticate(ctx, 'any');
        const body = removeBody.parse(await readJson(ctx.req, config.http.maxBodyBytes));
        let parsed;
        try {
            parsed = (0,remove/* parseRemoval */.u0)(body.images);
        }
        catch (err) {
            throw new BadRequestError((0,errors/* describeError */.U)(err), 'invalid_image', { cause: err });
        }
        const names = parsed.refs.map(policyName);
        if (!mayRemove(config.policy, identity, names)) {
            metrics.requests.inc({ source: 'remove', result: 'refused' });
            throw new ForbiddenError(`${describeIdentity(identity)} may not remove ${names.join(', ')} (no policy rule's "remove" allows it)`);
        }
        const request = { image: `${parsed.target.registry}/${parsed.target.repository}`, extraTags: [], remove: [...new Set(names)] };
        const { job, merged } = enqueue(identity, request, 'remove');
        accepted(ctx, job, merged);
    });
    router.add('GET', '/api/v1/jobs', async (ctx) => {
        await readable(ctx);
        const q = ctx.url.searchParams;
        const jobs = store.list({ statuses: parseStates(q.get('state')), limit: parseLimit(q.get('limit'), 50, 500), ...(q.get('before') ? { before: q.get('before') } : {}) });
        sendJson(ctx.res, 200, { jobs: jobs.map((j) => jobView(j, deps.progress)), version: deps.progress.version });
    });
    router.add('GET', '/api/v1/images', async (ctx) => {
        await readable(ctx);
        const q = ctx.url.searchParams;
        const { items, next } = pageImages(deps.images.list(), q.get('prefix') ?? '', parseLimit(q.get('limit'), 100, 1000), q.get('after') ?? '');
        sendJson(ctx.res, 200, { images: items, ...(next ? { next } : {}) });
    });
    router.add('GET', '/api/v1/images/*name', async (ctx) => {
        await readable(ctx);
        const name = imageName(ctx);
        const image = deps.images.get(name);
        const history = store.imageHistory(name, 50).map((e) => ({ ...e, at: new Date(e.at).toISOString(), url: `/api/v1/jobs/${e.jobId}` }));
        if (!image && history.length === 0)
            throw new NotFoundError(`no image ${name} is published`);
        sendJson(ctx.res, 200, { ...(image ?? { name, published: false }), history });
    });
    router.add('GET', '/', async (ctx) => {
        await readable(ctx);
        const q = ctx.url.searchParams.get('q') ?? '';
        const active = store.list({ statuses: ['running', 'queued'], limit: 100 });
        const failed = store.list({ statuses: ['failed'], limit: 10 });
        const recent = store.list({ statuses: ['succeeded'], limit: 10 });
        const html = renderStatusPage({ images: deps.images.list(), query: q, active: active.map((j) => jobView(j, deps.progress)), failed: failed.map((j) => jobView(j)), recent: recent.map((j) => jobView(j)), target: config.target });
        sendHtml(ctx.res, html);
    });
    router.add('GET', '/jobs/:id', async (ctx) => {
        await readable(ctx);
        const id = ctx.params.id ?? '';
        const job = JOB_ID.test(id) ? store.get(id) : undefined;
        if (!job)
            throw new NotFoundError('no such job');
        sendHtml(ctx.res, renderJobPage(jobView(job, deps.progress)));
    });
    router.add('GET', '/assets/status.js', async (ctx) => {
        sendText(ctx.res, 200, STATUS_SCRIPT, 'text/javascript; charset=utf-8');
    });
    router.add('GET', '/assets/status.css', async (ctx) => {
        sendText(ctx.res, 200, STATUS_STYLE, 'text/css; charset=utf-8');
    });
    router.add('GET', '/api/v1/jobs/:id', async (ctx) => {
        const id = ctx.params.id ?? '';
        if (!JOB_ID.test(id))
            throw new NotFoundError('no such job');
        let job = store.get(id);
        if (!job)
            throw new NotFoundError('no such job');
        const wait = Number(ctx.url.searchParams.get('wait') ?? '0');
        if (!Number.isFinite(wait) || wait < 0)
            throw new BadRequestError('wait must be a number of seconds', 'invalid_wait');
        if (wait > 0 && (job.status === 'queued' || job.status === 'running') && !deps.isStopping()) {
            await deps.waitFor(id, Math.min(wait * 1000, config.http.maxWait));
            job = store.get(id) ?? job;
        }
        sendJson(ctx.res, 200, jobView(job, deps.progress));
    });
    // The original unpack-api's routes: `curl -X POST -H "Authorization:$TOKEN" "$SERVER:8000/api/sync/jwt?image=$IMAGE"`.
    const seed = (accept) => async (ctx) => {
        const identity = await authenticate(ctx, accept);
        const image = ctx.url.searchParams.get('image');
        if (!image)
            throw new BadRequestError('the query parameter "image" is required', 'invalid_image');
        const extra = ctx.url.searchParams.get('extraTags') ?? ctx.url.searchParams.get('extra_tags');
        const input = { image };
        if (extra)
            input.extraTags = tagList.parse(extra);
        const platform = ctx.url.searchParams.get('platform');
        if (platform)
            input.platform = platform;
        const { job, merged } = submit(identity, input, 'seed');
        accepted(ctx, job, merged);
    };
    for (const prefix of ['/api', '/api/gitlab', '/api/github']) {
        router.add('POST', `${prefix}/sync/secret`, seed('secret'));
        router.add('POST', `${prefix}/sync/jwt`, seed('jwt'));
    }
    const webhook = (kind, extract) => async (ctx) => {
        const secret = deps.webhookSecrets[kind];
        if (secret === undefined)
            throw new NotFoundError(`the ${kind} webhook is not enabled on this agent`);
        const token = bearerToken(ctx.req.headers.authorization);
        if (token === undefined)
            throw new UnauthenticatedError('missing Authorization header');
        if (!secretMatches(secret, token))
            throw new UnauthenticatedError(`invalid ${kind} webhook secret`);
        const identity = { kind: 'webhook', source: kind };
        const body = await readJson(ctx.req, Math.max(config.http.maxBodyBytes, 1 << 20));
        let found;
        try {
            found = extract(body, config.webhooks[kind]?.registry);
        }
        catch (err) {
            throw new BadRequestError(`not a ${kind} notification: ${(0,errors/* describeError */.U)(err)}`, 'invalid_body', { cause: err });
        }
        const jobs = [];
        const refused = [];
        for (const image of found.images) {
            try {
                const { job, merged } = submit(identity, { image }, `webhook:${kind}`);
                jobs.push({ id: job.id, image: job.request.image, url: `/api/v1/jobs/${job.id}`, merged });
            }
            catch (err) {
                const form = toHttpError(err);
                // A full queue or a flood is the registry's cue to retry the whole notification later.
                if (form.status === 503 || form.status === 429)
                    throw err;
                refused.push({ image, ...form.body });
                deps.logger.warn('webhook image refused', { source: kind, image, reason: form.body.message });
            }
        }
        // 2xx even when nothing was queued: a registry retries failed notifications forever.
        sendJson(ctx.res, jobs.length ? 202 : 200, { jobs, ignored: found.ignored, refused });
    };
    router.add('POST', '/api/v1/webhooks/distribution', webhook('distribution', distributionImages));
    router.add('POST', '/api/v1/webhooks/harbor', webhook('harbor', harborImages));
    router.add('GET', '/healthz', async (ctx) => {
        const status = deps.isStopping() ? 'stopping' : 'ok';
        sendJson(ctx.res, status === 'ok' ? 200 : 503, { status, queued: store.countByStatus('queued'), running: store.countByStatus('running') });
    });
    router.add('GET', '/metrics', async (ctx) => {
        sendText(ctx.res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
    });
    return router;
}

;// CONCATENATED MODULE: ./src/agent/metrics.ts
function labelText(labels) {
    const entries = Object.entries(labels);
    if (entries.length === 0)
        return '';
    const esc = (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
    return `{${entries.map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
}
class Counter {
    values = new Map();
    name;
    help;
    constructor(name, help) {
        this.name = name;
        this.help = help;
    }
    inc(labels = {}, by = 1) {
        const key = labelText(labels);
        const cur = this.values.get(key) ?? { labels, value: 0 };
        cur.value += by;
        this.values.set(key, cur);
    }
    render() {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
        for (const { labels, value } of this.values.values())
            lines.push(`${this.name}${labelText(labels)} ${value}`);
        return lines;
    }
}
class Histogram {
    counts;
    sum = 0;
    count = 0;
    name;
    help;
    buckets;
    constructor(name, help, buckets) {
        this.name = name;
        this.help = help;
        this.buckets = buckets;
        this.counts = buckets.map(() => 0);
    }
    observe(value) {
        this.sum += value;
        this.count += 1;
        this.buckets.forEach((b, i) => {
            if (value <= b)
                this.counts[i] += 1;
        });
    }
    render() {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
        this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`));
        lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
        return lines;
    }
}
const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
class Metrics {
    jobs = new Counter('cvmfs_unpack_jobs_total', 'Jobs finished, by outcome (succeeded, failed).');
    requests = new Counter('cvmfs_unpack_requests_total', 'Sync requests answered, by source and result (accepted, merged, refused, rate_limited).');
    images = new Counter('cvmfs_unpack_images_total', 'Images processed, by status (published, updated, unchanged, failed).');
    bytesPulled = new Counter('cvmfs_unpack_pulled_bytes_total', 'Bytes downloaded from registries.');
    layerSeconds = new Histogram('cvmfs_unpack_layer_duration_seconds', 'Time to fetch and unpack one layer.', SECONDS);
    publishSeconds = new Histogram('cvmfs_unpack_publish_duration_seconds', 'Time to commit one transaction (publish).', SECONDS);
    batchSeconds = new Histogram('cvmfs_unpack_batch_duration_seconds', 'Time of one batch of jobs, start to end.', SECONDS);
    gauges = [];
    registryStates;
    constructor() {
        // Present from the first scrape, so that rate() and alerts see a zero.
        this.jobs.inc({ outcome: 'succeeded' }, 0);
        this.jobs.inc({ outcome: 'failed' }, 0);
        this.bytesPulled.inc({}, 0);
    }
    /** A gauge whose value is read at scrape time. */
    gauge(name, help, read) {
        this.gauges.push({ name, help, read });
    }
    /** The registry client's per-registry requests and rate limits, read at scrape time. */
    registries(read) {
        this.registryStates = read;
    }
    renderRegistries() {
        const states = this.registryStates?.() ?? [];
        const family = (name, type, help, rows) => {
            const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
            for (const [labels, value] of rows)
                if (value !== undefined)
                    lines.push(`${name}${labelText(labels)} ${value}`);
            return lines;
        };
        const per = (f) => states.map((s) => [{ registry: s.registry }, f(s)]);
        return [
            ...family('cvmfs_unpack_registry_requests_total', 'counter', 'Requests sent to registries, by kind (manifest-get is what Docker Hub counts as a pull).', states.flatMap((s) => Object.entries(s.requests).map(([kind, n]) => [{ registry: s.registry, kind }, n]))),
            ...family('cvmfs_unpack_registry_ratelimit_remaining', 'gauge', 'Pulls left in the registry window, as the registry last said (ratelimit-remaining).', per((s) => s.remaining)),
            ...family('cvmfs_unpack_registry_ratelimit_limit', 'gauge', 'Pulls the registry allows per window (ratelimit-limit).', per((s) => s.limit)),
            ...family('cvmfs_unpack_registry_ratelimited_total', 'counter', 'Answers 429 (or 503 with Retry-After) from the registry.', per((s) => s.limited)),
            ...family('cvmfs_unpack_registry_carried_total', 'counter', 'Requests not sent because the rate limit wait was too long (images carried to the next cycle).', per((s) => s.carried)),
            ...family('cvmfs_unpack_registry_ratelimit_wait_seconds_total', 'counter', 'Time requests waited for the registry rate limit.', per((s) => s.waitedMs / 1000)),
        ];
    }
    /** Feeds the engine's progress events into the counters. */
    observeEvent(event) {
        switch (event.type) {
            case 'layer-done':
                if (!event.reused)
                    this.layerSeconds.observe(event.ms / 1000);
                break;
            case 'publish-done':
                this.publishSeconds.observe(event.ms / 1000);
                break;
            case 'image-done':
                this.images.inc({ status: event.result.status });
                this.bytesPulled.inc({}, event.result.timings.bytesDownloaded);
                break;
            default:
                break;
        }
    }
    render() {
        const lines = [];
        for (const g of this.gauges)
            lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.read()}`);
        for (const m of [this.jobs, this.requests, this.images, this.bytesPulled, this.layerSeconds, this.publishSeconds, this.batchSeconds]) {
            lines.push(...m.render());
        }
        lines.push(...this.renderRegistries());
        return `${lines.join('\n')}\n`;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:sqlite"
var external_node_sqlite_ = __webpack_require__(99);
;// CONCATENATED MODULE: ./src/agent/queue.ts
/**
 * The durable job store: one SQLite database (Node's built-in node:sqlite)
 * in the state directory. A job is committed (synchronous=FULL) before the
 * agent answers 202, so an accepted request survives a crash. The database
 * is opened in exclusive locking mode: one agent per state directory.
 *
 * Life of a job: queued → running → succeeded | failed. A job found
 * `running` at start-up was interrupted; it is queued again (up to
 * maxAttempts runs). Identical queued requests (same image, tags, platform)
 * are one job. A job held back by a registry's rate limit goes from running
 * back to queued with `notBefore` (and the reason in `waiting`): it is not
 * claimed before then, also after a restart.
 */





/** The identity of a request for merging: same image, same set of tags, same platform. */
function mergeKey(req) {
    if (req.remove)
        return `remove ${[...new Set(req.remove)].sort().join(' ')}`;
    const tags = [...new Set(req.extraTags)].sort().join(',');
    return `${req.image} ${tags} ${req.platform ?? ''}`;
}
class StateLockedError extends Error {
    name = 'StateLockedError';
}
const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  merge_key TEXT NOT NULL,
  request TEXT NOT NULL,
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  images TEXT,
  error TEXT,
  not_before INTEGER,
  waiting TEXT,
  deferrals INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs (merge_key, status);
CREATE TABLE IF NOT EXISTS image_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  digest TEXT,
  config_digest TEXT,
  platform TEXT,
  path TEXT,
  size INTEGER,
  job_id TEXT NOT NULL,
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS image_events_by_name ON image_events (name, seq);
`;
function fromEventRow(r) {
    const e = { name: r.name, status: r.status, jobId: r.job_id, source: r.source, identity: r.identity, at: r.at };
    if (r.digest !== null)
        e.digest = r.digest;
    if (r.config_digest !== null)
        e.configDigest = r.config_digest;
    if (r.platform !== null)
        e.platform = r.platform;
    if (r.path !== null)
        e.path = r.path;
    if (r.size !== null)
        e.size = r.size;
    return e;
}
class JobStore {
    db;
    now;
    constructor(db, now) {
        this.db = db;
        this.now = now;
    }
    /** Opens (creating) `<dir>/jobs.sqlite`; throws StateLockedError when another agent holds it. */
    static open(dir, opts = {}) {
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
        const file = (0,external_node_path_.join)(dir, 'jobs.sqlite');
        const db = new external_node_sqlite_.DatabaseSync(file, { timeout: 0 });
        try {
            db.exec('PRAGMA locking_mode = EXCLUSIVE');
            db.exec('PRAGMA journal_mode = WAL');
            // Every commit reaches the disk before the agent answers.
            db.exec('PRAGMA synchronous = FULL');
            db.exec('BEGIN IMMEDIATE; COMMIT;');
            db.exec(SCHEMA);
            // A job store from before rate-limit deferral: add its columns.
            const columns = new Set(db.prepare('PRAGMA table_info(jobs)').all().map((c) => c.name));
            if (!columns.has('not_before'))
                db.exec('ALTER TABLE jobs ADD COLUMN not_before INTEGER; ALTER TABLE jobs ADD COLUMN waiting TEXT; ALTER TABLE jobs ADD COLUMN deferrals INTEGER NOT NULL DEFAULT 0;');
        }
        catch (err) {
            db.close();
            if (/locked|busy/i.test(err.message)) {
                throw new StateLockedError(`opening the job store ${file}: another agent is using this state directory`, { cause: err });
            }
            throw new Error(`opening the job store ${file}: ${err.message}`, { cause: err });
        }
        return new JobStore(db, opts.now ?? Date.now);
    }
    close() {
        if (this.db.isOpen)
            this.db.close();
    }
    tx(fn) {
        this.db.exec('BEGIN IMMEDIATE');
        try {
            const out = fn();
            this.db.exec('COMMIT');
            return out;
        }
        catch (err) {
            this.db.exec('ROLLBACK');
            throw err;
        }
    }
    /**
     * Records a request: joins a queued identical job, or adds one. With
     * `maxQueued`, a new job beyond that many queued ones is refused
     * (QueueFullError); merging always succeeds.
     */
    enqueue(request, meta, maxQueued) {
        const key = mergeKey(request);
        return this.tx(() => {
            const existing = this.db
                .prepare("SELECT * FROM jobs WHERE merge_key = ? AND status = 'queued' ORDER BY seq LIMIT 1")
                .get(key);
            if (existing) {
                this.db.prepare('UPDATE jobs SET merged = merged + 1 WHERE id = ?').run(existing.id);
                return { job: fromRow({ ...existing, merged: existing.merged + 1 }), merged: true };
            }
            if (maxQueued !== undefined && this.countByStatus('queued') >= maxQueued)
                throw new QueueFullError(30);
            const id = (0,external_node_crypto_.randomUUID)();
            this.db
                .prepare('INSERT INTO jobs (id, status, merge_key, request, source, identity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
                .run(id, 'queued', key, JSON.stringify(request), meta.source, meta.identity, this.now());
            return { job: this.get(id), merged: false };
        });
    }
    /** Whether a request would merge into a queued job (then it costs nothing against the rate limit). */
    wouldMerge(request) {
        return this.db.prepare("SELECT 1 FROM jobs WHERE merge_key = ? AND status = 'queued' LIMIT 1").get(mergeKey(request)) !== undefined;
    }
    /** Jobs, newest first; `statuses` filters; `before` (a job id) pages on. */
    list(opts) {
        const where = [];
        const args = [];
        if (opts.statuses?.length) {
            where.push(`status IN (${opts.statuses.map(() => '?').join(',')})`);
            args.push(...opts.statuses);
        }
        if (opts.before) {
            where.push('seq < COALESCE((SELECT seq FROM jobs WHERE id = ?), -1)');
            args.push(opts.before);
        }
        const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
        return this.db.prepare(sql).all(...args, opts.limit).map(fromRow);
    }
    /** Records what a finished job did to each name (the images API's history and "synced by"). */
    recordImageEvents(events) {
        if (events.length === 0)
            return;
        this.tx(() => {
            const insert = this.db.prepare('INSERT INTO image_events (name, status, digest, config_digest, platform, path, size, job_id, source, identity, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
            for (const e of events) {
                insert.run(e.name, e.status, e.digest ?? null, e.configDigest ?? null, e.platform ?? null, e.path ?? null, e.size ?? null, e.jobId, e.source, e.identity, e.at);
            }
        });
    }
    /** The history of one name, newest first. */
    imageHistory(name, limit) {
        return this.db.prepare('SELECT * FROM image_events WHERE name = ? ORDER BY seq DESC LIMIT ?').all(name, limit).map(fromEventRow);
    }
    /** The latest event that published or updated `name` to `digest`. */
    lastChange(name, digest) {
        const row = this.db
            .prepare("SELECT * FROM image_events WHERE name = ? AND digest = ? AND status IN ('published', 'updated') ORDER BY seq DESC LIMIT 1")
            .get(name, digest);
        return row ? fromEventRow(row) : undefined;
    }
    /** The latest event of each name that changed it (published or updated), keyed by name and manifest digest. */
    lastChanges() {
        const rows = this.db
            .prepare("SELECT e.* FROM image_events e JOIN (SELECT MAX(seq) AS seq FROM image_events WHERE status IN ('published', 'updated') GROUP BY name, digest) m ON e.seq = m.seq")
            .all();
        return new Map(rows.map((r) => [`${r.name} ${r.digest ?? ''}`, fromEventRow(r)]));
    }
    get(id) {
        const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
        return row ? fromRow(row) : undefined;
    }
    /**
     * Takes up to `limit` queued jobs, oldest first, and marks them running.
     * A batch is of one kind: syncs, or removals; it ends where the kind
     * changes, so that a removal runs after the syncs queued before it.
     */
    claimBatch(limit) {
        return this.tx(() => {
            const queued = this.db
                .prepare("SELECT id, request FROM jobs WHERE status = 'queued' AND (not_before IS NULL OR not_before <= ?) ORDER BY seq LIMIT ?")
                .all(this.now(), limit);
            const isRemoval = (r) => JSON.parse(r.request).remove !== undefined;
            const kind = queued[0] ? isRemoval(queued[0]) : false;
            const end = queued.findIndex((r) => isRemoval(r) !== kind);
            const rows = end === -1 ? queued : queued.slice(0, end);
            const at = this.now();
            const update = this.db.prepare("UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, not_before = NULL, waiting = NULL WHERE id = ?");
            for (const r of rows)
                update.run(at, r.id);
            return rows.map((r) => this.get(r.id));
        });
    }
    finish(id, outcome) {
        this.db
            .prepare('UPDATE jobs SET status = ?, finished_at = ?, images = ?, error = ? WHERE id = ?')
            .run(outcome.status, this.now(), JSON.stringify(outcome.images), outcome.error ?? null, id);
        return this.get(id);
    }
    /**
     * A running job carried by a registry's rate limit: queued again, not to be
     * claimed before `notBefore`; the run is not counted against maxAttempts
     * (that bound is for crashes). The images done so far are kept.
     */
    defer(id, carry) {
        this.db
            .prepare("UPDATE jobs SET status = 'queued', started_at = NULL, attempts = MAX(attempts - 1, 0), not_before = ?, waiting = ?, images = ?, deferrals = deferrals + 1 WHERE id = ?")
            .run(carry.notBefore, carry.waiting, JSON.stringify(carry.images), id);
        return this.get(id);
    }
    /** When the earliest carried job becomes due (ms since the epoch), if any waits. */
    nextDue() {
        const row = this.db.prepare("SELECT MIN(not_before) AS t FROM jobs WHERE status = 'queued' AND not_before IS NOT NULL").get();
        return row.t ?? undefined;
    }
    /** Puts running jobs back in the queue without counting the run (an orderly stop interrupted them). */
    requeue(ids) {
        this.tx(() => {
            const update = this.db.prepare("UPDATE jobs SET status = 'queued', started_at = NULL, attempts = MAX(attempts - 1, 0) WHERE id = ? AND status = 'running'");
            for (const id of ids)
                update.run(id);
        });
    }
    /**
     * At start-up: jobs left `running` by a crash are queued again, or failed
     * when they have used up `maxAttempts` runs (a job that crashes the agent
     * must not crash it forever).
     */
    recoverInterrupted(maxAttempts) {
        return this.tx(() => {
            const rows = this.db.prepare("SELECT * FROM jobs WHERE status = 'running' ORDER BY seq").all();
            const requeued = [];
            const failed = [];
            for (const row of rows) {
                if (row.attempts >= maxAttempts) {
                    const error = `interrupted ${row.attempts} times (the agent stopped while it ran); giving up`;
                    this.db.prepare("UPDATE jobs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?").run(this.now(), error, row.id);
                    failed.push(this.get(row.id));
                }
                else {
                    this.db.prepare("UPDATE jobs SET status = 'queued', started_at = NULL WHERE id = ?").run(row.id);
                    requeued.push(this.get(row.id));
                }
            }
            return { requeued, failed };
        });
    }
    /** Queued jobs carried by a registry's rate limit (waiting for their notBefore). */
    countCarried() {
        return this.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued' AND not_before IS NOT NULL").get().n;
    }
    countByStatus(status) {
        const row = this.db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE status = ?').get(status);
        return row.n;
    }
    /** Deletes finished jobs (and image history) older than `ageMs`; returns how many jobs. */
    prune(ageMs) {
        const result = this.db
            .prepare("DELETE FROM jobs WHERE status IN ('succeeded', 'failed') AND finished_at < ?")
            .run(this.now() - ageMs);
        // The history outlives jobs tenfold: "who published this image" is asked long after.
        this.db.prepare('DELETE FROM image_events WHERE at < ?').run(this.now() - ageMs * 10);
        return Number(result.changes);
    }
}
function fromRow(row) {
    const job = {
        id: row.id,
        status: row.status,
        request: JSON.parse(row.request),
        source: row.source,
        identity: row.identity,
        createdAt: row.created_at,
        attempts: row.attempts,
        merged: row.merged,
        images: row.images ? JSON.parse(row.images) : [],
        deferrals: row.deferrals,
    };
    if (row.not_before !== null)
        job.notBefore = row.not_before;
    if (row.waiting !== null)
        job.waiting = row.waiting;
    if (row.started_at !== null)
        job.startedAt = row.started_at;
    if (row.finished_at !== null)
        job.finishedAt = row.finished_at;
    if (row.error !== null)
        job.error = row.error;
    return job;
}

;// CONCATENATED MODULE: ./src/agent/rate-limit.ts
class RateLimiter {
    buckets = new Map();
    ratePerMs;
    burst;
    now;
    constructor(opts) {
        this.ratePerMs = opts.perMinute / 60_000;
        this.burst = opts.burst;
        this.now = opts.now ?? Date.now;
    }
    /** Takes one token for `key`: 0 when allowed, else the seconds to wait. */
    take(key) {
        const now = this.now();
        const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
        b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.ratePerMs);
        b.at = now;
        this.buckets.set(key, b);
        if (b.tokens >= 1) {
            b.tokens -= 1;
            this.prune(now);
            return 0;
        }
        return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerMs / 1000));
    }
    /** Drops full buckets so the map does not grow with every identity ever seen. */
    prune(now) {
        if (this.buckets.size < 10_000)
            return;
        for (const [key, b] of this.buckets) {
            if (b.tokens + (now - b.at) * this.ratePerMs >= this.burst)
                this.buckets.delete(key);
        }
    }
}

;// CONCATENATED MODULE: ./src/agent/worker.ts
/**
 * The one worker: takes every queued job (up to batchSize) into one
 * `runSync` call — one publisher transaction for the batch — and records
 * each job's images. One batch at a time: a target is one repository, and
 * CVMFS allows one open transaction per repository.
 */




/** The engine request for a stored job request. Throws InvalidReferenceError / a platform error. */
function toSyncRequest(req) {
    const sync = { ref: (0,reference/* parseImageRef */.Q)(req.image) };
    if (req.extraTags.length)
        sync.extraTags = req.extraTags;
    if (req.platform)
        sync.platforms = req.platform.split(',').map(registry.parsePlatform);
    return sync;
}
/** The names a job publishes: its image and the image under each extra tag. */
function jobNames(req) {
    const ref = (0,reference/* parseImageRef */.Q)(req.image);
    return [(0,reference/* formatImageRef */.kL)(ref), ...req.extraTags.filter((t) => t !== ref.tag).map((t) => (0,reference/* formatImageRef */.kL)((0,reference/* withTag */.Rd)(ref, t)))];
}
/**
 * Which of a batch's results belong to a job, and the job's outcome. An
 * image held back by its registry's rate limit makes the job 'deferred'
 * (unless another failed). `earlier` are the images of a run the limit
 * carried: what it published stays in the result (the retry finds it
 * unchanged).
 */
function jobOutcome(req, results, earlier = []) {
    const names = new Set(jobNames(req));
    const platforms = req.platform ? new Set(req.platform.split(',').map((p) => (0,registry.formatPlatform)((0,registry.parsePlatform)(p)))) : undefined;
    const mine = results.filter((r) => names.has(r.ref) && (platforms === undefined || r.platform === undefined || platforms.has(r.platform)));
    const images = mine.map((r) => {
        const before = r.status === 'unchanged' ? earlier.find((e) => e.ref === r.ref && e.digest === r.digest && (e.status === 'published' || e.status === 'updated')) : undefined;
        if (before)
            return before;
        const img = { ref: r.ref, status: r.status };
        if (r.digest)
            img.digest = r.digest;
        if (r.path)
            img.path = r.path;
        if (r.error)
            img.error = r.error;
        return img;
    });
    if (images.length === 0)
        return { status: 'failed', images, error: `no result for ${req.image}` };
    const failed = images.filter((i) => i.status === 'failed');
    if (failed.length > 0) {
        const held = images.filter((i) => i.status === 'failed' || i.status === 'deferred');
        return { status: 'failed', images, error: held.map((f) => `${f.ref}: ${f.error ?? f.status}`).join('; ') };
    }
    const carried = mine.filter((r) => r.status === 'deferred');
    if (carried.length > 0) {
        const retryAt = Math.max(...carried.map((r) => (r.retryAt ? Date.parse(r.retryAt) : Date.now())));
        const registry = (0,reference/* parseImageRef */.Q)(req.image).registry;
        return { status: 'deferred', images, retryAt, waiting: `waiting for registry ${registry}'s rate limit until ${new Date(retryAt).toISOString()}` };
    }
    return { status: 'succeeded', images };
}
/** A job carried this many times, or past this age, by a registry's rate limit is failed. */
const MAX_DEFERRALS = 48;
const MAX_DEFER_MS = 24 * 3_600_000;
/** What a finished job did to each name, for the images history. */
function imageEvents(job) {
    const at = job.finishedAt ?? Date.now();
    return job.images
        .filter((i) => i.status !== 'failed' && i.status !== 'absent')
        .map((i) => {
        const e = { name: i.ref.replace(/^https?:\/\//, ''), status: i.status, jobId: job.id, source: job.source, identity: job.identity, at };
        if (i.digest)
            e.digest = i.digest;
        if (i.path)
            e.path = i.path;
        return e;
    });
}
class Worker {
    opts;
    wakeUp;
    stopping = false;
    loop;
    abortRun = new AbortController();
    /** Ids of the batch in progress. */
    running = [];
    constructor(opts) {
        this.opts = opts;
    }
    start() {
        this.loop ??= this.run();
    }
    /** A job was queued: look again. */
    wake() {
        this.wakeUp?.();
    }
    /**
     * Stops taking batches and waits for the current one. With `abort`, the
     * running batch is interrupted and its jobs go back to the queue.
     */
    async stop(opts = {}) {
        this.stopping = true;
        if (opts.abort)
            this.abortRun.abort(new Error('the agent is stopping'));
        this.wake();
        await this.loop;
    }
    /** Interrupts a stop in progress: the running batch is aborted (a second SIGTERM). */
    abort() {
        this.abortRun.abort(new Error('the agent is stopping'));
    }
    async run() {
        while (!this.stopping) {
            const batch = this.opts.store.claimBatch(this.opts.batchSize);
            if (batch.length === 0) {
                // Sleep until a job is queued, or a job carried by a rate limit is due.
                const due = this.opts.store.nextDue();
                let timer;
                await new Promise((resolve) => {
                    this.wakeUp = resolve;
                    if (due !== undefined)
                        timer = setTimeout(resolve, Math.max(0, due - Date.now()) + 5);
                });
                clearTimeout(timer);
                this.wakeUp = undefined;
                continue;
            }
            await this.runBatch(batch);
        }
    }
    async runBatch(batch) {
        const { store, logger: base, metrics } = this.opts;
        const batchId = (0,external_node_crypto_.randomUUID)().slice(0, 8);
        const logger = base.child({ batch: batchId });
        const started = Date.now();
        this.running = batch.map((j) => j.id);
        for (const job of batch)
            logger.info('job started', { job: job.id, image: job.request.image, attempt: job.attempts, identity: job.identity });
        if (batch[0]?.request.remove) {
            await this.runRemovals(batch, logger);
            return;
        }
        this.opts.progress?.begin(batch.map((j) => ({ id: j.id, names: safeNames(j.request) })));
        const requests = [];
        const runnable = [];
        for (const job of batch) {
            try {
                requests.push(toSyncRequest(job.request));
                runnable.push(job);
            }
            catch (err) {
                this.finish(job, { status: 'failed', images: [], error: (0,errors/* describeError */.U)(err) }, logger);
            }
        }
        let results;
        let batchError;
        try {
            results = await this.opts.runSync(requests, {
                logger,
                signal: this.abortRun.signal,
                onEvent: (event) => {
                    metrics.observeEvent(event);
                    this.opts.progress?.observe(event);
                    if (event.type === 'image-done') {
                        const r = event.result;
                        logger.info(`image ${r.status}`, { image: r.ref, digest: r.digest, path: r.path, error: r.error, ms: r.timings.totalMs });
                    }
                },
            });
        }
        catch (err) {
            batchError = err;
        }
        metrics.batchSeconds.observe((Date.now() - started) / 1000);
        this.running = [];
        this.opts.progress?.clear();
        if (this.abortRun.signal.aborted) {
            // Interrupted on purpose: nothing is lost, the jobs run again after the restart.
            store.requeue(runnable.map((j) => j.id));
            logger.warn('batch interrupted; its jobs stay queued', { jobs: runnable.map((j) => j.id) });
            return;
        }
        for (const job of runnable) {
            const outcome = results ? jobOutcome(job.request, results, job.images) : { status: 'failed', images: [], error: (0,errors/* describeError */.U)(batchError) };
            if (outcome.status === 'deferred')
                this.carry(job, outcome, logger);
            else
                this.finish(job, outcome, logger);
        }
    }
    /** Removal jobs, one transaction each (each reports its own names). */
    async runRemovals(batch, logger) {
        this.opts.progress?.begin(batch.map((j) => ({ id: j.id, names: [], phase: 'removing' })));
        for (const job of batch) {
            if (this.abortRun.signal.aborted)
                break;
            const images = job.request.remove ?? [];
            let outcome;
            try {
                if (!this.opts.runRemove)
                    throw new Error('removal is not enabled on this agent');
                const { removed, root } = await this.opts.runRemove(images, { logger, signal: this.abortRun.signal });
                const listed = removed.map((r) => ({ ref: r.name, status: 'removed', path: `${root}/${r.name}`, ...(r.configDigest ? { digest: r.configDigest } : {}) }));
                // Nothing matched: not an error (a branch whose image was never published), but said so.
                if (listed.length === 0)
                    for (const i of images)
                        listed.push({ ref: i, status: 'absent' });
                outcome = { status: 'succeeded', images: listed };
                logger.info('images removed', { job: job.id, removed: removed.map((r) => r.name) });
            }
            catch (err) {
                outcome = { status: 'failed', images: [], error: (0,errors/* describeError */.U)(err) };
            }
            this.finish(job, outcome, logger);
        }
        this.running = [];
        this.opts.progress?.clear();
        const left = batch.filter((j) => this.opts.store.get(j.id)?.status === 'running').map((j) => j.id);
        if (left.length)
            this.opts.store.requeue(left);
    }
    /** Back to the queue until the registry's limit allows (bounded: then failed). */
    carry(job, outcome, logger) {
        const deferrals = job.deferrals + 1;
        if (deferrals > MAX_DEFERRALS || outcome.retryAt - job.createdAt > MAX_DEFER_MS) {
            const bound = deferrals > MAX_DEFERRALS ? `after ${MAX_DEFERRALS} deferrals` : `past ${MAX_DEFER_MS / 3_600_000} h after it was queued`;
            const error = `a registry rate limit would hold this job back ${bound}; giving up (${outcome.waiting})`;
            this.finish(job, { status: 'failed', images: outcome.images, error }, logger);
            return;
        }
        this.opts.store.defer(job.id, { notBefore: outcome.retryAt, waiting: outcome.waiting, images: outcome.images });
        logger.warn('job carried by a registry rate limit', { job: job.id, image: job.request.image, retryAt: new Date(outcome.retryAt).toISOString(), deferrals });
    }
    finish(job, outcome, logger) {
        const done = this.opts.store.finish(job.id, outcome);
        this.opts.store.recordImageEvents(imageEvents(done));
        this.opts.metrics.jobs.inc({ outcome: done.status });
        const fields = { job: job.id, image: job.request.image, status: done.status, error: done.error, ms: (done.finishedAt ?? 0) - (done.startedAt ?? 0) };
        if (done.status === 'succeeded')
            logger.info('job succeeded', fields);
        else
            logger.warn('job failed', fields);
        this.opts.onFinished(done);
    }
}
/** jobNames, or [] for a request that does not parse (it fails on its own). */
function safeNames(req) {
    try {
        return jobNames(req);
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: ./src/repo/index.ts + 4 modules
var repo = __webpack_require__(7818);
;// CONCATENATED MODULE: ./src/agent/images.ts
/**
 * What is published, for `GET /api/v1/images` and the status page.
 *
 * The target is the truth about *what* is published (each name's sync.json
 * under `.metadata/`, written by whoever published it: this agent, the CLI,
 * a loop); the agent's job store adds *who and when* (the job, its source
 * and identity), which the repository does not hold — identities are no
 * business of a public CVMFS repository, and writing them there would cost
 * a publish. Sizes come from each name's stored manifest (compressed layer
 * bytes, as registries show them): one small file, no tree walk.
 */



/** Sums the sizes a manifest lists (layers and config). */
function manifestSize(text) {
    try {
        const m = JSON.parse(text);
        if (!Array.isArray(m.layers))
            return undefined;
        let total = typeof m.config?.size === 'number' ? m.config.size : 0;
        for (const l of m.layers)
            if (typeof l.size === 'number')
                total += l.size;
        return total;
    }
    catch {
        return undefined;
    }
}
/** Builds the views from sync records and the store's last changes (pure). */
function imageViews(root, records, changes, sizeOf) {
    const byName = new Map();
    const extraPlatforms = new Map();
    for (const { linkPath, record } of records) {
        if (linkPath.startsWith(`${repo/* MULTIARCH_DIR */.SL}/`)) {
            // `.multiarch/<arch>/<name>`: one more platform of <name>.
            const name = linkPath.split('/').slice(2).join('/');
            const set = extraPlatforms.get(name) ?? new Set();
            set.add(record.platform);
            extraPlatforms.set(name, set);
            continue;
        }
        const view = {
            name: linkPath,
            digest: record.manifestDigest,
            configDigest: record.configDigest,
            platforms: [record.platform],
            path: (0,external_node_path_.join)(root, linkPath),
            syncedAt: record.syncedAt,
        };
        const size = sizeOf(linkPath, record.manifestDigest);
        if (size !== undefined)
            view.size = size;
        const change = changes.get(`${linkPath} ${record.manifestDigest}`);
        if (change)
            view.syncedBy = { job: change.jobId, url: `/api/v1/jobs/${change.jobId}`, source: change.source, identity: change.identity };
        byName.set(linkPath, view);
    }
    for (const [name, platforms] of extraPlatforms) {
        const view = byName.get(name);
        if (view)
            view.platforms = [...new Set([...view.platforms, ...platforms])].sort();
    }
    return [...byName.values()];
}
/**
 * The published images of one target. The first read walks `.metadata/`
 * (about 1 s for 5,000 names here); after that each finished job refreshes
 * only the names it touched, and a full walk runs again at most every
 * `rescanMs` (to see what the CLI or a loop published beside the agent).
 */
class ImageIndex {
    root;
    store;
    rescanMs;
    views;
    sorted;
    scannedAt = 0;
    sizes = new Map();
    constructor(root, store, rescanMs = 10 * 60_000) {
        this.root = root;
        this.store = store;
        this.rescanMs = rescanMs;
    }
    sizeOf = (linkPath, digest) => {
        if (!this.sizes.has(digest)) {
            let text;
            try {
                text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(this.root, repo/* METADATA_DIR */.ys, linkPath, 'manifest.raw.json'), 'utf8');
            }
            catch {
                text = undefined;
            }
            this.sizes.set(digest, text === undefined ? undefined : manifestSize(text));
        }
        return this.sizes.get(digest);
    };
    /** Re-reads these names (a job published, updated or removed them). */
    refresh(names) {
        if (this.root === undefined || this.views === undefined)
            return;
        const root = this.root;
        for (const name of names) {
            const records = [];
            const primary = readRecord((0,external_node_path_.join)(root, repo/* METADATA_DIR */.ys, name));
            if (primary)
                records.push({ linkPath: name, record: primary });
            for (const arch of listDir((0,external_node_path_.join)(root, repo/* METADATA_DIR */.ys, repo/* MULTIARCH_DIR */.SL))) {
                const r = readRecord((0,external_node_path_.join)(root, repo/* METADATA_DIR */.ys, repo/* MULTIARCH_DIR */.SL, arch, name));
                if (r)
                    records.push({ linkPath: `${repo/* MULTIARCH_DIR */.SL}/${arch}/${name}`, record: r });
            }
            const changes = new Map();
            for (const { record } of records) {
                const change = this.store.lastChange(name, record.manifestDigest);
                if (change)
                    changes.set(`${name} ${record.manifestDigest}`, change);
            }
            const [view] = imageViews(root, records, changes, this.sizeOf);
            if (view)
                this.views.set(name, view);
            else
                this.views.delete(name);
        }
        this.sorted = undefined;
    }
    list() {
        if (this.root === undefined)
            return [];
        const now = Date.now();
        if (this.views === undefined || now - this.scannedAt >= this.rescanMs) {
            const views = imageViews(this.root, (0,repo/* listSyncRecords */.u_)(this.root), this.store.lastChanges(), this.sizeOf);
            this.views = new Map(views.map((v) => [v.name, v]));
            this.scannedAt = now;
            this.sorted = undefined;
        }
        this.sorted ??= [...this.views.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return this.sorted;
    }
    get(name) {
        this.list();
        return this.views?.get(name);
    }
}
function listDir(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir);
    }
    catch {
        return [];
    }
}
function readRecord(metaDir) {
    try {
        const parsed = repo/* syncRecordSchema */.q4.safeParse(JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(metaDir, 'sync.json'), 'utf8')));
        return parsed.success ? parsed.data : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/agent/progress.ts
/** A name without its scheme: events and jobs may spell plain-HTTP registries either way. */
const bare = (name) => name.replace(/^https?:\/\//, '');
class ProgressTracker {
    byJob = new Map();
    /** Published name → the jobs of the batch that asked for it. */
    owners = new Map();
    layers = new Map();
    /** Bumped on every change: the page polls with it. */
    version = 0;
    /** A batch starts: which names each job publishes. */
    begin(jobs) {
        this.clear();
        for (const j of jobs) {
            this.byJob.set(j.id, { phase: j.phase ?? 'fetching', layersDone: 0, layersTotal: 0, bytes: 0, bytesTotal: 0 });
            for (const n of j.names.map(bare))
                this.owners.set(n, [...(this.owners.get(n) ?? []), j.id]);
        }
        this.version++;
    }
    clear() {
        this.byJob.clear();
        this.owners.clear();
        this.layers.clear();
        this.version++;
    }
    get(id) {
        const p = this.byJob.get(id);
        return p ? { ...p } : undefined;
    }
    observe(event) {
        if (event.type === 'publish-start') {
            for (const p of this.byJob.values())
                p.phase = 'publishing';
            this.version++;
            return;
        }
        if (event.type !== 'layer-start' && event.type !== 'layer-progress' && event.type !== 'layer-done')
            return;
        const jobs = this.owners.get(bare(event.ref)) ?? [];
        if (jobs.length === 0)
            return;
        const key = `${event.ref} ${event.digest}`;
        let layer = this.layers.get(key);
        if (!layer) {
            layer = { size: event.size, bytes: 0, done: false, jobs };
            this.layers.set(key, layer);
            for (const id of jobs) {
                const p = this.byJob.get(id);
                if (!p)
                    continue;
                p.layersTotal++;
                p.bytesTotal += event.size;
            }
        }
        const before = layer.bytes;
        if (event.type === 'layer-progress')
            layer.bytes = Math.max(layer.bytes, Math.min(event.bytes, layer.size || event.bytes));
        const finished = event.type === 'layer-done' && !layer.done;
        if (finished) {
            layer.done = true;
            layer.bytes = layer.size;
        }
        for (const id of jobs) {
            const p = this.byJob.get(id);
            if (!p || p.phase === 'publishing')
                continue;
            p.bytes += layer.bytes - before;
            if (finished)
                p.layersDone++;
            // All bytes of the layers seen so far are in, yet a layer is still open: it is being written.
            const open = [...this.layers.values()].filter((l) => l.jobs.includes(id) && !l.done);
            p.phase = open.length > 0 && open.every((l) => l.bytes >= l.size) ? 'unpacking' : 'fetching';
        }
        this.version++;
    }
}

;// CONCATENATED MODULE: ./src/agent/agent.ts
/**
 * The agent: HTTP API + durable queue + one worker + (optionally) the
 * recipe schedule, around an injected engine (`runSync`). serve.ts wires
 * the real engine and publisher; tests inject their own.
 */

















/** 'host:port', '[v6]:port' or ':port' (all interfaces). */
function parseListen(listen) {
    const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(listen.trim());
    const port = m ? Number(m[3]) : NaN;
    if (!m || port > 65535)
        throw new ConfigError(`listen: "${listen}" is not host:port (e.g. 127.0.0.1:8000)`);
    return { host: m[1] ?? (m[2] || '::'), port };
}
function createAgent(opts) {
    const { config } = opts;
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const metrics = new Metrics();
    if (opts.registryStates)
        metrics.registries(opts.registryStates);
    const waiters = new Map();
    const inflight = new Set();
    const timers = [];
    let store;
    let worker;
    let server;
    let stopping = false;
    let stopped;
    const release = (id) => {
        for (const resolve of waiters.get(id) ?? [])
            resolve();
        waiters.delete(id);
    };
    const waitFor = (id, ms) => new Promise((resolve) => {
        const set = waiters.get(id) ?? new Set();
        const done = () => {
            clearTimeout(timer);
            set.delete(done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
        waiters.set(id, set);
    });
    async function start() {
        try {
            return await open();
        }
        catch (err) {
            // Leave nothing half-started: the worker stopped, the store unlocked.
            stopping = true;
            await worker?.stop();
            server?.close();
            store?.close();
            throw err;
        }
    }
    async function open() {
        const warn = (msg) => logger.warn(msg);
        const secret = await readSecret('secret token', config.auth.secretToken, config.auth.secretTokenFile, warn);
        const hooks = config.webhooks;
        const webhookSecrets = {
            distribution: hooks.distribution && (await readSecret('distribution webhook secret', hooks.distribution.secretToken, hooks.distribution.secretTokenFile, warn)),
            harbor: hooks.harbor && (await readSecret('harbor webhook secret', hooks.harbor.secretToken, hooks.harbor.secretTokenFile, warn)),
        };
        for (const [kind, value] of Object.entries(webhookSecrets)) {
            if (hooks[kind] && value === undefined)
                throw new ConfigError(`webhooks.${kind}: set secretTokenFile (each webhook needs its own secret)`);
        }
        if (secret === undefined && config.auth.oidc.length === 0)
            logger.warn('no secret token and no OIDC issuer configured: only webhooks can queue jobs');
        const auth = new Authenticator({ secret, issuers: config.auth.oidc, clockSkewMs: config.auth.clockSkew, fetch: opts.fetch });
        const { host, port } = parseListen(config.listen);
        store = JobStore.open(config.state);
        const s = store;
        const pruned = s.prune(config.queue.history);
        const { requeued, failed } = s.recoverInterrupted(config.queue.maxAttempts);
        for (const job of requeued)
            logger.warn('resuming a job interrupted by a stop or crash', { job: job.id, image: job.request.image, attempts: job.attempts });
        for (const job of failed)
            logger.error('job failed: interrupted too often', { job: job.id, image: job.request.image, error: job.error });
        if (opts.recover)
            await opts.recover();
        logger.info('job store opened', { state: config.state, queued: s.countByStatus('queued'), resumed: requeued.length, pruned });
        const progress = new ProgressTracker();
        const images = new ImageIndex(opts.targetRoot, s);
        metrics.gauge('cvmfs_unpack_queue_depth', 'Jobs waiting in the queue.', () => (store ? s.countByStatus('queued') : 0));
        metrics.gauge('cvmfs_unpack_queue_carried', "Queued jobs waiting for a registry's rate limit (until their retryAt).", () => (store ? s.countCarried() : 0));
        metrics.gauge('cvmfs_unpack_jobs_running', 'Jobs in the batch being run.', () => worker?.running.length ?? 0);
        worker = new Worker({
            store: s,
            runSync: opts.runSync,
            batchSize: config.queue.batchSize,
            logger,
            metrics,
            onFinished: (job) => {
                images.refresh(job.images.map((i) => i.ref.replace(/^https?:\/\//, '')));
                release(job.id);
            },
            progress,
            ...(opts.runRemove ? { runRemove: opts.runRemove } : {}),
        });
        worker.start();
        const router = buildRouter({
            config,
            store: s,
            auth,
            rateLimiter: new RateLimiter(config.rateLimit),
            metrics,
            logger,
            webhookSecrets,
            queued: () => worker?.wake(),
            waitFor,
            isStopping: () => stopping,
            images,
            progress,
        });
        const handle = async (req, res) => {
            const requestId = (0,external_node_crypto_.randomUUID)().slice(0, 8);
            const t0 = Date.now();
            const url = new URL(req.url ?? '/', 'http://agent.invalid');
            res.setHeader('X-Request-Id', requestId);
            try {
                if (stopping && req.method !== 'GET')
                    throw new ShuttingDownError();
                const { handler, params } = router.resolve(req.method ?? 'GET', url.pathname);
                await handler({ req, res, url, params, requestId });
            }
            catch (err) {
                const form = toHttpError(err);
                if (form.body.code === 'internal')
                    logger.error('request failed', { request: requestId, path: url.pathname, error: (0,errors/* describeError */.U)(err) });
                else if (form.status >= 400)
                    logger.info('request refused', { request: requestId, path: url.pathname, status: form.status, reason: (0,errors/* describeError */.U)(err) });
                // An oversized body is not read to its end: close the connection after answering.
                const extra = form.status === 413 ? { Connection: 'close' } : {};
                if (!res.headersSent)
                    sendJson(res, form.status, form.body, { ...form.headers, ...extra });
                else
                    res.destroy();
            }
            finally {
                const quiet = url.pathname === '/healthz' || url.pathname === '/metrics';
                (quiet ? logger.debug : logger.info)('http request', { request: requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Date.now() - t0 });
            }
        };
        server = (0,external_node_http_.createServer)({ requestTimeout: 120_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, (req, res) => {
            const p = handle(req, res);
            inflight.add(p);
            void p.finally(() => inflight.delete(p));
        });
        const srv = server;
        await new Promise((resolve, reject) => {
            srv.once('error', (err) => reject(new ConfigError(`listening on ${config.listen}: ${err.message}`, { cause: err })));
            srv.listen(port, host, () => resolve());
        });
        const addr = srv.address();
        const address = addr.family === 'IPv6' ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`;
        logger.info('listening', { address, target: config.target });
        // The first walk of the published names, before the first visitor asks.
        setImmediate(() => {
            try {
                images.list();
            }
            catch (err) {
                logger.warn('listing the published images failed', { error: (0,errors/* describeError */.U)(err) });
            }
        });
        const pruneTimer = setInterval(() => store?.prune(config.queue.history), 3_600_000);
        pruneTimer.unref();
        timers.push(pruneTimer);
        if (opts.loadRecipe)
            scheduleRecipe(opts.loadRecipe, s);
        return address;
    }
    /** Queues the recipe's images now and every interval; runs never overlap. */
    function scheduleRecipe(load, s) {
        let busy = false;
        const tick = async () => {
            if (busy || stopping)
                return;
            busy = true;
            try {
                const requests = await load();
                if (stopping)
                    return;
                let queued = 0;
                for (const r of requests) {
                    const request = {
                        image: (0,reference/* formatImageRef */.kL)(r.ref),
                        extraTags: r.extraTags ?? [],
                        ...(r.platforms?.length ? { platform: r.platforms.map(registry.formatPlatform).join(',') } : {}),
                    };
                    if (!s.enqueue(request, { source: 'recipe', identity: 'recipe' }).merged)
                        queued++;
                }
                logger.info('recipe queued', { images: requests.length, queued });
                if (queued)
                    worker?.wake();
            }
            catch (err) {
                logger.error('loading the recipe failed', { error: (0,errors/* describeError */.U)(err) });
            }
            finally {
                busy = false;
            }
        };
        void tick();
        const timer = setInterval(() => void tick(), config.interval);
        timer.unref();
        timers.push(timer);
    }
    async function stop(stopOpts = {}) {
        if (stopOpts.abort)
            worker?.abort();
        stopped ??= (async () => {
            stopping = true;
            logger.info('stopping: no new jobs accepted; finishing the running batch', { running: worker?.running.length ?? 0 });
            for (const t of timers)
                clearInterval(t);
            server?.close();
            server?.closeIdleConnections();
            for (const id of [...waiters.keys()])
                release(id);
            await worker?.stop({ abort: stopOpts.abort });
            await Promise.allSettled([...inflight]);
            server?.closeAllConnections();
            store?.close();
            logger.info('stopped');
        })();
        return stopped;
    }
    return { start, stop, abort: () => worker?.abort() };
}

;// CONCATENATED MODULE: ./src/agent/signals.ts
/** Resolves once stopped: first signal (or `signal`) stops gracefully, a second one aborts the running batch. */
async function untilStopped(signal, logger, stop, abort) {
    let stopping;
    let resolveDone;
    const done = new Promise((resolve) => {
        resolveDone = resolve;
    });
    const onSignal = (name) => {
        if (stopping) {
            logger.warn(`${name} again: interrupting the running batch`);
            void abort();
            return;
        }
        logger.info(`${name}: stopping after the running batch (send it again to interrupt)`);
        stopping = stop().then(resolveDone, resolveDone);
    };
    const onTerm = () => onSignal('SIGTERM');
    const onInt = () => onSignal('SIGINT');
    const onAbort = () => onSignal('stop requested');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    if (signal?.aborted)
        onAbort();
    else
        signal?.addEventListener('abort', onAbort, { once: true });
    try {
        await done;
    }
    finally {
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        signal?.removeEventListener('abort', onAbort);
    }
}

;// CONCATENATED MODULE: ./src/agent/serve.ts
/**
 * `cvmfs-unpack serve --config agent.yaml`: the agent with the real engine
 * and publisher. Runs until the signal aborts or SIGTERM/SIGINT arrives:
 * the first signal stops accepting and lets the running batch finish, a
 * second one interrupts it (its jobs stay queued for the next start).
 */








/** The recipe's images as requests (wildcards expanded); inputs that fail to expand are logged and skipped. */
async function recipeSyncRequests(file, logger, client) {
    const { requests, failed } = await (0,recipe_source.recipeRequests)(file, undefined, logger, client);
    for (const f of failed)
        logger.warn('recipe input skipped', { image: f.ref, error: f.error });
    return requests;
}
async function serve(opts) {
    const { logger } = opts;
    const config = await loadConfig(opts.configPath, opts.env ?? process.env);
    const publisher = (0,publish/* parseTarget */.hu)(config.target, { cvmfsServer: config.cvmfsServer, cvmfsMount: config.cvmfsMount, stateDir: config.state, logger });
    // The agent's switches; thin images are pushed by `sync`/`loop` with a recipe's output_format, not by the agent.
    const outputs = (0,convert/* outputOptions */.I6)({ skipFlat: config.skipFlat, skipLayers: config.skipLayers, skipPodman: config.skipPodman, skipThinImage: true });
    // One client for the queue and the recipe, knowing which registries speak plain HTTP: one token cache, and
    // one pacing of each registry's rate limit across batches (see src/registry/rate-limit.ts).
    const client = new registry.RegistryClient({ credentials: registry.CredentialStore.fromEnvironment(opts.env ?? process.env), logger, insecureRegistries: config.insecureRegistries, rateLimitMaxWaitMs: config.queue.rateLimitWait });
    // A wait for a registry's rate limit longer than queue.rateLimitWait carries the job (queued until then), not fails it.
    const runSync = (requests, run) => (0,convert/* syncImages */.S)(requests, { publisher, client, logger: run.logger, onEvent: run.onEvent, signal: run.signal, outputs, deferRateLimited: true });
    const recipe = config.recipe;
    const agent = createAgent({
        config,
        runSync,
        logger,
        recover: () => publisher.recover(),
        targetRoot: publisher.root,
        runRemove: async (images, run) => ({ removed: await (0,remove/* removeNames */.nK)({ publisher, target: (0,remove/* parseRemoval */.u0)(images).target, logger: run.logger }), root: publisher.root }),
        loadRecipe: recipe ? () => recipeSyncRequests(recipe, logger, client) : undefined,
        registryStates: () => client.rateLimits(),
    });
    await agent.start();
    try {
        await untilStopped(opts.signal, logger, () => agent.stop(), () => agent.stop({ abort: true }));
    }
    finally {
        await client.close();
    }
}

;// CONCATENATED MODULE: ./src/agent/index.ts






// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/commands/context.ts
var context = __webpack_require__(586);
;// CONCATENATED MODULE: ./src/cli/commands/serve.ts
/** `cvmfs-unpack serve --config agent.yaml`: the HTTP agent (src/agent). */



async function runServe(ctx) {
    const configPath = (0,context/* stringOption */.Pp)(ctx, 'config') ?? ctx.io.env.CVMFS_UNPACK_CONFIG;
    if (!configPath)
        throw new args/* UsageError */.eb('--config is required (or $CVMFS_UNPACK_CONFIG)', 'serve');
    await serve({ configPath, logger: ctx.output.logger, signal: ctx.io.signal, env: ctx.io.env });
    return 0;
}


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
/* harmony import */ var _convert_outputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4472);
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
