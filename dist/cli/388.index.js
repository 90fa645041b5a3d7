export const id = 388;
export const ids = [388];
export const modules = {

/***/ 1119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ chunksOf)
/* harmony export */ });
/**
 * The chunks of a byte stream one by one, as they were pushed, with at most
 * `maxQueued` bytes waiting (the stream is paused beyond that). `for await`
 * over a Readable instead hands out everything buffered at once, joined
 * into a new Buffer: a copy of the data, and garbage, on every step. Ending
 * the loop early (break, throw) destroys the stream, as `for await` does.
 */
async function* chunksOf(stream, maxQueued = 4 << 20) {
    const queue = [];
    let head = 0;
    let queued = 0;
    let ended = false;
    let error;
    let wake;
    const notify = () => {
        const w = wake;
        wake = undefined;
        w?.();
    };
    const onData = (chunk) => {
        queue.push(chunk);
        queued += chunk.length;
        if (queued >= maxQueued)
            stream.pause();
        notify();
    };
    const onEnd = () => {
        ended = true;
        notify();
    };
    const onError = (err) => {
        error ??= err;
        notify();
    };
    const onClose = () => {
        // Destroyed without an error and before the end: the data stops short.
        if (!ended)
            error ??= Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
        notify();
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    try {
        for (;;) {
            if (head < queue.length) {
                const chunk = queue[head];
                queue[head++] = undefined;
                if (head === queue.length) {
                    queue.length = 0;
                    head = 0;
                }
                queued -= chunk.length;
                if (queued < maxQueued && stream.isPaused() && !ended)
                    stream.resume();
                yield chunk;
                continue;
            }
            if (error !== undefined)
                throw error;
            if (ended)
                return;
            await new Promise((resolve) => (wake = resolve));
        }
    }
    finally {
        stream.off('data', onData);
        stream.off('end', onEnd);
        stream.off('error', onError);
        stream.off('close', onClose);
        if (!ended || error !== undefined) {
            // A late error of a stream we no longer read must not become an uncaught exception.
            stream.on('error', () => { });
            stream.destroy();
        }
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

/***/ 7481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ Authenticator)
/* harmony export */ });
/* unused harmony export tokenExpiry */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5491);
/* harmony import */ var _challenge_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4394);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6764);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8851);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9518);





const tokenResponseSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({
    token: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    access_token: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    expires_in: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().optional(),
    issued_at: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
});
const DEFAULT_EXPIRES_IN = 60;
/** When a token fetched at `now` with `expiresIn` seconds should no longer be used. */
function tokenExpiry(now, expiresIn) {
    const seconds = expiresIn !== undefined && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN;
    // Stop using it 10 s early, or halfway for very short lives.
    const margin = Math.min(10, seconds / 2);
    return now + (seconds - margin) * 1000;
}
class Authenticator {
    ctx;
    /** Per registry origin: the challenge of its ping (undefined: no auth). */
    challenges = new Map();
    tokens = new Map();
    pending = new Map();
    /** Token requests made (for tests and metrics). */
    tokenRequests = 0;
    constructor(ctx) {
        this.ctx = ctx;
    }
    now() {
        return this.ctx.now?.() ?? Date.now();
    }
    /** The Authorization header for a request to `origin` needing `scope`, or undefined. */
    async authorization(origin, registryHost, scope, signal) {
        let challenge = this.challenges.get(origin);
        if (!challenge) {
            challenge = this.ping(origin, signal);
            this.challenges.set(origin, challenge);
            challenge.catch(() => this.challenges.delete(origin));
        }
        return this.answer(origin, registryHost, await challenge, scope, signal);
    }
    /**
     * A request was refused with 401: learn the challenge it carried and drop the
     * cached token. Returns the scope to ask for next (the challenge's, else
     * ours), or undefined when there is no challenge to answer.
     */
    async refused(origin, wwwAuthenticate, scope) {
        const challenge = (0,_challenge_js__WEBPACK_IMPORTED_MODULE_4__/* .pickChallenge */ .t)((0,_challenge_js__WEBPACK_IMPORTED_MODULE_4__/* .parseChallenges */ .u)(wwwAuthenticate));
        if (!challenge)
            return undefined;
        this.challenges.set(origin, Promise.resolve(challenge));
        const next = challenge.params.scope || scope;
        for (const key of [...this.tokens.keys()]) {
            if (key.startsWith(`${origin}|`) && (key.endsWith(`|${scope}`) || key.endsWith(`|${next}`)))
                this.tokens.delete(key);
        }
        return next;
    }
    async ping(origin, signal) {
        const url = `${origin}/v2/`;
        let res;
        try {
            res = await this.ctx.dispatcher.request({ origin, path: '/v2/', method: 'GET', headers: { 'user-agent': this.ctx.userAgent }, signal: signal ?? null });
        }
        catch (err) {
            if (signal?.aborted)
                throw err;
            const tls = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .tlsProtocolHint */ .nC)(err, new URL(origin).host);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ action: `pinging ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(url)}`, method: 'GET', url: (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(url), temporary: tls === undefined, reason: tls ?? `network error: ${err.message}`, cause: err });
        }
        await res.body.dump();
        if (res.statusCode === 401)
            return (0,_challenge_js__WEBPACK_IMPORTED_MODULE_4__/* .pickChallenge */ .t)((0,_challenge_js__WEBPACK_IMPORTED_MODULE_4__/* .parseChallenges */ .u)(res.headers['www-authenticate']));
        if ((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isTemporaryStatus */ .wA)(res.statusCode)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ action: `pinging ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(url)}`, method: 'GET', url: (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(url), status: res.statusCode, temporary: true });
        }
        // 200, or anything else (some registries 404 /v2/): go on without auth and let a 401 teach us.
        return undefined;
    }
    async answer(origin, registryHost, challenge, scope, signal) {
        if (!challenge)
            return undefined;
        const cred = this.ctx.credentials?.get(registryHost);
        if (challenge.scheme === 'basic') {
            if (cred && 'username' in cred)
                return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
            return undefined;
        }
        const realm = challenge.params.realm;
        if (!realm)
            return undefined;
        const service = challenge.params.service ?? '';
        const key = `${origin}|${service}|${scope}`;
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > this.now())
            return `Bearer ${cached.token}`;
        let inflight = this.pending.get(key);
        if (!inflight) {
            inflight = this.fetchToken(origin, realm, service, scope, cred, signal).then(({ token, expiresIn }) => {
                this.tokens.set(key, { token, expiresAt: tokenExpiry(this.now(), expiresIn) });
                return token;
            });
            this.pending.set(key, inflight);
            void inflight.then(() => this.pending.delete(key), () => this.pending.delete(key));
        }
        return `Bearer ${await inflight}`;
    }
    async fetchToken(origin, realm, service, scope, cred, signal) {
        let realmUrl;
        try {
            realmUrl = new URL(realm);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ action: `fetching a token for ${scope}`, method: 'GET', url: '<invalid realm>', temporary: false, reason: 'the registry named an invalid token realm' });
        }
        // Never send credentials in clear text to a realm of an HTTPS registry.
        const mayUseCreds = realmUrl.protocol === 'https:' || origin.startsWith('http:');
        const useCreds = mayUseCreds ? cred : undefined;
        const headers = { 'user-agent': this.ctx.userAgent };
        let method = 'GET';
        let body;
        if (useCreds && 'identityToken' in useCreds) {
            method = 'POST';
            headers['content-type'] = 'application/x-www-form-urlencoded';
            body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: useCreds.identityToken, service, scope, client_id: 'cvmfs-unpack' }).toString();
        }
        else {
            if (service)
                realmUrl.searchParams.set('service', service);
            if (scope)
                realmUrl.searchParams.append('scope', scope);
            if (useCreds)
                headers.authorization = `Basic ${Buffer.from(`${useCreds.username}:${useCreds.password}`).toString('base64')}`;
        }
        const action = `fetching a token for ${scope} from ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(realmUrl)}`;
        const errorBase = { action, method, url: (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(realmUrl) };
        this.tokenRequests++;
        this.ctx.logger.debug('fetching registry token', { realm: (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactUrl */ .B)(realmUrl), scope, anonymous: !useCreds });
        let res;
        try {
            res = await this.ctx.dispatcher.request({
                origin: realmUrl.origin,
                path: realmUrl.pathname + realmUrl.search,
                method,
                headers,
                body: body ?? null,
                signal: signal ?? null,
            });
        }
        catch (err) {
            if (signal?.aborted)
                throw err;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ ...errorBase, temporary: true, reason: `network error: ${err.message}`, cause: err });
        }
        const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .readLimited */ .tk)(res.body, 1 << 20);
        if (res.statusCode !== 200) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ ...errorBase, status: res.statusCode, errors: (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .parseErrorBody */ .kW)(text), temporary: (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isTemporaryStatus */ .wA)(res.statusCode) });
        }
        let parsed;
        try {
            parsed = tokenResponseSchema.parse(JSON.parse(text.toString('utf8')));
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ ...errorBase, status: res.statusCode, temporary: false, reason: 'the token response is not valid JSON of the expected shape', cause: err });
        }
        const token = parsed.token || parsed.access_token;
        if (!token)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl({ ...errorBase, status: res.statusCode, temporary: false, reason: 'the token response holds no token' });
        return parsed.expires_in !== undefined ? { token, expiresIn: parsed.expires_in } : { token };
    }
}


/***/ }),

/***/ 4394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ pickChallenge),
/* harmony export */   u: () => (/* binding */ parseChallenges)
/* harmony export */ });
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const headers = Array.isArray(header) ? header : [header];
    return headers.flatMap(parseOne);
}
function parseOne(input) {
    const out = [];
    let rest = input;
    let current;
    const skip = (re) => {
        const m = re.exec(rest);
        if (m)
            rest = rest.slice(m[0].length);
        return m;
    };
    while (rest.length > 0) {
        skip(/^[\s,]+/);
        if (rest.length === 0)
            break;
        const name = skip(TOKEN);
        if (!name)
            return out; // malformed: keep what parsed
        const afterName = rest;
        skip(/^\s*/);
        if (rest.startsWith('=') && current) {
            rest = rest.slice(1);
            skip(/^\s*/);
            current.params[name[0].toLowerCase()] = readValue();
            continue;
        }
        rest = afterName;
        current = { scheme: name[0].toLowerCase(), params: {} };
        out.push(current);
        // A token68 after the scheme ('Negotiate abc=='), which registries do not use: skip it.
        const token68 = /^ +([A-Za-z0-9\-._~+/]+=*)\s*(?=,|$)/.exec(rest);
        if (token68)
            rest = rest.slice(token68[0].length);
    }
    return out;
    function readValue() {
        if (rest.startsWith('"')) {
            let value = '';
            let i = 1;
            for (; i < rest.length; i++) {
                const c = rest[i];
                if (c === '\\' && i + 1 < rest.length)
                    value += rest[++i];
                else if (c === '"')
                    break;
                else
                    value += c;
            }
            rest = rest.slice(i + 1);
            return value;
        }
        const m = /^[^,\s]*/.exec(rest);
        rest = rest.slice(m[0].length);
        return m[0];
    }
}
/** The challenge to answer: Bearer before Basic; undefined when neither is offered. */
function pickChallenge(challenges) {
    return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}


/***/ }),

/***/ 6764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Au: () => (/* binding */ SizeMismatchError),
/* harmony export */   Dz: () => (/* binding */ UnsupportedManifestError),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   h: () => (/* binding */ DigestMismatchError),
/* harmony export */   nC: () => (/* binding */ tlsProtocolHint),
/* harmony export */   zz: () => (/* binding */ PlatformNotFoundError)
/* harmony export */ });
const STATUS_TEXT = {
    400: 'bad request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not found',
    405: 'method not allowed',
    408: 'request timeout',
    409: 'conflict',
    416: 'range not satisfiable',
    429: 'too many requests',
    500: 'internal server error',
    502: 'bad gateway',
    503: 'service unavailable',
    504: 'gateway timeout',
};
function describeFailure(init) {
    if (init.reason)
        return init.reason;
    const status = init.status !== undefined ? String(init.status) : 'no response';
    const errors = init.errors ?? [];
    if (errors.length === 0)
        return `${status} ${STATUS_TEXT[init.status ?? 0] ?? 'unexpected status'}`;
    return `${status} ${errors.map((e) => [e.code, e.message].filter(Boolean).join(' ')).join('; ')}`;
}
class RegistryError extends Error {
    name = 'RegistryError';
    status;
    errors;
    method;
    url;
    temporary;
    retryAfterMs;
    constructor(init) {
        super(`${init.action}: ${describeFailure(init)}`, init.cause !== undefined ? { cause: init.cause } : undefined);
        if (init.status !== undefined)
            this.status = init.status;
        this.errors = init.errors ?? [];
        this.method = init.method;
        this.url = init.url;
        this.temporary = init.temporary;
        if (init.retryAfterMs !== undefined)
            this.retryAfterMs = init.retryAfterMs;
    }
    /** True when the registry said the thing does not exist (404 or a *_UNKNOWN code). */
    get notFound() {
        return this.status === 404 || this.errors.some((e) => e.code.endsWith('_UNKNOWN'));
    }
}
/** Content whose sha256 (or sha512) differs from the digest it was asked by. */
class DigestMismatchError extends Error {
    action;
    expected;
    actual;
    name = 'DigestMismatchError';
    constructor(action, expected, actual) {
        super(`${action}: digest mismatch: expected ${expected}, got ${actual}`);
        this.action = action;
        this.expected = expected;
        this.actual = actual;
    }
}
/** Content longer or shorter than its descriptor says. */
class SizeMismatchError extends Error {
    action;
    expected;
    actual;
    name = 'SizeMismatchError';
    constructor(action, expected, actual) {
        super(`${action}: size mismatch: expected ${expected} bytes, got ${actual}${actual > expected ? ' or more' : ''}`);
        this.action = action;
        this.expected = expected;
        this.actual = actual;
    }
}
/** A manifest this client cannot use (schema 1, unknown media type, invalid JSON). */
class UnsupportedManifestError extends Error {
    action;
    mediaType;
    name = 'UnsupportedManifestError';
    constructor(action, mediaType, reason, options) {
        super(`${action}: ${reason}`, options);
        this.action = action;
        this.mediaType = mediaType;
    }
}
/** The index has no manifest for the requested platform; the message lists the ones it has. */
class PlatformNotFoundError extends Error {
    action;
    wanted;
    available;
    name = 'PlatformNotFoundError';
    constructor(action, wanted, available) {
        const list = available.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'));
        super(`${action}: no manifest for platform ${[wanted.os, wanted.architecture, wanted.variant].filter(Boolean).join('/')}; available: ${list.length ? list.join(', ') : 'none'}`);
        this.action = action;
        this.wanted = wanted;
        this.available = available;
    }
}
/**
 * A TLS handshake that failed on protocol grounds ('wrong version number':
 * the server speaks plain HTTP) is no temporary failure: retrying cannot help.
 */
function tlsProtocolHint(err, registry) {
    const e = err;
    const text = `${String(e?.code ?? '')} ${String(e?.message ?? '')} ${String(e?.cause?.code ?? '')} ${String(e?.cause?.message ?? '')}`;
    if (!/wrong version number|ERR_SSL_|EPROTO|packet length too long|unknown protocol/i.test(text))
        return undefined;
    return `the TLS handshake with ${registry} failed (${/wrong version number/i.test(text) ? 'wrong version number' : 'protocol error'}): it seems to speak plain HTTP; name it http://${registry}/…, or list ${registry} in insecureRegistries (agent.yaml), CVMFS_UNPACK_INSECURE_REGISTRIES or --insecure-registry`;
}


/***/ }),

/***/ 8851:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   kW: () => (/* binding */ parseErrorBody),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   tk: () => (/* binding */ readLimited),
/* harmony export */   wA: () => (/* binding */ isTemporaryStatus),
/* harmony export */   yy: () => (/* reexport safe */ _common_sleep_js__WEBPACK_IMPORTED_MODULE_1__.y)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5491);
/* harmony import */ var _common_sleep_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7814);
/**
 * Small HTTP helpers shared by the transport: reading bounded bodies,
 * Distribution's error bodies, which statuses are temporary, Retry-After,
 * and exponential backoff with jitter.
 */

const errorBodySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    errors: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ code: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().default(''), message: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().default(''), detail: zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J().optional() })),
});
/** Reads at most `limit` bytes; the rest is discarded. */
async function readLimited(body, limit) {
    const chunks = [];
    let total = 0;
    for await (const chunk of body) {
        const buf = chunk;
        if (total + buf.length > limit) {
            chunks.push(buf.subarray(0, limit - total));
            body.destroy?.();
            break;
        }
        chunks.push(buf);
        total += buf.length;
    }
    return Buffer.concat(chunks);
}
/** The `errors` of a Distribution error body; [] for anything else. */
function parseErrorBody(body) {
    if (body.length === 0)
        return [];
    try {
        const parsed = errorBodySchema.safeParse(JSON.parse(body.toString('utf8')));
        if (!parsed.success)
            return [];
        return parsed.data.errors.map((e) => (e.detail !== undefined ? { code: e.code, message: e.message, detail: e.detail } : { code: e.code, message: e.message }));
    }
    catch {
        return [];
    }
}
/** 408, 429 and 5xx other than 501/505 are worth retrying. */
function isTemporaryStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
/** Retry-After in ms (delta seconds or an HTTP date), or undefined. */
function parseRetryAfter(value, now = Date.now()) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || v.trim() === '')
        return undefined;
    if (/^\d+$/.test(v.trim()))
        return Number(v.trim()) * 1000;
    const date = Date.parse(v);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/** Delay before retry number `attempt` (0-based): base·2^attempt, ±50 % jitter, capped. */
function backoffDelay(attempt, baseMs, maxMs, random = Math.random) {
    const exp = baseMs * 2 ** attempt;
    return Math.min(maxMs, exp * (0.5 + random()));
}



/***/ }),

/***/ 2388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CredentialStore: () => (/* reexport */ CredentialStore),
  CredentialsError: () => (/* reexport */ CredentialsError),
  DEFAULT_PLATFORM: () => (/* reexport */ DEFAULT_PLATFORM),
  DigestMismatchError: () => (/* reexport */ errors/* DigestMismatchError */.h),
  InvalidPlatformError: () => (/* reexport */ InvalidPlatformError),
  MANIFEST_ACCEPT: () => (/* reexport */ MANIFEST_ACCEPT),
  MediaTypes: () => (/* reexport */ MediaTypes),
  PlatformNotFoundError: () => (/* reexport */ errors/* PlatformNotFoundError */.zz),
  RateLimitedError: () => (/* reexport */ RateLimitedError),
  RegistryClient: () => (/* reexport */ RegistryClient),
  RegistryError: () => (/* reexport */ errors/* RegistryError */.gl),
  SizeMismatchError: () => (/* reexport */ errors/* SizeMismatchError */.Au),
  UnsupportedManifestError: () => (/* reexport */ errors/* UnsupportedManifestError */.Dz),
  availablePlatforms: () => (/* reexport */ availablePlatforms),
  envVarPrefix: () => (/* reexport */ envVarPrefix),
  formatPlatform: () => (/* reexport */ formatPlatform),
  isAttestation: () => (/* reexport */ isAttestation),
  isIndexMediaType: () => (/* reexport */ isIndexMediaType),
  isManifestMediaType: () => (/* reexport */ isManifestMediaType),
  nextLink: () => (/* reexport */ nextLink),
  normalizePlatform: () => (/* reexport */ normalizePlatform),
  normalizeRegistryHost: () => (/* reexport */ normalizeRegistryHost),
  parseChallenges: () => (/* reexport */ challenge/* parseChallenges */.u),
  parsePlatform: () => (/* reexport */ parsePlatform),
  parseRateLimitHeader: () => (/* reexport */ parseRateLimitHeader),
  pickChallenge: () => (/* reexport */ challenge/* pickChallenge */.t),
  pickManifest: () => (/* reexport */ pickManifest),
  platformMatches: () => (/* reexport */ platformMatches),
  rateLimitCause: () => (/* reexport */ rateLimitCause),
  redactUrl: () => (/* reexport */ redact/* redactUrl */.B)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/log/logger.ts
var logger = __webpack_require__(8988);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/common/chunks.ts
var common_chunks = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(8851);
;// CONCATENATED MODULE: ./src/registry/names.ts
function isDigest(reference) {
    return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference) && reference.includes(':');
}
/** 'host/repo:tag' or 'host/repo@digest' for `reference` (default: the ref's digest, else tag). */
function describeRef(ref, reference) {
    const r = reference ?? ref.digest ?? ref.tag ?? 'latest';
    return `${ref.registry}/${ref.repository}${isDigest(r) ? '@' : ':'}${r}`;
}
/** 'sha256:0123456789ab' for messages. */
function shortDigest(digest) {
    const [algo, hex] = digest.split(':');
    return hex ? `${algo}:${hex.slice(0, 12)}` : digest;
}

;// CONCATENATED MODULE: ./src/registry/blob.ts
/**
 * Streaming a blob: the chunks as they come off the connection (never copied
 * or joined), the digest and size checked while streaming (the stream fails
 * at its end with DigestMismatchError or SizeMismatchError; the last chunk is
 * only released once both match), and a connection lost mid-body resumed
 * with `Range: bytes=N-` (bounded retries).
 */






const BLOB_CHUNK = 1 << 20;
const MAX_RESUMES = 50;
function hashFor(digest, action) {
    const algo = digest.slice(0, digest.indexOf(':'));
    if (algo !== 'sha256' && algo !== 'sha512')
        throw new errors/* DigestMismatchError */.h(action, digest, `unsupported digest algorithm "${algo}"`);
    return { algo, hash: (0,external_node_crypto_.createHash)(algo) };
}
/** First byte of a `Content-Range: bytes START-END/TOTAL`, or undefined. */
function rangeStart(header) {
    const v = Array.isArray(header) ? header[0] : header;
    const m = v ? /^bytes (\d+)-/.exec(v) : null;
    return m ? Number(m[1]) : undefined;
}
function openBlobStream(transport, logger, ref, desc, opts = {}) {
    const action = `fetching blob ${desc.digest} of ${describeRef(ref)}`;
    const path = `/v2/${ref.repository}/blobs/${desc.digest}`;
    async function* chunks() {
        const { algo, hash } = hashFor(desc.digest, action);
        let received = 0;
        // Failures in a row without progress, and resumes in all: both bounded.
        let failures = 0;
        let resumes = 0;
        let receivedAtFailure = 0;
        // The chunk received last: released when the next one comes, or at the end once the digest matched.
        let held;
        for (;;) {
            const resuming = received > 0;
            const res = await transport.send({
                ref,
                path,
                action,
                headers: resuming ? { range: `bytes=${received}-` } : {},
                ok: [200, 206],
                highWaterMark: BLOB_CHUNK,
                ...(opts.signal ? { signal: opts.signal } : {}),
            });
            let skip = 0;
            if (res.status === 206) {
                const start = rangeStart(res.headers['content-range']);
                if (start !== received) {
                    await res.body.dump();
                    throw new errors/* RegistryError */.gl({ action, method: 'GET', url: res.url, status: 206, temporary: false, reason: `asked for bytes from ${received}, got a range starting at ${start ?? 'an unknown offset'}` });
                }
            }
            else if (resuming) {
                skip = received; // the server ignored Range: drop what we already have
            }
            try {
                for await (const c of (0,common_chunks/* chunksOf */.U)(res.body)) {
                    let chunk = c;
                    if (skip > 0) {
                        if (chunk.length <= skip) {
                            skip -= chunk.length;
                            continue;
                        }
                        chunk = chunk.subarray(skip);
                        skip = 0;
                    }
                    received += chunk.length;
                    if (received > desc.size)
                        throw new errors/* SizeMismatchError */.Au(action, desc.size, received);
                    hash.update(chunk);
                    opts.onProgress?.(received);
                    const previous = held;
                    held = chunk;
                    if (previous !== undefined)
                        yield previous;
                }
            }
            catch (err) {
                if (err instanceof errors/* SizeMismatchError */.Au || opts.signal?.aborted)
                    throw err;
                failures = received > receivedAtFailure ? 1 : failures + 1;
                receivedAtFailure = received;
                resumes++;
                if (failures > transport.retries || resumes > MAX_RESUMES) {
                    const reason = `connection lost after ${received} of ${desc.size} bytes (${resumes} times): ${err.message}`;
                    throw new errors/* RegistryError */.gl({ action, method: 'GET', url: res.url, temporary: true, reason, cause: err });
                }
                logger.debug('resuming blob download', { digest: desc.digest, received, size: desc.size, attempt: resumes });
                await (0,http/* sleep */.yy)(transport.retryDelay(failures - 1), opts.signal);
                continue;
            }
            break;
        }
        if (received !== desc.size)
            throw new errors/* SizeMismatchError */.Au(action, desc.size, received);
        const actual = `${algo}:${hash.digest('hex')}`;
        if (actual !== desc.digest)
            throw new errors/* DigestMismatchError */.h(action, desc.digest, actual);
        if (held !== undefined)
            yield held;
    }
    return external_node_stream_.Readable.from(chunks(), { objectMode: false, highWaterMark: BLOB_CHUNK });
}
/** A small blob (a config) read whole, with its digest and size checked; a body cut short is fetched again. */
async function readBlob(transport, ref, desc, action, limit, signal) {
    if (desc.size > limit)
        throw new errors/* SizeMismatchError */.Au(action, limit, desc.size);
    for (let attempt = 0;; attempt++) {
        const res = await transport.send({ ref, path: `/v2/${ref.repository}/blobs/${desc.digest}`, action, ...(signal ? { signal } : {}) });
        const chunks = [];
        let total = 0;
        try {
            for await (const c of res.body) {
                const chunk = c;
                total += chunk.length;
                if (total > desc.size)
                    break;
                chunks.push(chunk);
            }
        }
        catch (err) {
            if (signal?.aborted || attempt >= transport.retries) {
                throw new errors/* RegistryError */.gl({ action, method: 'GET', url: res.url, temporary: true, reason: `connection lost: ${err.message}`, cause: err });
            }
            await (0,http/* sleep */.yy)(transport.retryDelay(attempt), signal);
            continue;
        }
        if (total !== desc.size) {
            res.body.destroy();
            throw new errors/* SizeMismatchError */.Au(action, desc.size, total);
        }
        const data = Buffer.concat(chunks);
        const { algo, hash } = hashFor(desc.digest, action);
        const actual = `${algo}:${hash.update(data).digest('hex')}`;
        if (actual !== desc.digest)
            throw new errors/* DigestMismatchError */.h(action, desc.digest, actual);
        return data;
    }
}

;// CONCATENATED MODULE: ./src/registry/platform.ts
const DEFAULT_PLATFORM = { os: 'linux', architecture: 'amd64' };
class InvalidPlatformError extends Error {
    name = 'InvalidPlatformError';
}
const ARCH_ALIASES = {
    x86_64: { architecture: 'amd64' },
    'x86-64': { architecture: 'amd64' },
    aarch64: { architecture: 'arm64' },
    armhf: { architecture: 'arm', variant: 'v7' },
    armel: { architecture: 'arm', variant: 'v6' },
    i386: { architecture: '386' },
    i686: { architecture: '386' },
};
const PART = /^[a-z0-9_.-]+$/;
/** 'os/arch[/variant]' → Platform. */
function parsePlatform(s) {
    const parts = s.trim().toLowerCase().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !PART.test(p))) {
        throw new InvalidPlatformError(`${JSON.stringify(s)} is not a platform: expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8`);
    }
    const [os, architecture, variant] = parts;
    return variant ? { os, architecture, variant } : { os, architecture };
}
function formatPlatform(p) {
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
/** Aliases resolved and the default variant filled in (arm64 → v8, arm → v7). */
function normalizePlatform(p) {
    const os = p.os.toLowerCase();
    let architecture = p.architecture.toLowerCase();
    let variant = p.variant?.toLowerCase() || undefined;
    const alias = ARCH_ALIASES[architecture];
    if (alias) {
        architecture = alias.architecture;
        variant ??= alias.variant;
    }
    if (architecture === 'arm64' && (variant === undefined || variant === '8'))
        variant = 'v8';
    if (architecture === 'arm' && variant === undefined)
        variant = 'v7';
    if (architecture === 'arm' && /^[5-8]$/.test(variant ?? ''))
        variant = `v${variant}`;
    if (architecture === 'amd64' && variant === 'v1')
        variant = undefined;
    return variant ? { os, architecture, variant } : { os, architecture };
}
/** Whether an index entry's platform satisfies the wanted one. */
function platformMatches(wanted, candidate) {
    const w = normalizePlatform(wanted);
    const c = normalizePlatform(candidate);
    if (w.os !== c.os || w.architecture !== c.architecture)
        return false;
    // No variant wanted (after defaults) accepts any; pickManifest prefers the entry without one.
    return w.variant === undefined || w.variant === c.variant;
}
function isAttestation(d) {
    return (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown') || d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
}
/**
 * The index entry for `wanted`, or undefined. An exact variant match wins over
 * an entry without a variant constraint; among equals the first entry wins.
 */
function pickManifest(manifests, wanted) {
    const candidates = manifests.filter((d) => d.platform && !isAttestation(d) && platformMatches(wanted, d.platform));
    if (candidates.length <= 1)
        return candidates[0];
    const w = normalizePlatform(wanted);
    // Prefer no variant (baseline) when none was asked for, e.g. plain amd64 over amd64/v3.
    const exact = candidates.find((d) => normalizePlatform(d.platform).variant === w.variant);
    return exact ?? candidates[0];
}
/** Platforms an index offers (attestations left out), for error messages. */
function availablePlatforms(manifests) {
    return manifests.filter((d) => d.platform && !isAttestation(d)).map((d) => d.platform);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/registry/schema.ts
/**
 * zod schemas for the registry's JSON: manifests, indexes, image configs and
 * tag lists. Unknown keys are dropped from the parsed value; the raw bytes
 * are kept beside it wherever they matter.
 */

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const platformSchema = schemas/* object */.Ikc({
    os: schemas/* string */.YjP(),
    architecture: schemas/* string */.YjP(),
    variant: schemas/* string */.YjP().optional(),
});
const descriptorSchema = schemas/* object */.Ikc({
    mediaType: schemas/* string */.YjP(),
    digest: schemas/* string */.YjP().regex(DIGEST, 'not a digest'),
    size: schemas/* number */.aig().int().nonnegative(),
    urls: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    platform: platformSchema.optional(),
});
const manifestSchema = schemas/* object */.Ikc({
    schemaVersion: schemas/* literal */.euz(2),
    mediaType: schemas/* string */.YjP().optional(),
    config: descriptorSchema,
    layers: schemas/* array */.YOg(descriptorSchema),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
});
const indexSchema = schemas/* object */.Ikc({
    schemaVersion: schemas/* literal */.euz(2),
    mediaType: schemas/* string */.YjP().optional(),
    manifests: schemas/* array */.YOg(descriptorSchema),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
});
const stringList = schemas/* array */.YOg(schemas/* string */.YjP()).nullable().optional();
const configSchema = schemas/* object */.Ikc({
    architecture: schemas/* string */.YjP().optional(),
    os: schemas/* string */.YjP().optional(),
    variant: schemas/* string */.YjP().optional(),
    created: schemas/* string */.YjP().optional(),
    config: schemas/* object */.Ikc({
        Env: stringList,
        Entrypoint: stringList,
        Cmd: stringList,
        WorkingDir: schemas/* string */.YjP().optional(),
        User: schemas/* string */.YjP().optional(),
        Labels: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).nullable().optional(),
    })
        .nullable()
        .optional()
        .transform((c) => c ?? undefined),
    rootfs: schemas/* object */.Ikc({ type: schemas/* string */.YjP(), diff_ids: schemas/* array */.YOg(schemas/* string */.YjP().regex(DIGEST, 'not a digest')) }),
    history: schemas/* array */.YOg(schemas/* unknown */.L5J()).optional(),
});
const tagListSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP().optional(),
    tags: schemas/* array */.YOg(schemas/* string */.YjP()).nullable().optional(),
});
/** The parsed config with `undefined` keys left out (exactOptionalPropertyTypes-safe). */
function toImageConfig(parsed) {
    const out = { rootfs: parsed.rootfs };
    if (parsed.architecture !== undefined)
        out.architecture = parsed.architecture;
    if (parsed.os !== undefined)
        out.os = parsed.os;
    if (parsed.variant !== undefined)
        out.variant = parsed.variant;
    if (parsed.created !== undefined)
        out.created = parsed.created;
    if (parsed.config !== undefined) {
        const c = parsed.config;
        out.config = {};
        if (c.Env !== undefined)
            out.config.Env = c.Env;
        if (c.Entrypoint !== undefined)
            out.config.Entrypoint = c.Entrypoint;
        if (c.Cmd !== undefined)
            out.config.Cmd = c.Cmd;
        if (c.WorkingDir !== undefined)
            out.config.WorkingDir = c.WorkingDir;
        if (c.User !== undefined)
            out.config.User = c.User;
        if (c.Labels !== undefined)
            out.config.Labels = c.Labels;
    }
    if (parsed.history !== undefined)
        out.history = parsed.history;
    return out;
}

;// CONCATENATED MODULE: ./src/registry/dispatcher.ts
/** More than this is not read to keep a connection: the connection is closed instead. */
const DUMP_LIMIT = 256 * 1024;
class NodeHttpDispatcher {
    opts;
    clients = new Map();
    constructor(opts) {
        this.opts = opts;
    }
    async client(protocol) {
        const known = this.clients.get(protocol);
        if (known)
            return known;
        if (protocol !== 'http:' && protocol !== 'https:')
            throw new Error(`unsupported protocol ${protocol}`);
        // Loaded on first use: a run that talks only to plain-HTTP registries never loads TLS.
        const mod = protocol === 'https:' ? (await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23))) : await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7067, 23));
        const agent = new mod.Agent({ keepAlive: true, maxSockets: this.opts.connections, scheduling: 'lifo' });
        const c = { mod, agent };
        this.clients.set(protocol, c);
        return c;
    }
    async request(o) {
        const url = new URL(o.path, o.origin);
        const { mod, agent } = await this.client(url.protocol);
        o.signal?.throwIfAborted();
        return new Promise((resolve, reject) => {
            const req = mod.request(url, { method: o.method, headers: o.headers ?? {}, agent, ...(o.signal ? { signal: o.signal } : {}) }, (res) => {
                const body = res;
                body.dump = () => dump(res);
                resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body });
            });
            req.setTimeout(this.opts.idleTimeoutMs, () => req.destroy(new Error(`no data for ${this.opts.idleTimeoutMs} ms`)));
            req.on('error', reject);
            req.end(o.body ?? undefined);
        });
    }
    async close() {
        for (const { agent } of this.clients.values())
            agent.destroy();
        this.clients.clear();
    }
}
/** Reads and discards a small body; a large one closes its connection instead. */
function dump(res) {
    return new Promise((resolve) => {
        if (res.complete || res.destroyed) {
            resolve();
            return;
        }
        let seen = 0;
        res.on('data', (chunk) => {
            seen += chunk.length;
            if (seen > DUMP_LIMIT)
                res.destroy();
        });
        res.on('error', () => resolve());
        res.on('close', () => resolve());
        res.on('end', () => resolve());
        res.resume();
    });
}

// EXTERNAL MODULE: ./src/registry/auth.ts
var auth = __webpack_require__(7481);
// EXTERNAL MODULE: ./src/registry/redact.ts
var redact = __webpack_require__(9518);
// EXTERNAL MODULE: ./src/common/sleep.ts
var sleep = __webpack_require__(7814);
;// CONCATENATED MODULE: ./src/registry/rate-limit.ts


/** The wait for a registry's rate limit is longer than the caller allows: try again at `retryAt`. */
class RateLimitedError extends errors/* RegistryError */.gl {
    name = 'RateLimitedError';
    registry;
    /** When the registry should take requests again (ms since the epoch). */
    retryAt;
    constructor(init) {
        super({
            action: init.action,
            method: init.method,
            url: init.url,
            status: 429,
            temporary: true,
            reason: `${init.why}; try again after ${new Date(init.retryAt).toISOString()}`,
            retryAfterMs: Math.max(0, init.retryAt - Date.now()),
            ...(init.cause !== undefined ? { cause: init.cause } : {}),
        });
        this.registry = init.registry;
        this.retryAt = init.retryAt;
    }
}
/** The RateLimitedError behind `err` (itself or one of its causes), if any. */
function rateLimitCause(err) {
    for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++)
        if (e instanceof RateLimitedError)
            return e;
    return undefined;
}
/** `76;w=21600` → { value: 76, windowSeconds: 21600 }; a plain number has no window. */
function parseRateLimitHeader(value) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined)
        return undefined;
    const [first, ...params] = v.split(';');
    if (!first || !/^\s*\d+\s*$/.test(first))
        return undefined;
    const out = { value: Number(first.trim()) };
    for (const p of params) {
        const m = /^\s*w\s*=\s*(\d+)\s*$/.exec(p);
        if (m && Number(m[1]) > 0)
            out.windowSeconds = Number(m[1]);
    }
    return out;
}
const FALLBACK_PAUSE_MS = 5_000;
class RegistryPacer {
    logger;
    now;
    hosts = new Map();
    constructor(logger, now = Date.now) {
        this.logger = logger;
        this.now = now;
    }
    /** The state of every registry talked to, for logs and metrics (copies). */
    states() {
        return [...this.hosts.values()].map((s) => ({ ...s, requests: { ...s.requests } }));
    }
    state(registry) {
        let s = this.hosts.get(registry);
        if (!s) {
            s = { registry, pausedUntil: 0, requests: { 'manifest-head': 0, 'manifest-get': 0, tags: 0, blob: 0, other: 0 }, limited: 0, carried: 0, waitedMs: 0, observedAt: 0, nextPullAt: 0 };
            this.hosts.set(registry, s);
        }
        return s;
    }
    /** How long one pull takes to come back in the registry's window (undefined when it never said). */
    regainMs(s) {
        if (!s.limit || !s.windowSeconds)
            return undefined;
        return Math.ceil((s.windowSeconds * 1000) / s.limit);
    }
    /** The window gives pulls back over time (one per window/limit), also when the registry has not said so since. */
    refill(s, now) {
        const regain = this.regainMs(s);
        if (s.remaining === undefined || !regain || !s.limit || s.remaining >= s.limit)
            return;
        const back = Math.floor((now - s.observedAt) / regain);
        if (back <= 0)
            return;
        s.remaining = Math.min(s.limit, s.remaining + back);
        s.observedAt += back * regain;
    }
    /**
     * Before a request to `registry`: waits while the registry is paused, and
     * for a pull while none is left, as long as the wait is at most
     * `maxWaitMs`; otherwise throws RateLimitedError. Then counts the request.
     */
    async before(registry, kind, maxWaitMs, signal, what) {
        const s = this.state(registry);
        const now = this.now();
        this.refill(s, now);
        let until = s.pausedUntil;
        let why = `${registry} answered 429 too many requests`;
        let slot;
        if (kind === 'manifest-get' && s.remaining !== undefined && s.remaining <= 0) {
            // None left: this pull takes the next one the window gives back (one per window/limit).
            slot = Math.max(now, s.nextPullAt) + (this.regainMs(s) ?? FALLBACK_PAUSE_MS);
            if (slot > until) {
                until = slot;
                why = `the pull limit of ${registry} is used up (${s.limit ?? '?'} per ${s.windowSeconds ? `${s.windowSeconds} s` : 'window'})`;
            }
        }
        if (until > now) {
            if (until - now > maxWaitMs) {
                s.carried++;
                throw new RateLimitedError({ ...what, registry, retryAt: until, why });
            }
            if (slot !== undefined)
                s.nextPullAt = slot;
            this.logger.info('waiting for the registry rate limit', { registry, action: what.action, waitMs: until - now, remaining: s.remaining, limit: s.limit });
            await (0,sleep/* sleep */.y)(until - now, signal);
            s.waitedMs += until - now;
        }
        s.requests[kind]++;
        if (kind === 'manifest-get' && s.remaining !== undefined && s.remaining > 0)
            s.remaining--;
    }
    /** After an answer from `registry`: learns its rate-limit headers; a 429 pauses it. */
    observe(registry, status, headers, retryAfterMs) {
        const s = this.state(registry);
        const limit = parseRateLimitHeader(headers['ratelimit-limit']);
        const remaining = parseRateLimitHeader(headers['ratelimit-remaining']);
        if (limit) {
            s.limit = limit.value;
            if (limit.windowSeconds)
                s.windowSeconds = limit.windowSeconds;
        }
        if (remaining) {
            s.remaining = remaining.value;
            s.observedAt = this.now();
            s.nextPullAt = 0;
            if (remaining.windowSeconds)
                s.windowSeconds = remaining.windowSeconds;
        }
        if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
            s.limited++;
            const pause = retryAfterMs ?? (status === 429 ? this.regainMs(s) : undefined) ?? FALLBACK_PAUSE_MS;
            const until = this.now() + pause;
            if (until > s.pausedUntil) {
                s.pausedUntil = until;
                this.logger.warn('registry rate limit: pausing requests to it', { registry, status, pauseMs: pause, remaining: s.remaining, limit: s.limit, windowSeconds: s.windowSeconds });
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/registry/transport.ts






const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 64 * 1024;
class Transport {
    opts;
    auth;
    pacer;
    constructor(opts) {
        this.opts = opts;
        this.pacer = new RegistryPacer(opts.logger);
        this.auth = new auth/* Authenticator */.k({
            dispatcher: opts.dispatcher,
            userAgent: opts.userAgent,
            logger: opts.logger,
            ...(opts.credentials ? { credentials: opts.credentials } : {}),
        });
    }
    /** One exchange with retries of temporary failures. Throws RegistryError for any other status. */
    async send(req) {
        const retries = req.retry === false ? 0 : this.opts.retries;
        for (let attempt = 0;; attempt++) {
            try {
                return await this.once(req);
            }
            catch (err) {
                if (!(err instanceof errors/* RegistryError */.gl) || err instanceof RateLimitedError || !err.temporary || attempt >= retries || req.signal?.aborted)
                    throw err;
                // After a 429 the pacer holds back every request to the registry (see once); no second wait here.
                const delay = err.status === 429 ? 0 : this.retryDelay(attempt, err.retryAfterMs);
                this.opts.logger.debug('retrying registry request', { action: req.action, attempt: attempt + 1, delayMs: Math.round(delay), reason: err.message });
                await (0,http/* sleep */.yy)(delay, req.signal);
            }
        }
    }
    /** How long to wait before retry `attempt` (0-based); Retry-After wins but is capped. */
    retryDelay(attempt, retryAfterMs) {
        if (retryAfterMs !== undefined)
            return Math.min(retryAfterMs, this.opts.retryMaxDelayMs);
        return (0,http/* backoffDelay */.EY)(attempt, this.opts.retryBaseMs, this.opts.retryMaxDelayMs);
    }
    get retries() {
        return this.opts.retries;
    }
    /** The Authorization header; a failed ping or token request is reported as part of `req.action`. */
    async authorize(req, origin, scope) {
        try {
            return await this.auth.authorization(origin, req.ref.registry, scope, req.signal);
        }
        catch (err) {
            if (!(err instanceof errors/* RegistryError */.gl))
                throw err;
            throw new errors/* RegistryError */.gl({
                action: req.action,
                method: err.method,
                url: err.url,
                ...(err.status !== undefined ? { status: err.status } : {}),
                errors: err.errors,
                temporary: err.temporary,
                reason: err.message,
                ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
                cause: err,
            });
        }
    }
    async once(req) {
        const origin = new URL((0,reference/* registryBaseUrl */.mO)(req.ref, this.opts.insecureRegistries)).origin;
        const method = req.method ?? 'GET';
        const ok = req.ok ?? [200];
        let scope = `repository:${req.ref.repository}:pull`;
        let url = new URL(req.path, origin);
        let reauthenticated = false;
        await this.pacer.before(req.ref.registry, requestKind(method, req.path), this.opts.rateLimitMaxWaitMs ?? this.opts.retryMaxDelayMs, req.signal, {
            action: req.action,
            method,
            url: (0,redact/* redactUrl */.B)(url),
        });
        for (let hops = 0;;) {
            const sameOrigin = url.origin === origin;
            const headers = { 'user-agent': this.opts.userAgent, ...req.headers };
            // Credentials belong to the registry's origin: never to a redirect target such as blob storage.
            if (sameOrigin) {
                const authorization = await this.authorize(req, origin, scope);
                if (authorization)
                    headers.authorization = authorization;
            }
            let res;
            try {
                res = await this.opts.dispatcher.request({
                    origin: url.origin,
                    path: url.pathname + url.search,
                    method,
                    headers,
                    signal: req.signal ?? null,
                    ...(req.highWaterMark ? { highWaterMark: req.highWaterMark } : {}),
                });
            }
            catch (err) {
                if (req.signal?.aborted)
                    throw err;
                const tls = (0,errors/* tlsProtocolHint */.nC)(err, req.ref.registry);
                const reason = tls ?? `network error: ${err.message}`;
                throw new errors/* RegistryError */.gl({ action: req.action, method, url: (0,redact/* redactUrl */.B)(url), temporary: tls === undefined, reason, cause: err });
            }
            if (sameOrigin)
                this.pacer.observe(req.ref.registry, res.statusCode, res.headers, (0,http/* parseRetryAfter */.mu)(res.headers['retry-after']));
            const location = res.headers.location;
            if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
                await res.body.dump();
                if (++hops > MAX_REDIRECTS) {
                    throw new errors/* RegistryError */.gl({ action: req.action, method, url: (0,redact/* redactUrl */.B)(url), status: res.statusCode, temporary: false, reason: `more than ${MAX_REDIRECTS} redirects` });
                }
                url = new URL(location, url);
                continue;
            }
            if (res.statusCode === 401 && sameOrigin && !reauthenticated) {
                await res.body.dump();
                const challengeScope = await this.auth.refused(origin, res.headers['www-authenticate'], scope);
                if (challengeScope !== undefined) {
                    reauthenticated = true;
                    scope = challengeScope;
                    continue;
                }
                throw new errors/* RegistryError */.gl({ action: req.action, method, url: (0,redact/* redactUrl */.B)(url), status: 401, temporary: false });
            }
            if (ok.includes(res.statusCode))
                return { status: res.statusCode, headers: res.headers, body: res.body, url: (0,redact/* redactUrl */.B)(url) };
            const body = method === 'HEAD' ? Buffer.alloc(0) : await (0,http/* readLimited */.tk)(res.body, ERROR_BODY_LIMIT);
            const retryAfterMs = (0,http/* parseRetryAfter */.mu)(res.headers['retry-after']);
            throw new errors/* RegistryError */.gl({
                action: req.action,
                method,
                url: (0,redact/* redactUrl */.B)(url),
                status: res.statusCode,
                errors: (0,http/* parseErrorBody */.kW)(body),
                temporary: (0,http/* isTemporaryStatus */.wA)(res.statusCode),
                ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            });
        }
    }
}
/** What a request is, for the pacer (Docker Hub counts manifest GETs as pulls). */
function requestKind(method, path) {
    const p = path.split('?')[0];
    if (p.includes('/manifests/'))
        return method === 'HEAD' ? 'manifest-head' : 'manifest-get';
    if (p.endsWith('/tags/list'))
        return 'tags';
    if (p.includes('/blobs/'))
        return 'blob';
    return 'other';
}

;// CONCATENATED MODULE: ./src/registry/types.ts
const MediaTypes = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
    dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
};
/** Sent with every manifest request: without it Distribution 404s OCI manifests and downgrades Docker ones to schema 1. */
const MANIFEST_ACCEPT = [MediaTypes.ociManifest, MediaTypes.ociIndex, MediaTypes.dockerManifest, MediaTypes.dockerList].join(', ');
function isIndexMediaType(mediaType) {
    return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerList;
}
function isManifestMediaType(mediaType) {
    return mediaType === MediaTypes.ociManifest || mediaType === MediaTypes.dockerManifest;
}
function isSchema1MediaType(mediaType) {
    return mediaType === MediaTypes.dockerSchema1 || mediaType === MediaTypes.dockerSchema1Signed;
}

;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * The OCI distribution client: manifests (digest-verified), resolution of an
 * index to the manifest and config of one platform, tag lists with Link
 * pagination, and verified, resumable blob streams. Built on Node's own
 * HTTP client with keep-alive connections (dispatcher.ts); see transport.ts for auth, redirects and retries.
 */












const MANIFEST_LIMIT = 4 << 20;
const CONFIG_LIMIT = 16 << 20;
const MAX_TAG_PAGES = 10_000;
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
function digestOf(data, algo) {
    return `${algo}:${(0,external_node_crypto_.createHash)(algo).update(data).digest('hex')}`;
}
/** The media type of a manifest: Content-Type, else its `mediaType` field, else guessed from its shape. */
function manifestMediaType(contentType, json) {
    const header = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase();
    if (header && header !== 'application/json' && header !== 'text/plain' && header !== 'application/octet-stream')
        return header;
    if (typeof json.mediaType === 'string')
        return json.mediaType;
    if (json.schemaVersion === 1)
        return MediaTypes.dockerSchema1Signed;
    if (Array.isArray(json.manifests))
        return MediaTypes.ociIndex;
    return MediaTypes.ociManifest;
}
/** The `rel="next"` target of a Link header, or undefined. */
function nextLink(link) {
    const values = Array.isArray(link) ? link : link ? [link] : [];
    for (const value of values) {
        for (const part of value.split(/,(?=\s*<)/)) {
            const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
            if (m && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/i.test(m[2]))
                return m[1];
        }
    }
    return undefined;
}
class RegistryClient {
    transport;
    logger;
    ownAgent;
    tagPageSize;
    constructor(opts = {}) {
        this.logger = opts.logger ?? logger/* nullLogger */.G;
        this.tagPageSize = opts.tagPageSize;
        this.ownAgent = opts.dispatcher ? undefined : new NodeHttpDispatcher({ connections: 8, idleTimeoutMs: 120_000 });
        this.transport = new Transport({
            dispatcher: opts.dispatcher ?? this.ownAgent,
            ...(opts.credentials ? { credentials: opts.credentials } : {}),
            userAgent: opts.userAgent ?? 'cvmfs-unpack',
            logger: this.logger,
            retries: opts.retries ?? 4,
            retryBaseMs: opts.retryBaseMs ?? 500,
            retryMaxDelayMs: opts.retryMaxDelayMs ?? 30_000,
            ...(opts.rateLimitMaxWaitMs !== undefined ? { rateLimitMaxWaitMs: opts.rateLimitMaxWaitMs } : {}),
            insecureRegistries: opts.insecureRegistries ?? (0,reference/* insecureRegistriesFromEnv */.zE)(),
        });
    }
    /** Token requests made so far (each cache miss is one). */
    get tokenRequests() {
        return this.transport.auth.tokenRequests;
    }
    /**
     * Per registry host: requests sent by kind, its rate limit as last seen
     * (Docker Hub's ratelimit-limit / ratelimit-remaining), 429s received,
     * time spent waiting, requests carried over (for logs and metrics).
     */
    rateLimits() {
        return this.transport.pacer.states();
    }
    /** Closes the client's keep-alive connections. */
    async close() {
        await this.ownAgent?.close();
    }
    /**
     * The manifest `reference` (a tag or digest; default the ref's digest, else
     * its tag) as the registry serves it, its digest checked against the bytes.
     */
    async fetchManifest(ref, reference, opts = {}) {
        const r = reference ?? ref.digest ?? ref.tag ?? 'latest';
        const action = `fetching manifest ${describeRef(ref, r)}`;
        const res = await this.transport.send({
            ref,
            path: `/v2/${ref.repository}/manifests/${r}`,
            action,
            headers: { accept: MANIFEST_ACCEPT },
            ...(opts.signal ? { signal: opts.signal } : {}),
        });
        const raw = await (0,http/* readLimited */.tk)(res.body, MANIFEST_LIMIT + 1);
        if (raw.length > MANIFEST_LIMIT)
            throw new errors/* UnsupportedManifestError */.Dz(action, '', `the manifest is larger than ${MANIFEST_LIMIT} bytes`);
        const computed = sha256(raw);
        let digest = computed;
        if (isDigest(r)) {
            const algo = r.slice(0, r.indexOf(':'));
            const actual = algo === 'sha256' ? computed : algo === 'sha512' ? digestOf(raw, algo) : undefined;
            if (actual !== r)
                throw new errors/* DigestMismatchError */.h(action, r, actual ?? `unsupported digest algorithm "${algo}"`);
            digest = r;
        }
        const header = res.headers['docker-content-digest'];
        const served = Array.isArray(header) ? header[0] : header;
        if (served?.startsWith('sha256:') && served !== computed)
            throw new errors/* DigestMismatchError */.h(action, served, computed);
        let json;
        try {
            const parsed = JSON.parse(raw.toString('utf8'));
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                throw new Error('not a JSON object');
            json = parsed;
        }
        catch (err) {
            throw new errors/* UnsupportedManifestError */.Dz(action, '', 'the manifest is not a JSON object', { cause: err });
        }
        const mediaType = manifestMediaType(res.headers['content-type'], json);
        if (isSchema1MediaType(mediaType) || json.schemaVersion === 1) {
            throw new errors/* UnsupportedManifestError */.Dz(action, mediaType, `the registry serves a Docker image manifest schema 1 (${mediaType}), which is deprecated and not supported; push the image again with a current docker, buildah or skopeo (schema 2 or OCI)`);
        }
        return { digest, mediaType, raw };
    }
    /**
     * The digest, media type and size of a manifest from a HEAD request (no body;
     * Docker Hub does not count HEADs against its pull rate limit). `digest` is
     * undefined when the registry sends no Docker-Content-Digest.
     */
    async headManifest(ref, reference, opts = {}) {
        const r = reference ?? ref.digest ?? ref.tag ?? 'latest';
        const res = await this.transport.send({
            ref,
            method: 'HEAD',
            path: `/v2/${ref.repository}/manifests/${r}`,
            action: `checking manifest ${describeRef(ref, r)}`,
            headers: { accept: MANIFEST_ACCEPT },
            ...(opts.signal ? { signal: opts.signal } : {}),
        });
        await res.body.dump();
        const one = (h) => (Array.isArray(h) ? h[0] : h);
        const digest = one(res.headers['docker-content-digest']);
        const mediaType = one(res.headers['content-type'])?.split(';')[0]?.trim();
        const length = Number(one(res.headers['content-length']));
        return {
            ...(digest ? { digest } : {}),
            ...(mediaType ? { mediaType } : {}),
            ...(Number.isFinite(length) && one(res.headers['content-length']) !== undefined ? { size: length } : {}),
        };
    }
    /** Index → the manifest for `platform` (default linux/amd64) → config, each verified and validated. */
    async resolve(ref, opts = {}) {
        const signalOpt = opts.signal ? { signal: opts.signal } : {};
        const top = opts.top ?? (await this.fetchManifest(ref, undefined, signalOpt));
        const wanted = opts.platform ?? DEFAULT_PLATFORM;
        let manifest = top;
        let indexDigest;
        let platform;
        if (isIndexMediaType(top.mediaType)) {
            const action = `resolving ${describeRef(ref, top.digest)} for platform ${formatPlatform(wanted)}`;
            const index = this.parse(indexSchema, top, action, 'image index');
            const entry = pickManifest(index.manifests, wanted);
            if (!entry)
                throw new errors/* PlatformNotFoundError */.zz(action, wanted, availablePlatforms(index.manifests));
            indexDigest = top.digest;
            platform = entry.platform;
            manifest = await this.fetchManifest(ref, entry.digest, signalOpt);
            if (manifest.raw.length !== entry.size)
                throw new errors/* SizeMismatchError */.Au(`fetching manifest ${describeRef(ref, entry.digest)}`, entry.size, manifest.raw.length);
        }
        const manifestAction = `reading manifest ${describeRef(ref, manifest.digest)}`;
        if (!isManifestMediaType(manifest.mediaType)) {
            throw new errors/* UnsupportedManifestError */.Dz(manifestAction, manifest.mediaType, `unsupported manifest media type ${manifest.mediaType} (expected an OCI or Docker v2 image manifest or index)`);
        }
        const parsed = this.parse(manifestSchema, manifest, manifestAction, 'image manifest');
        const configDesc = parsed.config;
        const configAction = `fetching config ${configDesc.digest} of ${describeRef(ref)}`;
        const configRaw = await readBlob(this.transport, ref, configDesc, configAction, CONFIG_LIMIT, opts.signal);
        let configJson;
        try {
            configJson = JSON.parse(configRaw.toString('utf8'));
        }
        catch (err) {
            throw new errors/* UnsupportedManifestError */.Dz(configAction, configDesc.mediaType, 'the image config is not valid JSON', { cause: err });
        }
        const config = configSchema.safeParse(configJson);
        if (!config.success) {
            throw new errors/* UnsupportedManifestError */.Dz(configAction, configDesc.mediaType, `the image config is invalid: ${config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        }
        const imageConfig = toImageConfig(config.data);
        if (!platform) {
            platform = {
                os: imageConfig.os ?? wanted.os,
                architecture: imageConfig.architecture ?? wanted.architecture,
                ...(imageConfig.variant ? { variant: imageConfig.variant } : {}),
            };
            if (opts.platform && normalizePlatform(platform).architecture !== normalizePlatform(wanted).architecture) {
                this.logger.warn('single-platform image does not match the requested platform', { image: describeRef(ref), wanted: formatPlatform(wanted), has: formatPlatform(platform) });
            }
        }
        return {
            ref,
            topDigest: top.digest,
            ...(indexDigest ? { indexDigest } : {}),
            manifestDigest: manifest.digest,
            manifestMediaType: manifest.mediaType,
            manifestRaw: manifest.raw,
            manifest: parsed,
            configDigest: configDesc.digest,
            configRaw,
            config: imageConfig,
            platform,
        };
    }
    /** Every tag of the repository, following `Link: <…>; rel="next"` pages. */
    async listTags(ref, opts = {}) {
        const action = `listing tags of ${ref.registry}/${ref.repository}`;
        const n = opts.pageSize ?? this.tagPageSize;
        let path = `/v2/${ref.repository}/tags/list${n ? `?n=${n}` : ''}`;
        const tags = [];
        const seen = new Set();
        for (let page = 0; path !== undefined; page++) {
            if (page >= MAX_TAG_PAGES || seen.has(path))
                throw new errors/* RegistryError */.gl({ action, method: 'GET', url: path, temporary: false, reason: 'the tag list pagination does not end' });
            seen.add(path);
            const res = await this.transport.send({ ref, path, action, headers: { accept: 'application/json' }, ...(opts.signal ? { signal: opts.signal } : {}) });
            const body = await (0,http/* readLimited */.tk)(res.body, 64 << 20);
            let parsed;
            try {
                parsed = tagListSchema.parse(JSON.parse(body.toString('utf8')));
            }
            catch (err) {
                throw new errors/* RegistryError */.gl({ action, method: 'GET', url: res.url, status: res.status, temporary: false, reason: 'the tag list is not valid JSON of the expected shape', cause: err });
            }
            tags.push(...(parsed.tags ?? []));
            path = nextLink(res.headers.link);
        }
        return tags;
    }
    /** A verified, resumable stream of the blob `desc` (see blob.ts). */
    openBlob(ref, desc, opts = {}) {
        return openBlobStream(this.transport, this.logger, ref, desc, opts);
    }
    parse(schema, m, action, what) {
        let json;
        try {
            json = JSON.parse(m.raw.toString('utf8'));
        }
        catch (err) {
            throw new errors/* UnsupportedManifestError */.Dz(action, m.mediaType, `the ${what} is not valid JSON`, { cause: err });
        }
        const r = schema.safeParse(json);
        if (!r.success) {
            throw new errors/* UnsupportedManifestError */.Dz(action, m.mediaType, `the ${what} is invalid: ${r.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
        }
        return r.data;
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/registry/credentials.ts
/**
 * Registry credentials, looked up by registry host. Sources, first match wins:
 *
 *   1. CVMFS_UNPACK_REGISTRY_<HOST>_USERNAME and _PASSWORD (or _TOKEN, an
 *      identity/refresh token), where <HOST> is the registry host in upper
 *      case with every character other than A-Z and 0-9 replaced by '_':
 *      ghcr.io → GHCR_IO, 127.0.0.1:5000 → 127_0_0_1_5000,
 *      Docker Hub → REGISTRY_HUB_DOCKER_COM (DOCKER_IO also works);
 *   2. CVMFS_UNPACK_REGISTRY_AUTH: JSON, either a Docker config
 *      (`{"auths": {...}}`) or `{"<host>": {"username": …, "password": …}}`;
 *   3. REGISTRY_AUTH_FILE (containers-auth.json, same format as Docker's);
 *   4. $DOCKER_CONFIG/config.json, else ~/.docker/config.json: `auths`
 *      entries (base64 `auth`, `username`/`password`, `identitytoken`), then
 *      `credHelpers` / `credsStore` (runs docker-credential-<name> get).
 *
 * Keys may be URLs ('https://index.docker.io/v1/', 'http://host:5000/v2/');
 * every Docker Hub spelling maps to one host. Credentials are never logged.
 */





class CredentialsError extends Error {
    name = 'CredentialsError';
}
const DOCKER_HUB = 'registry.hub.docker.com';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.docker.io', DOCKER_HUB]);
/** What `docker login` writes for Docker Hub, and what credential helpers expect. */
const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/';
const authEntrySchema = schemas/* object */.Ikc({
    auth: schemas/* string */.YjP().optional(),
    username: schemas/* string */.YjP().optional(),
    password: schemas/* string */.YjP().optional(),
    identitytoken: schemas/* string */.YjP().optional(),
});
const dockerConfigSchema = schemas/* object */.Ikc({
    auths: schemas/* record */.g1P(schemas/* string */.YjP(), authEntrySchema).optional(),
    credHelpers: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    credsStore: schemas/* string */.YjP().optional(),
});
const plainMapSchema = schemas/* record */.g1P(schemas/* string */.YjP(), authEntrySchema);
/** 'https://index.docker.io/v1/' → 'registry.hub.docker.com'; 'http://Host:5000/v2/' → 'host:5000'. */
function normalizeRegistryHost(key) {
    let host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    host = host.split('/')[0].toLowerCase();
    return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}
/** The env var prefix for a host: 'ghcr.io' → 'CVMFS_UNPACK_REGISTRY_GHCR_IO_'. */
function envVarPrefix(host) {
    return `CVMFS_UNPACK_REGISTRY_${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}
function fromEntry(entry, where) {
    if (entry.identitytoken)
        return { identityToken: entry.identitytoken };
    if (entry.username !== undefined && entry.password !== undefined && entry.username !== '') {
        return { username: entry.username, password: entry.password };
    }
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0)
            throw new CredentialsError(`reading ${where}: an "auth" value is not base64 of "username:password"`);
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    return undefined;
}
/** Runs `docker-credential-<name> get`; a missing helper or unknown server gives undefined. */
function credentialHelper(name) {
    return (serverUrl) => {
        try {
            const out = (0,external_node_child_process_.execFileSync)(`docker-credential-${name}`, ['get'], { input: serverUrl, stdio: ['pipe', 'pipe', 'ignore'], timeout: 30_000 });
            const parsed = schemas/* object */.Ikc({ Username: schemas/* string */.YjP(), Secret: schemas/* string */.YjP() }).parse(JSON.parse(out.toString('utf8')));
            return parsed.Username === '<token>' ? { identityToken: parsed.Secret } : { username: parsed.Username, password: parsed.Secret };
        }
        catch {
            return undefined;
        }
    };
}
class CredentialStore {
    entries = new Map();
    helpers = new Map();
    defaultHelper;
    /** Where the per-registry variables are read (see the header comment). */
    env = {};
    /** Static entries keyed by host or URL; earlier `add`s win over later ones. */
    constructor(entries = []) {
        for (const [key, cred] of entries)
            this.add(key, cred);
    }
    add(key, cred) {
        const host = normalizeRegistryHost(key);
        if (!this.entries.has(host))
            this.entries.set(host, cred);
    }
    /** Adds the `auths`, `credHelpers` and `credsStore` of a Docker config / containers auth.json. */
    addDockerConfig(json, where) {
        const parsed = dockerConfigSchema.safeParse(json);
        if (!parsed.success)
            throw new CredentialsError(`reading ${where}: not a Docker config file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        for (const [key, entry] of Object.entries(parsed.data.auths ?? {})) {
            const cred = fromEntry(entry, where);
            if (cred)
                this.add(key, cred);
        }
        for (const [key, helper] of Object.entries(parsed.data.credHelpers ?? {})) {
            const host = normalizeRegistryHost(key);
            if (!this.helpers.has(host))
                this.helpers.set(host, credentialHelper(helper));
        }
        if (parsed.data.credsStore && !this.defaultHelper)
            this.defaultHelper = credentialHelper(parsed.data.credsStore);
    }
    static fromEnvironment(env = process.env) {
        const store = new CredentialStore();
        store.env = env;
        const inline = env.CVMFS_UNPACK_REGISTRY_AUTH;
        if (inline) {
            const json = parseJson(inline, 'CVMFS_UNPACK_REGISTRY_AUTH');
            if (json && typeof json === 'object' && 'auths' in json)
                store.addDockerConfig(json, 'CVMFS_UNPACK_REGISTRY_AUTH');
            else {
                const map = plainMapSchema.safeParse(json);
                if (!map.success)
                    throw new CredentialsError('reading CVMFS_UNPACK_REGISTRY_AUTH: expected {"<host>": {"username": …, "password": …}} or a Docker config');
                for (const [key, entry] of Object.entries(map.data)) {
                    const cred = fromEntry(entry, 'CVMFS_UNPACK_REGISTRY_AUTH');
                    if (cred)
                        store.add(key, cred);
                }
            }
        }
        const files = [];
        if (env.REGISTRY_AUTH_FILE)
            files.push(env.REGISTRY_AUTH_FILE);
        const dockerDir = env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker');
        files.push((0,external_node_path_.join)(dockerDir, 'config.json'));
        for (const file of files) {
            if (!(0,external_node_fs_.existsSync)(file))
                continue;
            let text;
            try {
                text = (0,external_node_fs_.readFileSync)(file, 'utf8');
            }
            catch (err) {
                throw new CredentialsError(`reading ${file}: ${err.message}`, { cause: err });
            }
            store.addDockerConfig(parseJson(text, file), file);
        }
        return store;
    }
    /** Credentials for a registry host ('ghcr.io', 'host:5000'; any Docker Hub spelling), or undefined. */
    get(registryHost) {
        const host = normalizeRegistryHost(registryHost);
        const fromEnv = this.fromEnvVars(host);
        if (fromEnv)
            return fromEnv;
        const entry = this.entries.get(host);
        if (entry)
            return entry;
        const helper = this.helpers.get(host) ?? this.defaultHelper;
        return helper?.(host === DOCKER_HUB ? DOCKER_HUB_SERVER_URL : host);
    }
    fromEnvVars(host) {
        const hosts = host === DOCKER_HUB ? [DOCKER_HUB, 'docker.io'] : [host];
        for (const h of hosts) {
            const prefix = envVarPrefix(h);
            const token = this.env[`${prefix}TOKEN`];
            if (token)
                return { identityToken: token };
            const username = this.env[`${prefix}USERNAME`];
            const password = this.env[`${prefix}PASSWORD`];
            if (username && password !== undefined)
                return { username, password };
        }
        return undefined;
    }
}
function parseJson(text, where) {
    try {
        return JSON.parse(text);
    }
    catch (err) {
        // The message of JSON.parse may quote the text; do not pass it on (it may hold secrets).
        throw new CredentialsError(`reading ${where}: not valid JSON`, { cause: err instanceof SyntaxError ? undefined : err });
    }
}

// EXTERNAL MODULE: ./src/registry/challenge.ts
var challenge = __webpack_require__(4394);
;// CONCATENATED MODULE: ./src/registry/index.ts
/**
 * OCI distribution client (see client.ts). Everything other parts use is
 * exported here.
 */










/***/ }),

/***/ 9518:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ redactUrl)
/* harmony export */ });
/**
 * URLs for messages and logs: user info and every query value that is not
 * known to be harmless are replaced, so pre-signed blob URLs
 * (`X-Amz-Signature=…`), tokens and passwords never reach a log.
 */
const SAFE_QUERY_KEYS = new Set(['n', 'last', 'service', 'scope', 'digest', 'mount', 'from', 'ns']);
function redactUrl(input) {
    let url;
    try {
        url = new URL(input.toString());
    }
    catch {
        return '<invalid URL>';
    }
    if (url.username)
        url.username = 'REDACTED';
    if (url.password)
        url.password = 'REDACTED';
    const keys = [...new Set(url.searchParams.keys())];
    for (const key of keys) {
        if (SAFE_QUERY_KEYS.has(key.toLowerCase()))
            continue;
        const count = url.searchParams.getAll(key).length;
        url.searchParams.delete(key);
        for (let i = 0; i < count; i++)
            url.searchParams.append(key, 'REDACTED');
    }
    return url.toString();
}


/***/ })

};
