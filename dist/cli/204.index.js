export const id = 204;
export const ids = [204];
export const modules = {

/***/ 6204:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runServe: () => (/* binding */ runServe)
});

// EXTERNAL MODULE: ./src/convert/index.ts + 2 modules
var convert = __webpack_require__(3575);
// EXTERNAL MODULE: ./src/publish/index.ts + 7 modules
var publish = __webpack_require__(7361);
// EXTERNAL MODULE: ./src/schedule/recipe-source.ts
var recipe_source = __webpack_require__(4029);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/registry/index.ts + 13 modules
var registry = __webpack_require__(4644);
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
    { path: ['queue', 'history'], env: 'QUEUE_HISTORY', kind: 'duration' },
    { path: ['rateLimit', 'perMinute'], env: 'RATE_LIMIT_PER_MINUTE', kind: 'number' },
    { path: ['rateLimit', 'burst'], env: 'RATE_LIMIT_BURST', kind: 'number' },
    { path: ['http', 'maxBodyBytes'], env: 'HTTP_MAX_BODY_BYTES', kind: 'number' },
    { path: ['http', 'maxWait'], env: 'HTTP_MAX_WAIT', kind: 'duration' },
    { path: ['recipe'], env: 'RECIPE', kind: 'string' },
    { path: ['interval'], env: 'INTERVAL', kind: 'duration' },
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
        case 'json':
            try {
                return JSON.parse(text);
            }
            catch (err) {
                throw new ConfigError(`environment variable ${name}: not valid JSON: ${err.message}`);
            }
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
/** Routes like '/api/v1/jobs/:id'; 404 for unknown paths, 405 with Allow for a wrong method. */
class Router {
    routes = [];
    add(method, path, handler) {
        const names = [];
        const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-zA-Z]+)/g, (_m, name) => {
            names.push(name);
            return '([^/]+)';
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
                params[n] = decodeURIComponent(m[i + 1]);
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
/** The job as the API shows it (DESIGN section 4). */
function jobView(job) {
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
    if (job.error !== undefined)
        view.error = job.error;
    return view;
}
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
                platform = [...new Set(input.platform.split(',').filter(Boolean).map((p) => (0,registry/* formatPlatform */.Bq)((0,registry/* parsePlatform */.Y8)(p))))].join(',');
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
        const { job, merged } = store.enqueue(request, { source, identity: describeIdentity(identity) }, config.queue.maxQueued);
        metrics.requests.inc({ source, result: merged ? 'merged' : 'accepted' });
        deps.logger.info(merged ? 'request merged into queued job' : 'job queued', { job: job.id, image: request.image, extraTags, identity: describeIdentity(identity), source });
        if (!merged)
            deps.queued();
        return { job, merged };
    };
    const authenticate = async (ctx, accept) => {
        const identity = await deps.auth.authenticate(ctx.req.headers.authorization, accept);
        const wait = deps.rateLimiter.take(describeIdentity(identity));
        if (wait > 0)
            throw new RateLimitedError(wait);
        return identity;
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
        sendJson(ctx.res, 200, jobView(job));
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
        const wait = deps.rateLimiter.take(describeIdentity(identity));
        if (wait > 0)
            throw new RateLimitedError(wait);
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
                // A full queue is the registry's cue to retry the whole notification later.
                if (form.status === 503)
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
    requests = new Counter('cvmfs_unpack_requests_total', 'Sync requests answered, by source and result (accepted, merged, refused).');
    images = new Counter('cvmfs_unpack_images_total', 'Images processed, by status (published, updated, unchanged, failed).');
    bytesPulled = new Counter('cvmfs_unpack_pulled_bytes_total', 'Bytes downloaded from registries.');
    layerSeconds = new Histogram('cvmfs_unpack_layer_duration_seconds', 'Time to fetch and unpack one layer.', SECONDS);
    publishSeconds = new Histogram('cvmfs_unpack_publish_duration_seconds', 'Time to commit one transaction (publish).', SECONDS);
    batchSeconds = new Histogram('cvmfs_unpack_batch_duration_seconds', 'Time of one batch of jobs, start to end.', SECONDS);
    gauges = [];
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
 * are one job.
 */





/** The identity of a request for merging: same image, same set of tags, same platform. */
function mergeKey(req) {
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
  error TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs (merge_key, status);
`;
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
    get(id) {
        const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
        return row ? fromRow(row) : undefined;
    }
    /** Takes up to `limit` queued jobs, oldest first, and marks them running. */
    claimBatch(limit) {
        return this.tx(() => {
            const rows = this.db.prepare("SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT ?").all(limit);
            const at = this.now();
            const update = this.db.prepare("UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1 WHERE id = ?");
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
    countByStatus(status) {
        const row = this.db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE status = ?').get(status);
        return row.n;
    }
    /** Deletes finished jobs older than `ageMs`; returns how many. */
    prune(ageMs) {
        const result = this.db
            .prepare("DELETE FROM jobs WHERE status IN ('succeeded', 'failed') AND finished_at < ?")
            .run(this.now() - ageMs);
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
    };
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
        sync.platforms = req.platform.split(',').map(registry/* parsePlatform */.Y8);
    return sync;
}
/** The names a job publishes: its image and the image under each extra tag. */
function jobNames(req) {
    const ref = (0,reference/* parseImageRef */.Q)(req.image);
    return [(0,reference/* formatImageRef */.kL)(ref), ...req.extraTags.filter((t) => t !== ref.tag).map((t) => (0,reference/* formatImageRef */.kL)((0,reference/* withTag */.Rd)(ref, t)))];
}
/** Which of a batch's results belong to a job, and the job's outcome. */
function jobOutcome(req, results) {
    const names = new Set(jobNames(req));
    const platforms = req.platform ? new Set(req.platform.split(',').map((p) => (0,registry/* formatPlatform */.Bq)((0,registry/* parsePlatform */.Y8)(p)))) : undefined;
    const mine = results.filter((r) => names.has(r.ref) && (platforms === undefined || r.platform === undefined || platforms.has(r.platform)));
    const images = mine.map((r) => {
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
    if (failed.length === 0)
        return { status: 'succeeded', images };
    return { status: 'failed', images, error: failed.map((f) => `${f.ref}: ${f.error ?? 'failed'}`).join('; ') };
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
                await new Promise((resolve) => {
                    this.wakeUp = resolve;
                });
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
        if (this.abortRun.signal.aborted) {
            // Interrupted on purpose: nothing is lost, the jobs run again after the restart.
            store.requeue(runnable.map((j) => j.id));
            logger.warn('batch interrupted; its jobs stay queued', { jobs: runnable.map((j) => j.id) });
            return;
        }
        for (const job of runnable) {
            const outcome = results ? jobOutcome(job.request, results) : { status: 'failed', images: [], error: (0,errors/* describeError */.U)(batchError) };
            this.finish(job, outcome, logger);
        }
    }
    finish(job, outcome, logger) {
        const done = this.opts.store.finish(job.id, outcome);
        this.opts.metrics.jobs.inc({ outcome: done.status });
        const fields = { job: job.id, image: job.request.image, status: done.status, error: done.error, ms: (done.finishedAt ?? 0) - (done.startedAt ?? 0) };
        if (done.status === 'succeeded')
            logger.info('job succeeded', fields);
        else
            logger.warn('job failed', fields);
        this.opts.onFinished(done);
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
        metrics.gauge('cvmfs_unpack_queue_depth', 'Jobs waiting in the queue.', () => (store ? s.countByStatus('queued') : 0));
        metrics.gauge('cvmfs_unpack_jobs_running', 'Jobs in the batch being run.', () => worker?.running.length ?? 0);
        worker = new Worker({
            store: s,
            runSync: opts.runSync,
            batchSize: config.queue.batchSize,
            logger,
            metrics,
            onFinished: (job) => release(job.id),
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
                        ...(r.platforms?.length ? { platform: r.platforms.map(registry/* formatPlatform */.Bq).join(',') } : {}),
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
async function recipeSyncRequests(file, logger) {
    const { requests, failed } = await (0,recipe_source.recipeRequests)(file, undefined, logger);
    for (const f of failed)
        logger.warn('recipe input skipped', { image: f.ref, error: f.error });
    return requests;
}
async function serve(opts) {
    const { logger } = opts;
    const config = await loadConfig(opts.configPath, opts.env ?? process.env);
    const publisher = (0,publish/* parseTarget */.hu)(config.target, { cvmfsServer: config.cvmfsServer, cvmfsMount: config.cvmfsMount, stateDir: config.state, logger });
    const runSync = (requests, run) => (0,convert/* syncImages */.S)(requests, { publisher, logger: run.logger, onEvent: run.onEvent, signal: run.signal });
    const recipe = config.recipe;
    const agent = createAgent({
        config,
        runSync,
        logger,
        recover: () => publisher.recover(),
        loadRecipe: recipe ? () => recipeSyncRequests(recipe, logger) : undefined,
    });
    await agent.start();
    await untilStopped(opts.signal, logger, () => agent.stop(), () => agent.stop({ abort: true }));
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


/***/ })

};
