export const id = 372;
export const ids = [372];
export const modules = {

/***/ 586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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

/***/ 3575:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S: () => (/* reexport */ syncImages)
});

// UNUSED EXPORTS: DEFAULT_BATCH, DEFAULT_PLATFORM, isUnchanged, planUnits

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/registry/index.ts + 13 modules
var registry = __webpack_require__(4644);
// EXTERNAL MODULE: ./src/repo/index.ts + 6 modules
var repo = __webpack_require__(7310);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
;// CONCATENATED MODULE: ./src/convert/plan.ts
/**
 * Pure decisions of a sync: what a request expands to, and whether a stored
 * record already matches what the registry serves now.
 */


const DEFAULT_PLATFORM = { os: 'linux', architecture: 'amd64' };
function planUnits(requests) {
    const units = [];
    const seen = new Set();
    for (const req of requests) {
        const platforms = req.platforms?.length ? req.platforms : [DEFAULT_PLATFORM];
        const names = [req.ref, ...(req.extraTags ?? []).filter((t) => t !== req.ref.tag).map((t) => (0,reference/* withTag */.Rd)(req.ref, t))];
        platforms.forEach((platform, i) => {
            const key = `${(0,reference/* formatImageRef */.kL)(req.ref)} ${(0,registry/* formatPlatform */.Bq)(platform)} ${names.map(reference/* formatImageRef */.kL).join(',')}`;
            if (seen.has(key))
                return; // the same request twice in one batch is done once
            seen.add(key);
            units.push({ ref: req.ref, platform, names, multiarch: platforms.length > 1, primary: i === 0 });
        });
    }
    return units;
}
/**
 * A unit needs no work when, for every name, the stored record shows the
 * same top-level digest (tag unchanged upstream), the same platform, and the
 * flat tree it points at is present.
 */
function isUnchanged(unit, topDigest, records, flatExists) {
    const platform = (0,registry/* formatPlatform */.Bq)(unit.platform);
    return records.every((r) => r !== undefined && r.topDigest === topDigest && r.platform === platform && flatExists(r.configDigest));
}
function linkPathsOf(unit) {
    return unit.names.map(reference/* publicLinkPath */.$O);
}

;// CONCATENATED MODULE: ./src/convert/sync.ts
/**
 * syncImages: the engine. Phase one, outside any transaction: one manifest
 * request per unit (several at a time) decides whether anything changed; a
 * run where nothing did opens no transaction. Phase two: convert what
 * changed in bounded batches, each image on its own (one failure never stops
 * the others), one commit per batch (see publishBatch for CVMFS).
 */








/** Manifest checks in flight at once (a recipe of many images on remote registries). */
const PHASE_ONE_CONCURRENCY = 8;
async function syncImages(requests, opts) {
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const client = opts.client ?? new registry/* RegistryClient */.bP({ credentials: registry/* CredentialStore */.L5.fromEnvironment(), logger });
    try {
        return await syncWith(requests, { ...opts, logger, client });
    }
    finally {
        // A client made here is closed here (its keep-alive connections); a caller's is the caller's.
        if (!opts.client)
            await client.close();
    }
}
async function syncWith(requests, opts) {
    const { publisher, logger, client } = opts;
    const emit = opts.onEvent ?? (() => { });
    const results = [];
    const pending = [];
    const done = (result) => {
        results.push(result);
        emit({ type: 'image-done', result });
    };
    // Phase one: what changed? Read-only, no transaction (a no-op run opens none).
    const units = planUnits(requests);
    const checked = await mapLimit(units, PHASE_ONE_CONCURRENCY, async (unit) => {
        const started = Date.now();
        emit({ type: 'image-start', ref: (0,reference/* formatImageRef */.kL)(unit.names[0]) });
        try {
            const top = await client.fetchManifest(unit.ref);
            const records = await Promise.all(linkPathsOf(unit).map((p) => (0,repo/* readSyncRecord */.vK)(publisher.root, p, unit.multiarch ? unit.platform : undefined)));
            const flatExists = (configDigest) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(publisher.root, (0,repo/* flatDir */.ZO)(configDigest)));
            if (!isUnchanged(unit, top.digest, records, flatExists))
                return { pending: { unit, top, started } };
            return {
                results: unit.names.map((n, i) => ({
                    ref: (0,reference/* formatImageRef */.kL)(n),
                    status: 'unchanged',
                    digest: records[i]?.manifestDigest,
                    configDigest: records[i]?.configDigest,
                    platform: (0,registry/* formatPlatform */.Bq)(unit.platform),
                    path: (0,external_node_path_.join)(publisher.root, linkPathsOf(unit)[i]),
                    timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
                })),
            };
        }
        catch (err) {
            return { results: [failure(unit, started, err)] };
        }
    });
    for (const c of checked) {
        if (c.pending)
            pending.push(c.pending);
        else
            for (const r of c.results)
                done(r);
    }
    if (pending.length === 0)
        return results;
    // Phase two: transactions of at most `batch` images / bytes for what changed.
    await publisher.recover();
    const limit = { ...DEFAULT_BATCH, ...opts.batch };
    for (let next = 0; next < pending.length;) {
        if (opts.signal?.aborted) {
            // Interrupted between batches: nothing more is started; each image says so.
            for (const p of pending.slice(next))
                done(failure(p.unit, p.started, new Error('interrupted before it started', { cause: opts.signal.reason })));
            break;
        }
        next = await publishBatch(pending, next, limit, { ...opts, client, logger, emit, done });
    }
    return results;
}
const DEFAULT_BATCH = { images: 50, bytes: 20 * 1024 ** 3 };
/**
 * Converts pending units from `start` until the batch is full; returns the
 * next index. Ordinarily one transaction. Where the publisher clones cheaply
 * (CVMFS), the batch's missing layers are published first, then each new
 * flat tree starts as a server-side clone of its bottom layer in a
 * transaction of its own: a layer's content is published once, not twice.
 */
async function publishBatch(pending, start, limit, ctx) {
    // Loaded only when something changed: a no-op run never compiles the unpacking code.
    const image = await __webpack_require__.e(/* import() */ 224).then(__webpack_require__.bind(__webpack_require__, 3224));
    const { publisher, client, logger, emit } = ctx;
    const convertCtx = (txn, p) => ({
        client, txn, root: txn.root, logger, emit, signal: ctx.signal, limits: ctx.limits, started: p.started,
    });
    const deferred = [];
    let next = start;
    let ran = false;
    await inTransaction(ctx, {}, async (txn, out) => {
        ran = true;
        let bytes = 0;
        for (; next < pending.length && next - start < limit.images && bytes < limit.bytes; next++) {
            const p = pending[next];
            if (ctx.signal?.aborted) {
                out.push(failure(p.unit, p.started, new Error('interrupted before it started', { cause: ctx.signal.reason })));
                continue;
            }
            try {
                const cctx = convertCtx(txn, p);
                if (publisher.canClone) {
                    const prepared = await image.prepareUnit(p.unit, p.top, cctx);
                    if ((0,external_node_fs_.existsSync)(prepared.flat)) {
                        out.push(...image.finishUnit(prepared, cctx));
                    }
                    else {
                        await image.fetchLayersOnly(prepared, cctx);
                        bytes += prepared.stats.bytesDownloaded;
                        deferred.push({ p, prepared });
                    }
                }
                else {
                    const rs = await image.convertUnit(p.unit, p.top, cctx);
                    bytes += rs[0]?.timings.bytesDownloaded ?? 0;
                    out.push(...rs);
                }
            }
            catch (err) {
                out.push(failure(p.unit, p.started, err));
            }
        }
        return deferred.length > 0;
    }).catch((err) => {
        if (!ran) {
            // The transaction could not be opened: every image of the batch fails with the cause.
            const end = Math.min(pending.length, start + limit.images);
            for (const p of pending.slice(start, end))
                ctx.done(failure(p.unit, p.started, err));
            next = end;
        }
        for (const d of deferred.splice(0))
            ctx.done(failure(d.p.unit, d.p.started, err));
    });
    for (const { p, prepared } of deferred) {
        if (ctx.signal?.aborted) {
            ctx.done(failure(p.unit, p.started, new Error('interrupted before its flat tree was built', { cause: ctx.signal.reason })));
            continue;
        }
        const flatRel = (0,external_node_path_.relative)(publisher.root, prepared.flat);
        const src = (0,external_node_fs_.existsSync)(prepared.flat) ? undefined : image.cloneSource(prepared, publisher.root);
        let reported = false;
        await inTransaction(ctx, src ? { clone: { src, dst: flatRel } } : {}, async (txn, out) => {
            reported = true;
            try {
                const cctx = convertCtx(txn, p);
                if (src)
                    await image.completeClonedFlat(prepared, cctx);
                out.push(...(await image.completeUnit(prepared, cctx)));
            }
            catch (err) {
                out.push(failure(p.unit, p.started, err));
            }
            return false;
        }).catch((err) => {
            if (!reported)
                ctx.done(failure(p.unit, p.started, err));
        });
    }
    return next;
}
/**
 * Runs `work` in one transaction and reports its results: committed when an
 * image was converted (or `work` says it wrote something worth keeping),
 * aborted otherwise; when the commit fails, every image of it fails with the
 * cause (which is also thrown).
 */
async function inTransaction(ctx, begin, work) {
    const { publisher, logger, emit } = ctx;
    let out = [];
    let txn;
    try {
        txn = await publisher.begin({ ...begin, logger });
        const keep = await work(txn, out);
        if (keep || out.some((r) => r.status !== 'failed')) {
            const t0 = Date.now();
            emit({ type: 'publish-start', target: publisher.describe() });
            await txn.commit();
            emit({ type: 'publish-done', target: publisher.describe(), ms: Date.now() - t0 });
        }
        else {
            await txn.abort(new Error('no image converted'));
        }
    }
    catch (err) {
        if (txn)
            await txn.abort(err).catch((abortErr) => logger.error('aborting the transaction failed', { error: String(abortErr) }));
        out = out.map((r) => r.status === 'failed' ? r : { ...r, status: 'failed', error: `publishing ${publisher.describe()}: ${(0,errors/* describeError */.U)(err)}`, path: undefined });
        throw err;
    }
    finally {
        for (const r of out)
            ctx.done(r);
    }
}
function failure(unit, started, err) {
    return {
        ref: (0,reference/* formatImageRef */.kL)(unit.names[0]),
        status: 'failed',
        platform: (0,registry/* formatPlatform */.Bq)(unit.platform),
        // The reason only: whoever reports it names the image (ref) beside it.
        error: (0,errors/* describeError */.U)(err),
        timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
    };
}
/** `fn` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

;// CONCATENATED MODULE: ./src/convert/index.ts




/***/ }),

/***/ 7361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hu: () => (/* reexport */ parseTarget)
});

// UNUSED EXPORTS: CvmfsPublisher, DEFAULT_TARGET, DirPublisher, InvalidTargetError, LOCK_FILE, PublishError, recoverTree, tempDirIn

;// CONCATENATED MODULE: ./src/publish/types.ts
/** Publishing failed: what was being done, then why (the command's stderr tail when there is one). */
class PublishError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'PublishError';
    }
}
/** A target spec that cannot be parsed (a usage error). */
class InvalidTargetError extends PublishError {
    constructor(spec, reason) {
        super(`invalid target ${JSON.stringify(spec)}: ${reason}`);
        this.name = 'InvalidTargetError';
    }
}
/** `tempDirIn(txn, parent)`: see Transaction.tempDir. */
function tempDirIn(txn, parent, label = 'build') {
    return txn.tempDir(parent, label);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/repo/atomic.ts
var atomic = __webpack_require__(8599);
// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/publish/lock.ts
/**
 * An exclusive lock on a dir target: a lock file created with O_EXCL that
 * holds `{pid, host, time, token}`. A lock whose process is gone (same host,
 * dead pid) is taken over; one held by a live process (or on another host,
 * where liveness cannot be checked) is waited for, up to a timeout.
 *
 * Taking over is itself serialised by a second O_EXCL file (`.takeover`), so
 * two processes that find the same stale lock cannot both win.
 */







const lockInfoSchema = schemas/* object */.Ikc({ pid: schemas/* number */.aig().int(), host: schemas/* string */.YjP(), time: schemas/* string */.YjP(), token: schemas/* string */.YjP() });
function isProcessAlive(pid) {
    if (pid === process.pid)
        return true;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM'; // exists, owned by someone else
    }
}
function createExclusive(path, content) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW, 0o644);
    }
    catch (err) {
        if (err.code === 'EEXIST')
            return false;
        throw err;
    }
    try {
        (0,external_node_fs_.writeSync)(fd, content);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return true;
}
function readLock(path) {
    let raw;
    try {
        raw = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
    try {
        return { raw, info: lockInfoSchema.parse(JSON.parse(raw)) };
    }
    catch {
        return { raw }; // being written right now, or damaged
    }
}
function isStale(info) {
    return info !== undefined && info.host === (0,external_node_os_.hostname)() && !isProcessAlive(info.pid);
}
/** Replaces a stale lock whose content is still `staleRaw` with ours; false if someone else moved first. */
function takeOver(path, staleRaw, mine, logger) {
    const guard = `${path}.takeover`;
    if (!createExclusive(guard, JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)() }))) {
        // A takeover in progress, or one that crashed: clear it only if its process is gone.
        const g = readLock(guard);
        try {
            const owner = g ? JSON.parse(g.raw) : undefined;
            if (owner && owner.host === (0,external_node_os_.hostname)() && typeof owner.pid === 'number' && !isProcessAlive(owner.pid))
                (0,external_node_fs_.unlinkSync)(guard);
        }
        catch {
            /* retried on the next poll */
        }
        return false;
    }
    try {
        const now = readLock(path);
        if (now?.raw !== staleRaw)
            return false;
        logger.warn('taking over a stale lock', { lock: path, holder: now.info });
        (0,external_node_fs_.unlinkSync)(path);
        return createExclusive(path, mine);
    }
    finally {
        (0,external_node_fs_.unlinkSync)(guard);
    }
}
async function acquireLock(path, opts) {
    const logger = opts.logger ?? log_logger/* nullLogger */.G;
    const info = { pid: process.pid, host: (0,external_node_os_.hostname)(), time: new Date().toISOString(), token: (0,external_node_crypto_.randomBytes)(8).toString('hex') };
    const mine = JSON.stringify(info);
    const deadline = Date.now() + opts.timeoutMs;
    let announced = false;
    for (;;) {
        if (createExclusive(path, mine))
            break;
        const held = readLock(path);
        if (held && isStale(held.info) && takeOver(path, held.raw, mine, logger))
            break;
        if (Date.now() >= deadline) {
            const who = held?.info ? `pid ${held.info.pid} on ${held.info.host}, since ${held.info.time}` : 'an unknown process';
            throw new PublishError(`locking ${opts.what}: another cvmfs-unpack (${who}) holds ${path}; waited ${Math.round(opts.timeoutMs / 1000)} s. ` +
                'If that process no longer runs, remove the lock file.');
        }
        if (!announced && held?.info) {
            logger.info('waiting for the lock of another cvmfs-unpack', { lock: path, pid: held.info.pid, host: held.info.host, since: held.info.time });
            announced = true;
        }
        await (0,promises_.setTimeout)(opts.pollMs ?? 100);
    }
    let released = false;
    return {
        info,
        release() {
            if (released)
                return;
            released = true;
            // Remove the file only while it is still ours.
            if (readLock(path)?.info?.token === info.token)
                (0,external_node_fs_.unlinkSync)(path);
        },
    };
}

;// CONCATENATED MODULE: ./src/publish/journal.ts
/**
 * The undo journal of a dir transaction, kept on disk in
 * `<root>/.tmp-txn-<id>/` so that a crashed transaction can be rolled back by
 * the next run. Write-ahead: each entry is appended before the change it
 * describes. Entries:
 *   created  <path>            did not exist before: remove it to undo
 *   replaced <path> <backup>   the old entry was hardlinked to <backup>: rename it back
 *   temp     <path>            a temporary build dir: remove it
 * Commit renames the journal dir to `.tmp-done-<id>` (the commit point),
 * then deletes it.
 */





const JOURNAL_PREFIX = '.tmp-txn-';
const DONE_PREFIX = '.tmp-done-';
const entrySchema = schemas/* discriminatedUnion */.gMt('op', [
    schemas/* object */.Ikc({ op: schemas/* literal */.euz('created'), path: schemas/* string */.YjP() }),
    schemas/* object */.Ikc({ op: schemas/* literal */.euz('replaced'), path: schemas/* string */.YjP(), backup: schemas/* string */.YjP() }),
    schemas/* object */.Ikc({ op: schemas/* literal */.euz('temp'), path: schemas/* string */.YjP() }),
]);
/** A path inside root, as stored in the journal (relative; refuses anything outside). */
function inside(root, p) {
    const rel = (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(p));
    if (rel === '' || rel.startsWith('..') || rel.startsWith('/'))
        throw new Error(`journal: ${p} is outside ${root}`);
    return rel;
}
class DiskJournal {
    dir;
    seen = new Set();
    backups = 0;
    root;
    constructor(root, dir) {
        this.root = root;
        this.dir = dir;
    }
    static create(root) {
        const dir = (0,external_node_path_.join)(root, `${JOURNAL_PREFIX}${Date.now().toString(36)}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(dir, 'backup'), { recursive: true });
        return new DiskJournal(root, dir);
    }
    append(e) {
        (0,external_node_fs_.appendFileSync)((0,external_node_path_.join)(this.dir, 'journal'), JSON.stringify(e) + '\n');
    }
    created(path) {
        const rel = inside(this.root, path);
        if (this.seen.has(rel))
            return; // the first change of a path is the one to undo
        this.seen.add(rel);
        this.append({ op: 'created', path: rel });
    }
    replacing(path) {
        const rel = inside(this.root, path);
        if (this.seen.has(rel))
            return;
        this.seen.add(rel);
        const backup = `backup/${this.backups++}`;
        (0,atomic/* preserveAs */.RS)((0,external_node_path_.join)(this.root, rel), (0,external_node_path_.join)(this.dir, backup));
        this.append({ op: 'replaced', path: rel, backup });
    }
    temp(path) {
        this.append({ op: 'temp', path: inside(this.root, path) });
    }
    /** Makes the transaction's changes final and removes the journal. */
    commit() {
        const done = this.dir.replace(/\.tmp-txn-([^/]*)$/, `${DONE_PREFIX}$1`);
        (0,external_node_fs_.renameSync)(this.dir, done); // the commit point
        removeTemps(this.root, readEntries(done));
        (0,external_node_fs_.rmSync)(done, { recursive: true, force: true });
    }
    /** Undoes every change, newest first, and removes the journal. */
    rollback() {
        rollbackDir(this.root, this.dir);
    }
}
function readEntries(dir) {
    let text = '';
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'journal'), 'utf8');
    }
    catch {
        return [];
    }
    const out = [];
    for (const line of text.split('\n')) {
        if (!line)
            continue;
        try {
            out.push(entrySchema.parse(JSON.parse(line)));
        }
        catch {
            // A torn last line (crash mid-append): the change it announced never started.
        }
    }
    return out;
}
function removeTemps(root, entries) {
    for (const e of entries)
        if (e.op === 'temp')
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(root, inside(root, (0,external_node_path_.join)(root, e.path))), { recursive: true, force: true });
}
/** Rolls back the journal in `dir` (a live or crashed transaction) and deletes it. */
function rollbackDir(root, dir) {
    const entries = readEntries(dir);
    for (const e of entries.reverse()) {
        const target = (0,external_node_path_.join)(root, inside(root, (0,external_node_path_.join)(root, e.path)));
        if (e.op === 'replaced') {
            const backup = (0,external_node_path_.join)(dir, e.backup);
            if (present(backup))
                (0,external_node_fs_.renameSync)(backup, target);
        }
        else {
            (0,external_node_fs_.rmSync)(target, { recursive: true, force: true });
        }
    }
    (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
}
/** lstat-based: a backup may be a symlink whose target does not resolve from the journal dir. */
function present(p) {
    try {
        (0,external_node_fs_.lstatSync)(p);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/publish/dir.ts
/**
 * The `dir` target: the repository layout in a plain directory.
 *
 * - One transaction at a time per directory: a lock file (lock.ts).
 * - Crash safety: everything is built under `.tmp-…` names and renamed into
 *   place; links are swapped by rename (src/repo/atomic.ts).
 * - Abort, and recovery after a crash, undo the transaction's changes from
 *   its journal (journal.ts): the previous state comes back byte for byte.
 */








const LOCK_FILE = '.cvmfs-unpack.lock';
class DirPublisher {
    kind = 'dir';
    canClone = false;
    root;
    opts;
    constructor(root, opts = {}) {
        this.root = (0,external_node_path_.resolve)(root);
        this.opts = opts;
    }
    describe() {
        return `dir:${this.root}`;
    }
    async lock(logger) {
        try {
            (0,external_node_fs_.mkdirSync)(this.root, { recursive: true });
        }
        catch (err) {
            throw new PublishError(`creating the target directory ${this.root}`, { cause: err });
        }
        return acquireLock((0,external_node_path_.join)(this.root, LOCK_FILE), {
            timeoutMs: this.opts.lockTimeoutMs ?? 600_000,
            pollMs: this.opts.pollMs,
            logger,
            what: this.describe(),
        });
    }
    async recover() {
        const logger = this.opts.logger ?? log_logger/* nullLogger */.G;
        const lock = await this.lock(logger);
        try {
            recoverTree(this.root, logger);
        }
        finally {
            lock.release();
        }
    }
    async begin(opts = {}) {
        const logger = opts.logger ?? this.opts.logger ?? log_logger/* nullLogger */.G;
        if (opts.clone)
            throw new PublishError(`opening a transaction on ${this.describe()}: a dir target cannot clone trees`);
        const lock = await this.lock(logger);
        let journal;
        let detach;
        try {
            journal = DiskJournal.create(this.root);
            detach = (0,atomic/* attachJournal */.Zz)(this.root, journal);
        }
        catch (err) {
            lock.release();
            throw new PublishError(`opening a transaction on ${this.describe()}`, { cause: err });
        }
        return new DirTransaction(this.root, this.describe(), journal, detach, lock, logger);
    }
}
class DirTransaction {
    open = true;
    root;
    name;
    journal;
    detach;
    lock;
    logger;
    constructor(root, name, journal, detach, lock, logger) {
        this.root = root;
        this.name = name;
        this.journal = journal;
        this.detach = detach;
        this.lock = lock;
        this.logger = logger;
    }
    finish() {
        this.open = false;
        this.detach();
        this.lock.release();
    }
    tempDir(parent, label = 'build') {
        if (!this.open)
            throw new PublishError(`creating a temporary dir in ${parent}: the transaction on ${this.name} is closed`);
        (0,atomic/* ensureDir */.A0)(parent); // journaled: a parent made here goes on abort
        const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, `${atomic/* TEMP_PREFIX */.MX}${label}-`));
        this.journal.temp(dir);
        return dir;
    }
    async commit() {
        if (!this.open)
            throw new PublishError(`committing on ${this.name}: the transaction is closed`);
        try {
            this.journal.commit();
        }
        catch (err) {
            throw new PublishError(`committing on ${this.name}`, { cause: err });
        }
        finally {
            this.finish();
        }
    }
    async abort(cause) {
        if (!this.open)
            return;
        this.logger.info('aborting the transaction', { target: this.name, cause: cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause) });
        try {
            this.journal.rollback();
        }
        catch (err) {
            throw new PublishError(`aborting on ${this.name}: rolling back`, { cause: err });
        }
        finally {
            this.finish();
        }
    }
}
/**
 * With the lock held (so no transaction is live): rolls back journals of
 * crashed transactions, finishes committed ones, and removes stale `.tmp-*`
 * entries in the layout's own directories (never inside image content).
 */
function recoverTree(root, logger = log_logger/* nullLogger */.G) {
    const top = list(root);
    for (const name of top) {
        if (name.startsWith(JOURNAL_PREFIX)) {
            logger.warn('rolling back a transaction left by a crash', { journal: (0,external_node_path_.join)(root, name) });
            rollbackDir(root, (0,external_node_path_.join)(root, name));
        }
        else if (name.startsWith(DONE_PREFIX)) {
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(root, name), { recursive: true, force: true });
        }
    }
    const sweep = (dir, depth, descend, rel = []) => {
        for (const e of listEntries(dir)) {
            const path = (0,external_node_path_.join)(dir, e.name);
            if (e.name.startsWith(atomic/* TEMP_PREFIX */.MX)) {
                logger.info('removing a stale temporary entry', { path });
                (0,external_node_fs_.rmSync)(path, { recursive: true, force: true });
            }
            else if (e.isDirectory() && depth > 0 && descend([...rel, e.name])) {
                sweep(path, depth - 1, descend, [...rel, e.name]);
            }
        }
    };
    // .layers/<xx>/<hex>/{.metadata}: temps sit beside layers and in their metadata, never in layerfs.
    sweep((0,external_node_path_.join)(root, layout/* LAYERS_DIR */.Fj), 3, (rel) => rel.length < 3 || rel[2] === '.metadata');
    // .flat/<xx>/: temps sit beside flat dirs; a flat dir itself is image content.
    sweep((0,external_node_path_.join)(root, layout/* FLAT_DIR */.wo), 1, () => true);
    // Metadata and link trees hold only our own entries.
    for (const name of top) {
        if (name === layout/* LAYERS_DIR */.Fj || name === layout/* FLAT_DIR */.wo || name.startsWith(atomic/* TEMP_PREFIX */.MX))
            continue;
        if (name.startsWith('.') && name !== '.metadata' && name !== '.multiarch')
            continue;
        sweep((0,external_node_path_.join)(root, name), 32, () => true);
    }
    for (const name of top) {
        if (name.startsWith(atomic/* TEMP_PREFIX */.MX) && !name.startsWith(JOURNAL_PREFIX) && !name.startsWith(DONE_PREFIX)) {
            (0,external_node_fs_.rmSync)((0,external_node_path_.join)(root, name), { recursive: true, force: true });
        }
    }
}
function list(dir) {
    return listEntries(dir).map((e) => e.name);
}
function listEntries(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/publish/exec.ts
/** Runs a command without a shell and keeps the tail of its output for error messages. */

const TAIL = 4096;
function tail(s, n = TAIL) {
    return s.length > n ? '…' + s.slice(-n) : s;
}
function runCommand(cmd, args, opts = {}) {
    return new Promise((resolvePromise, reject) => {
        const child = (0,external_node_child_process_.spawn)(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (d) => (stdout = tail(stdout + d, TAIL * 4)));
        child.stderr?.setEncoding('utf8').on('data', (d) => (stderr = tail(stderr + d, TAIL * 4)));
        child.on('error', reject);
        child.on('close', (code, signal) => resolvePromise({ code, signal, stdout: tail(stdout), stderr: tail(stderr) }));
        if (opts.input !== undefined)
            child.stdin?.end(opts.input);
    });
}
/** The last lines of a command's stderr (or stdout), for a one-line error message. */
function outputTail(r, lines = 5) {
    const text = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-lines).join(' | ');
    return text || (r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`);
}

;// CONCATENATED MODULE: ./src/publish/cvmfs.ts
/**
 * The `cvmfs` target: writes under `/cvmfs/<repo>[/<lease path>]` inside a
 * `cvmfs_server transaction`, then `cvmfs_server publish`; on any error
 * `cvmfs_server abort -f` and a PublishError with the command's stderr tail.
 *
 * Rules of the real command this follows (DESIGN.md section 5): one open
 * transaction per repository (exit 17 otherwise; `-t N` retries); publish
 * refuses while a file under the mount is held open, so every file we opened
 * must be closed first; abort without `-f` would ask on stdin.
 */









/** Repositories this process has a transaction open on (recover() must not abort those). */
const openHere = new Set();
class CvmfsPublisher {
    kind = 'cvmfs';
    canClone = true;
    root;
    server;
    mountRoot;
    repo;
    /** The lease path inside the repository ('' for the whole repository). */
    subPath;
    opts;
    constructor(repo, subPath, opts = {}) {
        this.repo = repo;
        this.subPath = subPath;
        this.opts = opts;
        this.server = opts.server ?? process.env.CVMFS_UNPACK_CVMFS_SERVER ?? 'cvmfs_server';
        this.mountRoot = opts.mount ?? process.env.CVMFS_UNPACK_CVMFS_MOUNT ?? '/cvmfs';
        this.root = subPath ? (0,external_node_path_.join)(this.mountRoot, repo, subPath) : (0,external_node_path_.join)(this.mountRoot, repo);
    }
    describe() {
        return `cvmfs:${this.repo}${this.subPath ? `/${this.subPath}` : ''}`;
    }
    /** Runs `cvmfs_server <args>`; a missing program is a PublishError that says how to configure it. */
    async run(args, doing) {
        try {
            return await runCommand(this.server, args);
        }
        catch (err) {
            const code = err.code;
            const why = code === 'ENOENT' ? `${this.server} not found (set CVMFS_UNPACK_CVMFS_SERVER)` : `running ${this.server}`;
            throw new PublishError(`${doing} on ${this.describe()}: ${why}`, { cause: err });
        }
    }
    /** Whether `cvmfs_server list` shows this repository in a transaction. */
    async inTransaction() {
        const r = await this.run(['list'], 'listing repositories');
        if (r.code !== 0)
            throw new PublishError(`listing repositories for ${this.describe()}: cvmfs_server list failed: ${outputTail(r)}`);
        return r.stdout.split('\n').some((line) => line.split(' ')[0] === this.repo && /in transaction/.test(line));
    }
    async abortOpen(doing) {
        const r = await this.run(['abort', '-f', this.repo], doing);
        // 22: no transaction open, which is what we want.
        if (r.code !== 0 && r.code !== 22)
            throw new PublishError(`${doing} on ${this.describe()}: cvmfs_server abort -f failed: ${outputTail(r)}`);
    }
    /** The owner record of this repository's open transaction. */
    ownerFile() {
        return (0,external_node_path_.join)(this.opts.stateDir ?? (0,external_node_os_.tmpdir)(), `cvmfs-unpack-txn-${this.repo}.json`);
    }
    liveOwner() {
        try {
            const o = JSON.parse((0,external_node_fs_.readFileSync)(this.ownerFile(), 'utf8'));
            return o.host === (0,external_node_os_.hostname)() && o.pid !== process.pid && isProcessAlive(o.pid) ? o : undefined;
        }
        catch {
            return undefined;
        }
    }
    async recover() {
        const logger = this.opts.logger ?? log_logger/* nullLogger */.G;
        if (openHere.has(this.repo))
            return; // ours, and alive
        if (await this.inTransaction()) {
            const owner = this.liveOwner();
            if (owner) {
                logger.info('a transaction is open by another live cvmfs-unpack; leaving it', { target: this.describe(), pid: owner.pid, since: owner.time });
                return;
            }
            logger.warn('aborting a transaction left open (by a crash?)', { target: this.describe() });
            await this.abortOpen('aborting a transaction left open');
            (0,external_node_fs_.rmSync)(this.ownerFile(), { force: true });
        }
    }
    async begin(opts = {}) {
        const logger = opts.logger ?? this.opts.logger ?? log_logger/* nullLogger */.G;
        const wait = this.opts.transactionTimeoutS ?? 300;
        const target = this.subPath ? `${this.repo}/${this.subPath}` : this.repo;
        // A template transaction: cvmfs_server copies the published tree src to dst on the server side
        // (paths from the repository root, so a lease sub-path is part of them).
        const inRepo = (rel) => `/${[this.subPath, rel].filter(Boolean).join('/')}`;
        const clone = opts.clone ? ['-T', `${inRepo(opts.clone.src)}=${inRepo(opts.clone.dst)}`] : [];
        const r = await this.run(['transaction', ...(wait > 0 ? ['-t', String(wait)] : []), ...clone, target], 'opening a transaction');
        if (r.code === 17) {
            throw new PublishError(`opening a transaction on ${this.describe()}: another transaction is already open (waited ${wait} s): ${outputTail(r)}`);
        }
        if (r.code !== 0)
            throw new PublishError(`opening a transaction on ${this.describe()}: cvmfs_server transaction failed: ${outputTail(r)}`);
        openHere.add(this.repo);
        try {
            (0,external_node_fs_.writeFileSync)(this.ownerFile(), JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)(), time: new Date().toISOString() }));
        }
        catch (err) {
            logger.warn('could not record the transaction owner', { file: this.ownerFile(), error: String(err) });
        }
        logger.debug('transaction open', { target: this.describe() });
        return new CvmfsTransaction(this, logger, this.opts.openFilesWaitMs ?? 5000);
    }
    /** Files under the repository's mount that this process holds open. */
    ownOpenFiles() {
        const prefix = external_node_path_.posix.join(this.mountRoot, this.repo);
        const held = [];
        let fds = [];
        try {
            fds = (0,external_node_fs_.readdirSync)('/proc/self/fd');
        }
        catch {
            return [];
        }
        for (const fd of fds) {
            try {
                const target = (0,external_node_fs_.readlinkSync)(`/proc/self/fd/${fd}`);
                if (target === prefix || target.startsWith(prefix + '/'))
                    held.push(target);
            }
            catch {
                /* closed meanwhile */
            }
        }
        return held;
    }
    released() {
        openHere.delete(this.repo);
        (0,external_node_fs_.rmSync)(this.ownerFile(), { force: true });
    }
}
class CvmfsTransaction {
    root;
    open = true;
    temps = [];
    p;
    logger;
    openFilesWaitMs;
    constructor(p, logger, openFilesWaitMs) {
        this.p = p;
        this.logger = logger;
        this.openFilesWaitMs = openFilesWaitMs;
        this.root = p.root;
    }
    tempDir(parent, label = 'build') {
        if (!this.open)
            throw new PublishError(`creating a temporary dir in ${parent}: the transaction on ${this.p.describe()} is closed`);
        (0,external_node_fs_.mkdirSync)(parent, { recursive: true });
        const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, `${atomic/* TEMP_PREFIX */.MX}${label}-`));
        this.temps.push(dir);
        return dir;
    }
    async waitForOwnFiles() {
        const deadline = Date.now() + this.openFilesWaitMs;
        let held = this.p.ownOpenFiles();
        while (held.length > 0 && Date.now() < deadline) {
            await (0,promises_.setTimeout)(50); // streams close asynchronously
            held = this.p.ownOpenFiles();
        }
        if (held.length > 0) {
            throw new PublishError(`publishing ${this.p.describe()}: files under the repository are still open in this process (publish would refuse): ${held.slice(0, 5).join(', ')}`);
        }
    }
    async commit() {
        if (!this.open)
            throw new PublishError(`publishing ${this.p.describe()}: the transaction is closed`);
        try {
            // Temporary build dirs must not be published.
            for (const t of this.temps)
                (0,external_node_fs_.rmSync)(t, { recursive: true, force: true });
            await this.waitForOwnFiles();
            const r = await this.p.run(['publish', this.p.repo], 'publishing');
            if (r.code !== 0)
                throw new PublishError(`publishing ${this.p.describe()}: cvmfs_server publish failed: ${outputTail(r)}`);
            this.open = false;
            this.p.released();
        }
        catch (err) {
            await this.abort(err).catch((abortErr) => this.logger.error('aborting after a failed publish failed too', { error: String(abortErr) }));
            throw err instanceof PublishError ? err : new PublishError(`publishing ${this.p.describe()}`, { cause: err });
        }
    }
    async abort(cause) {
        if (!this.open)
            return;
        this.open = false;
        this.logger.info('aborting the transaction', { target: this.p.describe(), cause: cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause) });
        try {
            await this.p.abortOpen('aborting the transaction');
        }
        finally {
            this.p.released();
        }
    }
}

;// CONCATENATED MODULE: ./src/publish/target.ts
/**
 * `--target` specs: `dir:PATH` or `cvmfs:REPO[/sub/path]` (a gateway lease
 * path). `CVMFS_UNPACK_TARGET` is the CLI's default; `dir:./unpacked` otherwise.
 */



const DEFAULT_TARGET = 'dir:./unpacked';
const REPO_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function parseTarget(spec, opts = {}) {
    const colon = spec.indexOf(':');
    const kind = colon < 0 ? '' : spec.slice(0, colon);
    const rest = colon < 0 ? '' : spec.slice(colon + 1);
    if (kind === 'dir') {
        if (rest === '')
            throw new InvalidTargetError(spec, 'dir: needs a path');
        if (rest.includes('\0'))
            throw new InvalidTargetError(spec, 'the path contains NUL');
        const o = { lockTimeoutMs: opts.lockTimeoutMs, logger: opts.logger };
        return new DirPublisher(rest, o);
    }
    if (kind === 'cvmfs') {
        const [repo = '', ...sub] = rest.split('/');
        if (!REPO_RE.test(repo))
            throw new InvalidTargetError(spec, 'expected cvmfs:REPO_NAME[/sub/path]');
        const segments = sub.filter((s, i) => !(s === '' && i === sub.length - 1)); // a trailing '/' is harmless
        for (const s of segments) {
            if (s === '' || s === '.' || s === '..' || s.includes('\0'))
                throw new InvalidTargetError(spec, 'the lease path must be a plain relative path');
        }
        const o = {
            server: opts.cvmfsServer,
            mount: opts.cvmfsMount,
            transactionTimeoutS: opts.transactionTimeoutS,
            stateDir: opts.stateDir,
            logger: opts.logger,
        };
        return new CvmfsPublisher(repo, segments.join('/'), o);
    }
    throw new InvalidTargetError(spec, 'expected dir:PATH or cvmfs:REPO_NAME[/sub/path]');
}

;// CONCATENATED MODULE: ./src/publish/index.ts
/** Publishing targets: one Publisher interface, `dir` and `cvmfs` implementations. */






/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  x_: () => (/* reexport */ InvalidReferenceError),
  kL: () => (/* reexport */ formatImageRef),
  u8: () => (/* reexport */ formatUrlRef),
  z2: () => (/* reexport */ isWildcard),
  sB: () => (/* reexport */ glob_matchGlob),
  Q: () => (/* reexport */ parseImageRef),
  $O: () => (/* reexport */ publicLinkPath),
  mO: () => (/* reexport */ registryBaseUrl),
  Rd: () => (/* reexport */ withTag)
});

// UNUSED EXPORTS: DOCKER_HUB, globToRegExp, matchesTag

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
/** The registry's API base URL: Docker Hub's API host for Docker Hub. */
function registryBaseUrl(ref) {
    if (ref.registry === DOCKER_HUB)
        return DOCKER_HUB_API;
    return `${ref.scheme}://${ref.registry}`;
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




/***/ }),

/***/ 4644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L5: () => (/* reexport */ CredentialStore),
  bP: () => (/* reexport */ RegistryClient),
  Bq: () => (/* reexport */ formatPlatform),
  Y8: () => (/* reexport */ parsePlatform)
});

// UNUSED EXPORTS: CredentialsError, DEFAULT_PLATFORM, DigestMismatchError, InvalidPlatformError, MANIFEST_ACCEPT, MediaTypes, PlatformNotFoundError, RegistryError, SizeMismatchError, UnsupportedManifestError, availablePlatforms, envVarPrefix, isAttestation, isIndexMediaType, isManifestMediaType, nextLink, normalizePlatform, normalizeRegistryHost, parseChallenges, pickChallenge, pickManifest, platformMatches, redactUrl

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/log/logger.ts
var logger = __webpack_require__(8988);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/registry/errors.ts
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

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
// EXTERNAL MODULE: ./src/common/sleep.ts
var sleep = __webpack_require__(7814);
;// CONCATENATED MODULE: ./src/registry/http.ts
/**
 * Small HTTP helpers shared by the transport: reading bounded bodies,
 * Distribution's error bodies, which statuses are temporary, Retry-After,
 * and exponential backoff with jitter.
 */

const errorBodySchema = schemas/* object */.Ikc({
    errors: schemas/* array */.YOg(schemas/* object */.Ikc({ code: schemas/* string */.YjP().default(''), message: schemas/* string */.YjP().default(''), detail: schemas/* unknown */.L5J().optional() })),
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
 * Streaming a blob: large chunks (~1 MiB), the digest and size checked while
 * streaming (the stream fails at its end with DigestMismatchError or
 * SizeMismatchError; the last chunk is only released once both match), and a
 * connection lost mid-body resumed with `Range: bytes=N-` (bounded retries).
 */





const BLOB_CHUNK = 1 << 20;
const MAX_RESUMES = 50;
function hashFor(digest, action) {
    const algo = digest.slice(0, digest.indexOf(':'));
    if (algo !== 'sha256' && algo !== 'sha512')
        throw new DigestMismatchError(action, digest, `unsupported digest algorithm "${algo}"`);
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
        let pending = [];
        let pendingBytes = 0;
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
                    throw new RegistryError({ action, method: 'GET', url: res.url, status: 206, temporary: false, reason: `asked for bytes from ${received}, got a range starting at ${start ?? 'an unknown offset'}` });
                }
            }
            else if (resuming) {
                skip = received; // the server ignored Range: drop what we already have
            }
            try {
                for await (const c of res.body) {
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
                        throw new SizeMismatchError(action, desc.size, received);
                    hash.update(chunk);
                    opts.onProgress?.(received);
                    pending.push(chunk);
                    pendingBytes += chunk.length;
                    if (pendingBytes >= BLOB_CHUNK) {
                        yield pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
                        pending = [];
                        pendingBytes = 0;
                    }
                }
            }
            catch (err) {
                if (err instanceof SizeMismatchError || opts.signal?.aborted)
                    throw err;
                failures = received > receivedAtFailure ? 1 : failures + 1;
                receivedAtFailure = received;
                resumes++;
                if (failures > transport.retries || resumes > MAX_RESUMES) {
                    const reason = `connection lost after ${received} of ${desc.size} bytes (${resumes} times): ${err.message}`;
                    throw new RegistryError({ action, method: 'GET', url: res.url, temporary: true, reason, cause: err });
                }
                logger.debug('resuming blob download', { digest: desc.digest, received, size: desc.size, attempt: resumes });
                await (0,sleep/* sleep */.y)(transport.retryDelay(failures - 1), opts.signal);
                continue;
            }
            break;
        }
        if (received !== desc.size)
            throw new SizeMismatchError(action, desc.size, received);
        const actual = `${algo}:${hash.digest('hex')}`;
        if (actual !== desc.digest)
            throw new DigestMismatchError(action, desc.digest, actual);
        if (pendingBytes > 0)
            yield Buffer.concat(pending, pendingBytes);
    }
    return external_node_stream_.Readable.from(chunks(), { objectMode: false, highWaterMark: BLOB_CHUNK });
}
/** A small blob (a config) read whole, with its digest and size checked; a body cut short is fetched again. */
async function readBlob(transport, ref, desc, action, limit, signal) {
    if (desc.size > limit)
        throw new SizeMismatchError(action, limit, desc.size);
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
                throw new RegistryError({ action, method: 'GET', url: res.url, temporary: true, reason: `connection lost: ${err.message}`, cause: err });
            }
            await (0,sleep/* sleep */.y)(transport.retryDelay(attempt), signal);
            continue;
        }
        if (total !== desc.size) {
            res.body.destroy();
            throw new SizeMismatchError(action, desc.size, total);
        }
        const data = Buffer.concat(chunks);
        const { algo, hash } = hashFor(desc.digest, action);
        const actual = `${algo}:${hash.update(data).digest('hex')}`;
        if (actual !== desc.digest)
            throw new DigestMismatchError(action, desc.digest, actual);
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

// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/registry/challenge.ts
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

;// CONCATENATED MODULE: ./src/registry/redact.ts
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

;// CONCATENATED MODULE: ./src/registry/auth.ts





const tokenResponseSchema = schemas/* object */.Ikc({
    token: schemas/* string */.YjP().optional(),
    access_token: schemas/* string */.YjP().optional(),
    expires_in: schemas/* number */.aig().optional(),
    issued_at: schemas/* string */.YjP().optional(),
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
        const challenge = pickChallenge(parseChallenges(wwwAuthenticate));
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
            throw new RegistryError({ action: `pinging ${redactUrl(url)}`, method: 'GET', url: redactUrl(url), temporary: true, reason: `network error: ${err.message}`, cause: err });
        }
        await res.body.dump();
        if (res.statusCode === 401)
            return pickChallenge(parseChallenges(res.headers['www-authenticate']));
        if (isTemporaryStatus(res.statusCode)) {
            throw new RegistryError({ action: `pinging ${redactUrl(url)}`, method: 'GET', url: redactUrl(url), status: res.statusCode, temporary: true });
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
            throw new RegistryError({ action: `fetching a token for ${scope}`, method: 'GET', url: '<invalid realm>', temporary: false, reason: 'the registry named an invalid token realm' });
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
        const action = `fetching a token for ${scope} from ${redactUrl(realmUrl)}`;
        const errorBase = { action, method, url: redactUrl(realmUrl) };
        this.tokenRequests++;
        this.ctx.logger.debug('fetching registry token', { realm: redactUrl(realmUrl), scope, anonymous: !useCreds });
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
            throw new RegistryError({ ...errorBase, temporary: true, reason: `network error: ${err.message}`, cause: err });
        }
        const text = await readLimited(res.body, 1 << 20);
        if (res.statusCode !== 200) {
            throw new RegistryError({ ...errorBase, status: res.statusCode, errors: parseErrorBody(text), temporary: isTemporaryStatus(res.statusCode) });
        }
        let parsed;
        try {
            parsed = tokenResponseSchema.parse(JSON.parse(text.toString('utf8')));
        }
        catch (err) {
            throw new RegistryError({ ...errorBase, status: res.statusCode, temporary: false, reason: 'the token response is not valid JSON of the expected shape', cause: err });
        }
        const token = parsed.token || parsed.access_token;
        if (!token)
            throw new RegistryError({ ...errorBase, status: res.statusCode, temporary: false, reason: 'the token response holds no token' });
        return parsed.expires_in !== undefined ? { token, expiresIn: parsed.expires_in } : { token };
    }
}

;// CONCATENATED MODULE: ./src/registry/transport.ts





const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 64 * 1024;
class Transport {
    opts;
    auth;
    constructor(opts) {
        this.opts = opts;
        this.auth = new Authenticator({
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
                if (!(err instanceof RegistryError) || !err.temporary || attempt >= retries || req.signal?.aborted)
                    throw err;
                const delay = this.retryDelay(attempt, err.retryAfterMs);
                this.opts.logger.debug('retrying registry request', { action: req.action, attempt: attempt + 1, delayMs: Math.round(delay), reason: err.message });
                await (0,sleep/* sleep */.y)(delay, req.signal);
            }
        }
    }
    /** How long to wait before retry `attempt` (0-based); Retry-After wins but is capped. */
    retryDelay(attempt, retryAfterMs) {
        if (retryAfterMs !== undefined)
            return Math.min(retryAfterMs, this.opts.retryMaxDelayMs);
        return backoffDelay(attempt, this.opts.retryBaseMs, this.opts.retryMaxDelayMs);
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
            if (!(err instanceof RegistryError))
                throw err;
            throw new RegistryError({
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
        const origin = new URL((0,reference/* registryBaseUrl */.mO)(req.ref)).origin;
        const method = req.method ?? 'GET';
        const ok = req.ok ?? [200];
        let scope = `repository:${req.ref.repository}:pull`;
        let url = new URL(req.path, origin);
        let reauthenticated = false;
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
                const reason = `network error: ${err.message}`;
                throw new RegistryError({ action: req.action, method, url: redactUrl(url), temporary: true, reason, cause: err });
            }
            const location = res.headers.location;
            if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
                await res.body.dump();
                if (++hops > MAX_REDIRECTS) {
                    throw new RegistryError({ action: req.action, method, url: redactUrl(url), status: res.statusCode, temporary: false, reason: `more than ${MAX_REDIRECTS} redirects` });
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
                throw new RegistryError({ action: req.action, method, url: redactUrl(url), status: 401, temporary: false });
            }
            if (ok.includes(res.statusCode))
                return { status: res.statusCode, headers: res.headers, body: res.body, url: redactUrl(url) };
            const body = method === 'HEAD' ? Buffer.alloc(0) : await readLimited(res.body, ERROR_BODY_LIMIT);
            const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
            throw new RegistryError({
                action: req.action,
                method,
                url: redactUrl(url),
                status: res.statusCode,
                errors: parseErrorBody(body),
                temporary: isTemporaryStatus(res.statusCode),
                ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            });
        }
    }
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
 * pagination, and verified, resumable blob streams. Built on undici with
 * keep-alive connections; see transport.ts for auth, redirects and retries.
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
    constructor(opts = {}) {
        this.logger = opts.logger ?? logger/* nullLogger */.G;
        this.ownAgent = opts.dispatcher ? undefined : new undici/* Agent */.g6({ keepAliveTimeout: 10_000, connections: 8, headersTimeout: 120_000, bodyTimeout: 120_000 });
        this.transport = new Transport({
            dispatcher: opts.dispatcher ?? this.ownAgent,
            ...(opts.credentials ? { credentials: opts.credentials } : {}),
            userAgent: opts.userAgent ?? 'cvmfs-unpack',
            logger: this.logger,
            retries: opts.retries ?? 4,
            retryBaseMs: opts.retryBaseMs ?? 500,
            retryMaxDelayMs: opts.retryMaxDelayMs ?? 30_000,
        });
    }
    /** Token requests made so far (each cache miss is one). */
    get tokenRequests() {
        return this.transport.auth.tokenRequests;
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
        const raw = await readLimited(res.body, MANIFEST_LIMIT + 1);
        if (raw.length > MANIFEST_LIMIT)
            throw new UnsupportedManifestError(action, '', `the manifest is larger than ${MANIFEST_LIMIT} bytes`);
        const computed = sha256(raw);
        let digest = computed;
        if (isDigest(r)) {
            const algo = r.slice(0, r.indexOf(':'));
            const actual = algo === 'sha256' ? computed : algo === 'sha512' ? digestOf(raw, algo) : undefined;
            if (actual !== r)
                throw new DigestMismatchError(action, r, actual ?? `unsupported digest algorithm "${algo}"`);
            digest = r;
        }
        const header = res.headers['docker-content-digest'];
        const served = Array.isArray(header) ? header[0] : header;
        if (served?.startsWith('sha256:') && served !== computed)
            throw new DigestMismatchError(action, served, computed);
        let json;
        try {
            const parsed = JSON.parse(raw.toString('utf8'));
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                throw new Error('not a JSON object');
            json = parsed;
        }
        catch (err) {
            throw new UnsupportedManifestError(action, '', 'the manifest is not a JSON object', { cause: err });
        }
        const mediaType = manifestMediaType(res.headers['content-type'], json);
        if (isSchema1MediaType(mediaType) || json.schemaVersion === 1) {
            throw new UnsupportedManifestError(action, mediaType, `the registry serves a Docker image manifest schema 1 (${mediaType}), which is deprecated and not supported; push the image again with a current docker, buildah or skopeo (schema 2 or OCI)`);
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
                throw new PlatformNotFoundError(action, wanted, availablePlatforms(index.manifests));
            indexDigest = top.digest;
            platform = entry.platform;
            manifest = await this.fetchManifest(ref, entry.digest, signalOpt);
            if (manifest.raw.length !== entry.size)
                throw new SizeMismatchError(`fetching manifest ${describeRef(ref, entry.digest)}`, entry.size, manifest.raw.length);
        }
        const manifestAction = `reading manifest ${describeRef(ref, manifest.digest)}`;
        if (!isManifestMediaType(manifest.mediaType)) {
            throw new UnsupportedManifestError(manifestAction, manifest.mediaType, `unsupported manifest media type ${manifest.mediaType} (expected an OCI or Docker v2 image manifest or index)`);
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
            throw new UnsupportedManifestError(configAction, configDesc.mediaType, 'the image config is not valid JSON', { cause: err });
        }
        const config = configSchema.safeParse(configJson);
        if (!config.success) {
            throw new UnsupportedManifestError(configAction, configDesc.mediaType, `the image config is invalid: ${config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
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
        let path = `/v2/${ref.repository}/tags/list${opts.pageSize ? `?n=${opts.pageSize}` : ''}`;
        const tags = [];
        const seen = new Set();
        for (let page = 0; path !== undefined; page++) {
            if (page >= MAX_TAG_PAGES || seen.has(path))
                throw new RegistryError({ action, method: 'GET', url: path, temporary: false, reason: 'the tag list pagination does not end' });
            seen.add(path);
            const res = await this.transport.send({ ref, path, action, headers: { accept: 'application/json' }, ...(opts.signal ? { signal: opts.signal } : {}) });
            const body = await readLimited(res.body, 64 << 20);
            let parsed;
            try {
                parsed = tagListSchema.parse(JSON.parse(body.toString('utf8')));
            }
            catch (err) {
                throw new RegistryError({ action, method: 'GET', url: res.url, status: res.status, temporary: false, reason: 'the tag list is not valid JSON of the expected shape', cause: err });
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
            throw new UnsupportedManifestError(action, m.mediaType, `the ${what} is not valid JSON`, { cause: err });
        }
        const r = schema.safeParse(json);
        if (!r.success) {
            throw new UnsupportedManifestError(action, m.mediaType, `the ${what} is invalid: ${r.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
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

;// CONCATENATED MODULE: ./src/registry/index.ts
/**
 * OCI distribution client (see client.ts). Everything other parts use is
 * exported here.
 */









/***/ }),

/***/ 8599:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   DU: () => (/* binding */ tempNameFor),
/* harmony export */   MX: () => (/* binding */ TEMP_PREFIX),
/* harmony export */   Qf: () => (/* binding */ renameIntoPlace),
/* harmony export */   RS: () => (/* binding */ preserveAs),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   Zz: () => (/* binding */ attachJournal),
/* harmony export */   b4: () => (/* binding */ removeEntry),
/* harmony export */   to: () => (/* binding */ touchIfMissing),
/* harmony export */   u3: () => (/* binding */ replaceSymlink)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Every write into the repository goes through these helpers: a new entry is
 * made under a temporary name beside its final one and renamed into place, so
 * a reader (or a crash) sees the old entry or the new one, never half of one.
 * Existing files are never opened for writing: files of a flat dir are
 * hardlinks of layer files, and writing through one would change both.
 *
 * A transaction that can undo its writes (the dir target) attaches a
 * WriteJournal for its root; the helpers report to it what they create and
 * what they replace, before they do it.
 */



const TEMP_PREFIX = '.tmp-';
const journals = new Map();
/** Routes writes under `root` to `journal` until the returned function is called. */
function attachJournal(root, journal) {
    const key = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root);
    if (journals.has(key))
        throw new Error(`attaching a write journal to ${key}: one is attached already`);
    journals.set(key, journal);
    return () => {
        if (journals.get(key) === journal)
            journals.delete(key);
    };
}
function journalFor(path) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path);
    for (const [root, j] of journals)
        if (abs === root || abs.startsWith(root + node_path__WEBPACK_IMPORTED_MODULE_2__.sep))
            return j;
    return undefined;
}
function exists(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
        return true;
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return false;
        throw err;
    }
}
/** A fresh name beside `path` for building it: `<dir>/.tmp-<name>-<random>`. */
function tempNameFor(path) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), `${TEMP_PREFIX}${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(6).toString('hex')}`);
}
/** mkdir -p that tells the journal about the topmost directory it creates. */
function ensureDir(path, mode = 0o755) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path);
    if (exists(abs))
        return;
    let top = abs;
    while (!exists((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(top)))
        top = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(top);
    journalFor(abs)?.created(top);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(abs, { recursive: true, mode });
}
/**
 * Writes `data` to `path` atomically: a new file under a temporary name
 * (O_EXCL: never an existing inode) renamed over the old one.
 */
function writeFileAtomic(path, data, mode = 0o644) {
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    const tmp = tempNameFor(path);
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(tmp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, mode);
    try {
        const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let off = 0;
        while (off < buf.length)
            off += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, buf, off, buf.length - off);
    }
    catch (err) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(tmp, { force: true });
        throw err;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    replaceWith(tmp, path);
}
/** Creates or atomically re-points the symlink `path` (symlink to a temp name, then rename). */
function replaceSymlink(path, target) {
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
        if (!st.isSymbolicLink())
            throw new Error(`replacing ${path} with a symlink: a ${st.isDirectory() ? 'directory' : 'file'} is in the way`);
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    const tmp = tempNameFor(path);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(target, tmp);
    replaceWith(tmp, path);
}
function replaceWith(tmp, path) {
    const journal = journalFor(path);
    try {
        if (journal) {
            if (exists(path))
                journal.replacing(path);
            else
                journal.created(path);
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, path);
    }
    catch (err) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(tmp, { force: true });
        throw err;
    }
}
/**
 * Moves a finished directory (built under a temporary name) to its final
 * name. The final name must not exist: a complete directory is never
 * replaced, it is immutable content named by its digest.
 */
function renameIntoPlace(tmp, final) {
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(final));
    if (exists(final))
        throw new Error(`moving ${tmp} into place: ${final} exists already`);
    journalFor(final)?.created(final);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, final);
}
/** Creates an empty file unless the name exists (never truncates: it may be a shared hardlink). */
function touchIfMissing(path, mode = 0o644) {
    if (exists(path))
        return false;
    ensureDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    journalFor(path)?.created(path);
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, mode));
        return true;
    }
    catch (err) {
        if (err.code === 'EEXIST')
            return false;
        throw err;
    }
}
/** Removes a file or symlink; in a dir transaction the journal keeps it, so an abort puts it back. */
function removeEntry(path) {
    if (!exists(path))
        return;
    journalFor(path)?.replacing(path);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
}
/** Hardlinks `existing` to `backup`: the undo copy of a file or symlink (link(2) does not follow symlinks). */
function preserveAs(existing, backup) {
    ensureDirPlain((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(backup));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.linkSync)(existing, backup);
}
function ensureDirPlain(path) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(path, { recursive: true });
}


/***/ }),

/***/ 7310:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  wo: () => (/* reexport */ layout/* FLAT_DIR */.wo),
  Fj: () => (/* reexport */ layout/* LAYERS_DIR */.Fj),
  ys: () => (/* reexport */ layout/* METADATA_DIR */.ys),
  SL: () => (/* reexport */ layout/* MULTIARCH_DIR */.SL),
  Ep: () => (/* reexport */ layout/* RESERVED_TOP_LEVEL */.Ep),
  MX: () => (/* reexport */ atomic/* TEMP_PREFIX */.MX),
  zW: () => (/* reexport */ addLayerOrigin),
  jl: () => (/* reexport */ ensureCatalogMarkers),
  A0: () => (/* reexport */ atomic/* ensureDir */.A0),
  ZO: () => (/* reexport */ layout/* flatDir */.ZO),
  pe: () => (/* reexport */ layout/* layerDir */.pe),
  iW: () => (/* reexport */ layout/* layerfsDir */.iW),
  u_: () => (/* reexport */ listSyncRecords),
  kZ: () => (/* reexport */ makeApptainerReady),
  uO: () => (/* reexport */ parseDuccManifest),
  N0: () => (/* reexport */ publishImage),
  vK: () => (/* reexport */ readSyncRecord),
  b4: () => (/* reexport */ atomic/* removeEntry */.b4),
  Qf: () => (/* reexport */ atomic/* renameIntoPlace */.Qf),
  to: () => (/* reexport */ atomic/* touchIfMissing */.to),
  Zf: () => (/* reexport */ atomic/* writeFileAtomic */.Zf),
  Id: () => (/* reexport */ writeLayerMetadata)
});

// UNUSED EXPORTS: ACTIONS, CATALOG_MARKER, ENVIRONMENT_FILE, ENV_FILE, FIXED_CATALOG_MARKERS, LayoutError, METADATA_FILES, RUNSCRIPT, apptainerFiles, archSegment, attachJournal, catalogMarkers, checkLinkPath, digestHex, duccManifestJson, envScript, goJson, isDigest, layerMetaDir, layersJson, metadataDir, multiarchLink, multiarchMetadataDir, originJson, parseOrigin, platformText, publicLink, readLayerOrigins, relativeLinkTarget, relativeMultiarchTarget, relativeTarget, replaceSymlink, runscript, shellQuote, syncRecordSchema, tempNameFor, writeImageMetadata, writeSyncRecord

// EXTERNAL MODULE: ./src/repo/layout.ts
var layout = __webpack_require__(6776);
// EXTERNAL MODULE: ./src/repo/atomic.ts
var atomic = __webpack_require__(8599);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/log/logger.ts
var log_logger = __webpack_require__(8988);
;// CONCATENATED MODULE: ./src/repo/shell.ts
/**
 * Shell quoting for the files Apptainer sources and runs. Every value from
 * an image config is untrusted: it must reach the shell as data, byte for
 * byte, and never as code.
 */
/** A POSIX single-quoted word: the only quoting every shell reads the same way. */
function shellQuote(value) {
    if (value.includes('\0'))
        throw new Error('a shell word cannot contain NUL');
    return `'${value.replaceAll("'", `'\\''`)}'`;
}
/** A name a shell can export: letters, digits, underscore, not starting with a digit. */
function isShellName(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
/**
 * Whether a value can sit inside `"${K:-value}"` unescaped in every shell:
 * bash (non-POSIX mode) treats `'` there as a quote, and `"`, `\`, `` ` ``,
 * `$`, `}` and newlines are special to some shell in that place.
 */
function isPlainDefaultWord(value) {
    return !/['"\\`$}\n\r\0]/.test(value);
}

;// CONCATENATED MODULE: ./src/repo/apptainer-files.ts
/**
 * What makes a flat dir Apptainer-ready, as data (pure): the directories and
 * bind targets Apptainer expects, the environment file and the runscript
 * made from the image config, the action scripts, and the legacy symlinks.
 *
 * Apptainer, started on a plain directory, sources every
 * `/.singularity.d/env/*.sh` in order and then runs one of
 * `/.singularity.d/actions/{exec,run,shell,start,test}`; `run` hands over to
 * `/.singularity.d/runscript`, which is where Docker's ENTRYPOINT and CMD
 * live. Bind points (`/dev`, `/proc`, `/etc/hosts`, …) must exist in the
 * image because a CVMFS tree is read-only.
 */

const ENV_FILE = '.singularity.d/env/10-docker2singularity.sh';
const ENVIRONMENT_FILE = '.singularity.d/env/90-environment.sh';
const RUNSCRIPT = '.singularity.d/runscript';
/** Parents come before children: the writer creates them in this order. */
const DIRS = [
    '.singularity.d',
    '.singularity.d/actions',
    '.singularity.d/env',
    '.singularity.d/libs',
    'dev',
    'proc',
    'sys',
    'tmp',
    'var',
    'var/tmp',
    'home',
    'root',
    'etc',
    'cvmfs', // bind point for /cvmfs in HEP jobs
    'srv', // bind point for the job's work dir (as OSG's images have)
];
const LOAD_ENV = `for __apptainer_env in /.singularity.d/env/*.sh; do
    if test -f "$__apptainer_env"; then . "$__apptainer_env"; fi
done
unset __apptainer_env
`;
/** The action scripts, each written here from Apptainer's documented behaviour. */
const ACTIONS = {
    exec: `#!/bin/sh
# apptainer exec: load the container environment, then run the given command.
${LOAD_ENV}exec "$@"
`,
    run: `#!/bin/sh
# apptainer run: load the container environment, then hand the arguments to
# the runscript (the image's ENTRYPOINT/CMD); without one, start a shell.
${LOAD_ENV}if test -x /.singularity.d/runscript; then
    exec /.singularity.d/runscript "$@"
fi
echo "This container has no runscript; starting /bin/sh" >&2
exec /bin/sh "$@"
`,
    shell: `#!/bin/sh
# apptainer shell: load the container environment, then start an interactive
# shell: the one named by APPTAINER_SHELL (or SINGULARITY_SHELL), else bash,
# else sh.
${LOAD_ENV}__apptainer_shell="\${APPTAINER_SHELL:-\${SINGULARITY_SHELL:-}}"
if test -n "$__apptainer_shell" && test -x "$__apptainer_shell"; then
    exec "$__apptainer_shell" "$@"
fi
if test -x /bin/bash; then
    SHELL=/bin/bash
    PS1="Apptainer> "
    export SHELL PS1
    exec /bin/bash --norc "$@"
fi
if test -x /bin/sh; then
    SHELL=/bin/sh
    export SHELL
    exec /bin/sh "$@"
fi
echo "This container has no /bin/sh to start" >&2
exit 1
`,
    start: `#!/bin/sh
# apptainer instance start: load the container environment, then run the
# instance's startscript if the image has one.
${LOAD_ENV}if test -x /.singularity.d/startscript; then
    exec /.singularity.d/startscript "$@"
fi
`,
    test: `#!/bin/sh
# apptainer test: load the container environment, then run the image's test
# script if it has one.
${LOAD_ENV}if test -x /.singularity.d/test; then
    exec /.singularity.d/test "$@"
fi
echo "This container defines no test" >&2
exit 0
`,
};
/**
 * `10-docker2singularity.sh`: each `K=v` of the config as
 * `export K="${K:-v}"` (a value set when the container starts wins), PATH set
 * outright. A value that cannot sit safely inside `"${…}"` is assigned in
 * single quotes instead, with the same meaning. Docker lets the last of
 * duplicate keys win; so does this.
 */
function envScript(env) {
    const skipped = [];
    const byKey = new Map();
    for (const entry of env ?? []) {
        const eq = entry.indexOf('=');
        const key = eq < 0 ? entry : entry.slice(0, eq);
        const value = eq < 0 ? undefined : entry.slice(eq + 1);
        if (!isShellName(key)) {
            skipped.push(`${JSON.stringify(key)}: not a valid variable name`);
            continue;
        }
        if (value?.includes('\0')) {
            skipped.push(`${key}: the value contains NUL`);
            continue;
        }
        byKey.delete(key); // keep the position of the last occurrence
        byKey.set(key, value);
    }
    const lines = ['#!/bin/sh', '# The ENV of the image config, written by cvmfs-unpack.', '# A variable set when the container starts keeps its value; PATH is set outright.'];
    for (const [key, value] of byKey) {
        if (value === undefined)
            lines.push(`export ${key}="\${${key}:-}"`);
        else if (key === 'PATH')
            lines.push(isPlainDefaultWord(value) ? `export PATH="${value}"` : `PATH=${shellQuote(value)}; export PATH`);
        else if (isPlainDefaultWord(value))
            lines.push(`export ${key}="\${${key}:-${value}}"`);
        else
            lines.push(`if test -z "\${${key}:-}"; then ${key}=${shellQuote(value)}; fi; export ${key}`);
    }
    return { content: lines.join('\n') + '\n', skipped };
}
/**
 * The runscript, with Docker's semantics: the ENTRYPOINT words, followed by
 * the arguments given to `apptainer run`, or by the CMD words when there are
 * none. (Like Apptainer's own OCI runscript, it keeps the caller's working
 * directory rather than WorkingDir.)
 */
function runscript(config) {
    const entrypoint = config.Entrypoint ?? [];
    const cmd = config.Cmd ?? [];
    const words = (ws) => ws.map(shellQuote).join(' ');
    const lines = ['#!/bin/sh', '# The image command, as Docker runs it: ENTRYPOINT followed by the arguments', '# given, or by CMD when none are given. Written by cvmfs-unpack.'];
    if (cmd.length > 0)
        lines.push('if test "$#" -eq 0; then', `    set -- ${words(cmd)}`, 'fi');
    if (entrypoint.length === 0) {
        lines.push('if test "$#" -eq 0; then', '    echo "This image defines neither ENTRYPOINT nor CMD: give a command to run" >&2', '    exit 1', 'fi');
        lines.push('exec "$@"');
    }
    else {
        lines.push(`exec ${words(entrypoint)} "$@"`);
    }
    return lines.join('\n') + '\n';
}
/** Everything a flat dir needs, in creation order. Throws when Entrypoint or Cmd holds a NUL byte. */
function apptainerFiles(config) {
    const env = envScript(config.Env);
    const entries = [
        ...DIRS.map((path) => ({ kind: 'dir', path, mode: 0o755, policy: 'if-missing' })),
        { kind: 'file', path: 'etc/hosts', mode: 0o644, policy: 'if-missing', content: '' },
        { kind: 'file', path: 'etc/resolv.conf', mode: 0o644, policy: 'if-missing', content: '' },
        { kind: 'file', path: ENV_FILE, mode: 0o755, policy: 'replace', content: env.content },
        {
            kind: 'file',
            path: ENVIRONMENT_FILE,
            mode: 0o755,
            policy: 'if-missing',
            content: '#!/bin/sh\n# Custom environment of the container; the image config\'s ENV is in 10-docker2singularity.sh.\n',
        },
        { kind: 'file', path: RUNSCRIPT, mode: 0o755, policy: 'replace', content: runscript(config) },
        ...Object.entries(ACTIONS).map(([name, content]) => ({ kind: 'file', path: `.singularity.d/actions/${name}`, mode: 0o755, policy: 'replace', content })),
        { kind: 'symlink', path: 'singularity', target: RUNSCRIPT, policy: 'if-missing' },
        { kind: 'symlink', path: 'environment', target: ENVIRONMENT_FILE, policy: 'if-missing' },
    ];
    return { entries, skipped: env.skipped };
}

;// CONCATENATED MODULE: ./src/repo/apptainer.ts
/**
 * Writes the Apptainer files (apptainer-files.ts) into a flat dir. The flat
 * dir holds an untrusted image: `etc` may be a symlink to `/`, `.singularity.d`
 * a file. Every parent is checked with lstat from the root down and an entry
 * whose parent is a symlink or not a directory is skipped with a warning, so
 * nothing is ever written outside the flat dir. Files are made new (O_EXCL,
 * then renamed over the old name): an existing file may be a hardlink of a
 * layer file and is never opened for writing.
 */





function kindOf(path) {
    try {
        const st = (0,external_node_fs_.lstatSync)(path);
        if (st.isSymbolicLink())
            return 'symlink';
        return st.isDirectory() ? 'dir' : 'other';
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return 'missing';
        throw err;
    }
}
/** Why the parents of `rel` are unsafe to write into, or undefined when every one is a real directory. */
function unsafeParent(root, rel) {
    const parts = rel.split('/').slice(0, -1);
    let cur = root;
    for (const p of parts) {
        cur = (0,external_node_path_.join)(cur, p);
        const k = kindOf(cur);
        // A symlinked parent could lead anywhere, even out of the root: never write through it.
        if (k === 'symlink')
            return `${cur.slice(root.length + 1)} is a symlink`;
        if (k === 'missing')
            return `${cur.slice(root.length + 1)} is missing`;
        if (k === 'other')
            return `${cur.slice(root.length + 1)} is not a directory`;
    }
    return undefined;
}
function writeNewFile(path, content, mode) {
    const tmp = (0,atomic/* tempNameFor */.DU)(path);
    // O_EXCL|O_NOFOLLOW: a fresh inode, never an existing (possibly shared) file.
    const fd = (0,external_node_fs_.openSync)(tmp, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW, mode);
    try {
        const buf = Buffer.from(content, 'utf8');
        let off = 0;
        while (off < buf.length)
            off += (0,external_node_fs_.writeSync)(fd, buf, off, buf.length - off);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    try {
        (0,external_node_fs_.chmodSync)(tmp, mode); // the umask must not take the execute bits of a script
        (0,external_node_fs_.renameSync)(tmp, path); // replaces the name, never writes into the old inode
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw err;
    }
}
function apply(root, e) {
    const path = (0,external_node_path_.join)(root, e.path);
    const why = unsafeParent(root, e.path);
    if (why)
        return why;
    const k = kindOf(path);
    switch (e.kind) {
        case 'dir':
            if (k === 'dir')
                return 'exists';
            if (k === 'symlink')
                return 'exists (a symlink)'; // the image's own choice; it is never followed here
            if (k !== 'missing')
                return 'exists as a file';
            (0,external_node_fs_.mkdirSync)(path, { mode: e.mode });
            (0,external_node_fs_.chmodSync)(path, e.mode);
            return undefined;
        case 'symlink':
            if (k !== 'missing')
                return 'exists';
            (0,external_node_fs_.symlinkSync)(e.target, path);
            return undefined;
        case 'file':
            if (k === 'dir')
                return 'exists as a directory';
            if (e.policy === 'if-missing' && k !== 'missing')
                return 'exists';
            writeNewFile(path, e.content, e.mode);
            return undefined;
    }
}
/**
 * Makes `flatRoot` Apptainer-ready for an image with this config. Synchronous
 * (a few dozen small files). Entries the image already has are kept where the
 * layout says so; unsafe places are skipped and logged as warnings.
 */
function makeApptainerReady(flatRoot, config, logger = log_logger/* nullLogger */.G) {
    const plan = apptainerFiles(config);
    for (const s of plan.skipped)
        logger.warn('left an ENV entry out of the Apptainer environment', { entry: s });
    const result = { written: [], skipped: [] };
    if (kindOf(flatRoot) !== 'dir')
        throw new Error(`making ${flatRoot} Apptainer-ready: not a directory`);
    for (const e of plan.entries) {
        const reason = apply(flatRoot, e);
        if (reason === undefined) {
            result.written.push(e.path);
        }
        else {
            result.skipped.push({ path: e.path, reason });
            if (reason !== 'exists' && reason !== 'exists (a symlink)')
                logger.warn('skipped an Apptainer file of the flat dir', { path: e.path, reason });
        }
    }
    return result;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/repo/ducc-json.ts
/**
 * The JSON files DUCC writes and reads, byte-compatible with its Go encoding
 * (encoding/json), so DUCC's garbage collector and tools keep working on a
 * repository we write:
 *
 * - `.metadata/<name>/manifest.json`: DUCC's `Manifest` struct has no json
 *   tags, so Go writes the Go field names, compact, in declaration order:
 *   `{"SchemaVersion":2,"MediaType":"…","Config":{"MediaType":"…","Size":N,"Digest":"sha256:…"},"Layers":[{…}]}`.
 * - `.layers/<xx>/<hex>/.metadata/layers.json`: a one-element array indented
 *   with one space (MarshalIndent(v, "", " ")), keys `id`, `created`,
 *   `compressed-diff-digest`, `diff-digest`, `diff-size` (omitted when 0).
 * - `.layers/<xx>/<hex>/.metadata/origin.json`: `{"origin":[…]}` compact.
 */


/** Go's encoding/json escapes <, > and & (HTML safety) and U+2028/U+2029; JSON.stringify does not. */
function goJson(value, indent) {
    return JSON.stringify(value, null, indent)
        .replaceAll('<', '\\u003c')
        .replaceAll('>', '\\u003e')
        .replaceAll('&', '\\u0026')
        .replaceAll('\u2028', '\\u2028')
        .replaceAll('\u2029', '\\u2029');
}
const goDescriptor = (d) => ({ MediaType: d.mediaType ?? '', Size: d.size, Digest: d.digest });
/** manifest.json as DUCC writes it. */
function duccManifestJson(m) {
    return goJson({
        SchemaVersion: m.schemaVersion ?? 0,
        MediaType: m.mediaType ?? '',
        Config: goDescriptor(m.config),
        Layers: m.layers.map(goDescriptor),
    });
}
/** Reads a manifest.json in DUCC's form (Go matches keys case-insensitively; so do we). */
const duccManifestSchema = schemas/* object */.Ikc({
    config: schemas/* object */.Ikc({ digest: schemas/* string */.YjP() }),
    layers: schemas/* array */.YOg(schemas/* object */.Ikc({ digest: schemas/* string */.YjP() })).nullable().optional(),
});
function parseDuccManifest(text) {
    const lower = (v) => {
        if (Array.isArray(v))
            return v.map(lower);
        if (v && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lower(x)]));
        return v;
    };
    const m = duccManifestSchema.parse(lower(JSON.parse(text)));
    return { configDigest: m.config.digest, layerDigests: (m.layers ?? []).map((l) => l.digest) };
}
/** Go's time.Time text: RFC 3339 with fractional seconds, no trailing zeros. */
function goTime(t) {
    const d = t === undefined ? new Date() : typeof t === 'string' ? new Date(t) : t;
    if (Number.isNaN(d.getTime()))
        return typeof t === 'string' ? t : new Date().toISOString();
    return d.toISOString().replace(/\.?0+Z$/, 'Z');
}
/** layers.json as DUCC writes it. */
function layersJson(info) {
    const diffHex = (0,layout/* digestHex */.sU)(info.diffId.startsWith('sha256:') ? info.diffId : `sha256:${info.diffId}`);
    (0,layout/* digestHex */.sU)(info.digest);
    const entry = {
        id: diffHex,
        created: goTime(info.created),
        'compressed-diff-digest': info.digest,
        'diff-digest': `sha256:${diffHex}`,
    };
    if (info.size !== 0)
        entry['diff-size'] = info.size;
    return goJson([entry], ' ');
}
const originSchema = schemas/* object */.Ikc({ origin: schemas/* array */.YOg(schemas/* string */.YjP()).nullable().optional() });
/** The origin list of an origin.json text (DUCC's may hold duplicates; they are dropped). */
function ducc_json_parseOrigin(text) {
    return [...new Set(originSchema.parse(JSON.parse(text)).origin ?? [])];
}
/** origin.json with `configDigest` added once. */
function originJson(existing, configDigest) {
    (0,layout/* digestHex */.sU)(configDigest);
    return goJson({ origin: [...new Set([...existing, configDigest])] });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/repo/metadata.ts
/**
 * Metadata files of the layout: per layer (`layers.json`, `origin.json`)
 * and per published name (`manifest.json` in DUCC's form, the registry's raw
 * manifest bytes, the config, and our own `sync.json` record). All writes are
 * atomic (atomic.ts).
 */







/** Names of the files in `.metadata/<registry>/<repository>:<tag>/`. */
const METADATA_FILES = {
    /** DUCC's re-serialised manifest (read by DUCC's GC and tools). */
    manifest: 'manifest.json',
    /** The manifest exactly as the registry served it (its digest is the manifest digest). */
    rawManifest: 'manifest.raw.json',
    /** The image config blob as served. */
    config: 'config.json',
    /** Our record of the last sync (SyncRecord). */
    sync: 'sync.json',
};
/**
 * Writes `<layerDirAbs>/.metadata/layers.json` (and `external-links.json`
 * when the layer has hardlinks into lower layers). `layerDirAbs` is the
 * layer's directory, usually still under its temporary name.
 */
function writeLayerMetadata(layerDirAbs, info) {
    const meta = (0,external_node_path_.join)(layerDirAbs, layout/* METADATA_DIR */.ys);
    (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(meta, 'layers.json'), layersJson(info));
    if (info.externalLinks && info.externalLinks.length > 0) {
        (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(meta, 'external-links.json'), JSON.stringify(info.externalLinks));
    }
}
/** Adds `configDigest` to `<layerDirAbs>/.metadata/origin.json` once; rewrites only on change. */
function addLayerOrigin(layerDirAbs, configDigest) {
    const path = (0,external_node_path_.join)(layerDirAbs, layout/* METADATA_DIR */.ys, 'origin.json');
    let existing = [];
    let raw;
    try {
        raw = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    if (raw !== undefined) {
        try {
            existing = ducc_json_parseOrigin(raw);
        }
        catch (err) {
            throw new Error(`adding an origin to ${path}: the file is not an origin list`, { cause: err });
        }
    }
    const next = originJson(existing, configDigest);
    if (next !== raw)
        (0,atomic/* writeFileAtomic */.Zf)(path, next);
}
/** The origins recorded for a layer ([] when none). */
function readLayerOrigins(layerDirAbs) {
    try {
        return parseOrigin(readFileSync(join(layerDirAbs, METADATA_DIR, 'origin.json'), 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return [];
        throw err;
    }
}
/** Creates every `.cvmfscatalog` marker the layout asks for (for these layers and flats), never truncating one. */
function ensureCatalogMarkers(root, opts = {}) {
    for (const rel of (0,layout/* catalogMarkers */.Jb)(opts)) {
        const dir = (0,external_node_path_.join)(root, rel.slice(0, -(layout/* CATALOG_MARKER */.N9.length + 1)));
        // A marker goes only into a directory that exists or is one of the fixed top-level ones.
        if (!(0,external_node_fs_.existsSync)(dir) && rel.split('/').length > 2)
            continue;
        (0,atomic/* touchIfMissing */.to)((0,external_node_path_.join)(root, rel));
    }
}
const syncRecordSchema = schemas/* object */.Ikc({
    ref: schemas/* string */.YjP(),
    topDigest: schemas/* string */.YjP(),
    manifestDigest: schemas/* string */.YjP(),
    configDigest: schemas/* string */.YjP(),
    platform: schemas/* string */.YjP(),
    syncedAt: schemas/* string */.YjP(),
});
/** Writes manifest.json, manifest.raw.json and config.json into a metadata dir (absolute). */
function writeImageMetadata(dirAbs, meta) {
    (0,atomic/* ensureDir */.A0)(dirAbs);
    (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dirAbs, METADATA_FILES.manifest), duccManifestJson(meta.manifest));
    (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dirAbs, METADATA_FILES.rawManifest), meta.manifestBytes);
    (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dirAbs, METADATA_FILES.config), meta.configBytes);
}
/** Writes sync.json into a metadata dir (absolute). */
function writeSyncRecord(dirAbs, record) {
    (0,atomic/* writeFileAtomic */.Zf)((0,external_node_path_.join)(dirAbs, METADATA_FILES.sync), JSON.stringify(syncRecordSchema.parse(record), null, 2) + '\n');
}
/**
 * The record of `linkPath` (`<registry>/<repository>:<tag>`), or of its
 * `.multiarch` entry for `platform`; undefined when there is none or it is
 * unreadable (a damaged record only costs a re-sync).
 */
async function readSyncRecord(root, linkPath, platform) {
    const dir = platform ? (0,layout/* multiarchMetadataDir */.a3)(linkPath, platform) : (0,layout/* metadataDir */.PQ)(linkPath);
    let text;
    try {
        text = await (0,promises_.readFile)((0,external_node_path_.join)(root, dir, METADATA_FILES.sync), 'utf8');
    }
    catch {
        return undefined;
    }
    const parsed = syncRecordSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : undefined;
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** Every sync record under `.metadata/` (for `ls`), sorted by link path. */
function listSyncRecords(root) {
    const base = (0,external_node_path_.join)(root, layout/* METADATA_DIR */.ys);
    const out = [];
    const walk = (rel, depth) => {
        if (depth > 32)
            return;
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(base, rel), { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries) {
            const childRel = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory() && !e.name.startsWith('.tmp-'))
                walk(childRel, depth + 1);
            else if (e.isFile() && e.name === METADATA_FILES.sync && rel) {
                const parsed = syncRecordSchema.safeParse(safeJson((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(base, childRel), 'utf8')));
                if (parsed.success)
                    out.push({ linkPath: rel, record: parsed.data });
            }
        }
    };
    walk('', 0);
    return out.sort((a, b) => (a.linkPath < b.linkPath ? -1 : a.linkPath > b.linkPath ? 1 : 0));
}

;// CONCATENATED MODULE: ./src/repo/links.ts
/**
 * Publishing a name: the metadata of `.metadata/<name>/`, then the relative
 * symlink `<name> -> ../../.flat/<xx>/<hex>` swapped atomically, then the
 * sync record (last: it says "done" for the no-op check). With several
 * platforms, each also gets `.multiarch/<arch>/<name>` and its own metadata.
 */





/** `linux/amd64`, `linux/arm64/v8`: the platform text stored in sync.json. */
function platformText(p) {
    return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
/**
 * Writes metadata and links of one name for one platform into `root`.
 * Returns the absolute paths of the links written. The flat dir must exist.
 */
function publishImage(root, img) {
    const flat = (0,external_node_path_.join)(root, (0,layout/* flatDir */.ZO)(img.configDigest));
    if (!(0,external_node_fs_.existsSync)(flat))
        throw new Error(`linking ${img.linkPath}: the flat dir ${(0,layout/* flatDir */.ZO)(img.configDigest)} does not exist`);
    const record = {
        ref: img.ref,
        topDigest: img.topDigest,
        manifestDigest: img.manifestDigest,
        configDigest: img.configDigest,
        platform: platformText(img.platform),
        syncedAt: (img.syncedAt ?? new Date()).toISOString(),
    };
    const links = [];
    const place = (metaRel, linkRel, target) => {
        const metaAbs = (0,external_node_path_.join)(root, metaRel);
        writeImageMetadata(metaAbs, img);
        (0,atomic/* replaceSymlink */.u3)((0,external_node_path_.join)(root, linkRel), target);
        writeSyncRecord(metaAbs, record);
        links.push((0,external_node_path_.join)(root, linkRel));
    };
    if (img.primary !== false) {
        place((0,layout/* metadataDir */.PQ)(img.linkPath), (0,layout/* publicLink */.ym)(img.linkPath), (0,layout/* relativeLinkTarget */.sx)(img.linkPath, img.configDigest));
    }
    if (img.multiarch) {
        place((0,layout/* multiarchMetadataDir */.a3)(img.linkPath, img.platform), (0,layout/* multiarchLink */.wW)(img.linkPath, img.platform), (0,layout/* relativeMultiarchTarget */.nc)(img.linkPath, img.platform, img.configDigest));
    }
    return links;
}

;// CONCATENATED MODULE: ./src/repo/index.ts
/** The repository layout of DESIGN.md section 2: paths, Apptainer files, metadata, links. */










/***/ }),

/***/ 6776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ep: () => (/* binding */ RESERVED_TOP_LEVEL),
/* harmony export */   Fj: () => (/* binding */ LAYERS_DIR),
/* harmony export */   Jb: () => (/* binding */ catalogMarkers),
/* harmony export */   N9: () => (/* binding */ CATALOG_MARKER),
/* harmony export */   PQ: () => (/* binding */ metadataDir),
/* harmony export */   SL: () => (/* binding */ MULTIARCH_DIR),
/* harmony export */   ZO: () => (/* binding */ flatDir),
/* harmony export */   a3: () => (/* binding */ multiarchMetadataDir),
/* harmony export */   iW: () => (/* binding */ layerfsDir),
/* harmony export */   nc: () => (/* binding */ relativeMultiarchTarget),
/* harmony export */   pe: () => (/* binding */ layerDir),
/* harmony export */   sU: () => (/* binding */ digestHex),
/* harmony export */   sx: () => (/* binding */ relativeLinkTarget),
/* harmony export */   wW: () => (/* binding */ multiarchLink),
/* harmony export */   wo: () => (/* binding */ FLAT_DIR),
/* harmony export */   ym: () => (/* binding */ publicLink),
/* harmony export */   ys: () => (/* binding */ METADATA_DIR)
/* harmony export */ });
/* unused harmony exports LayoutError, isDigest, layerMetaDir, archSegment, checkLinkPath, relativeTarget, FIXED_CATALOG_MARKERS */
/**
 * The repository layout (DESIGN.md section 2): a contract shared with DUCC,
 * its garbage collector, Apptainer users and the containerd CVMFS snapshotter.
 * Every path here is relative to the repository root (`/cvmfs/<repo>` or the
 * target dir) and is built only from validated parts.
 *
 *   <root>/
 *   ├── .layers/                                   .cvmfscatalog
 *   │   └── <xx>/                                  .cvmfscatalog
 *   │       └── <hex>/                  (<hex> = compressed blob digest)
 *   │           ├── layerfs/                       .cvmfscatalog, one unpacked layer
 *   │           └── .metadata/
 *   │               ├── layers.json                diff ID, sizes, digests
 *   │               └── origin.json                {"origin":["sha256:<config>",…]}
 *   ├── .flat/                                     .cvmfscatalog
 *   │   └── <xx>/
 *   │       └── <hex>/                  (<hex> = image config digest = image ID)
 *   │           ├── .cvmfscatalog
 *   │           ├── .singularity.d/ …              Apptainer-ready root file system
 *   │           └── bin/ etc/ usr/ …
 *   ├── .metadata/
 *   │   ├── <registry>/<repository>:<tag>/         manifest.json (DUCC's form),
 *   │   │                                          manifest.raw.json, config.json, sync.json
 *   │   └── .multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>/   (same files)
 *   ├── .multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>
 *   │                                   -> ../../…/.flat/<xx>/<hex>   (relative symlink)
 *   └── <registry>/<repository>:<tag>   -> ../../.flat/<xx>/<hex>     (relative symlink)
 *
 * A reference by digest uses `<repository>@sha256:<hex>` in place of
 * `<repository>:<tag>`. A registry port stays in the name (`host:5005/…`).
 */
const LAYERS_DIR = '.layers';
const FLAT_DIR = '.flat';
const METADATA_DIR = '.metadata';
const MULTIARCH_DIR = '.multiarch';
const CATALOG_MARKER = '.cvmfscatalog';
/** Names at the top of the repository that no image link may take. */
const RESERVED_TOP_LEVEL = [LAYERS_DIR, FLAT_DIR, METADATA_DIR, MULTIARCH_DIR, CATALOG_MARKER];
class LayoutError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'LayoutError';
    }
}
const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;
/**
 * The hex part of a sha256 digest. Anything else is refused, so a hostile
 * manifest can never steer a path with '/', '..' or an odd length.
 */
function digestHex(digest) {
    const m = DIGEST_RE.exec(digest);
    if (!m)
        throw new LayoutError(`invalid digest ${JSON.stringify(digest)}: expected sha256: and 64 lower-case hex digits`);
    return m[1];
}
/** Whether the string is a digest this layout accepts. */
function isDigest(digest) {
    return DIGEST_RE.test(digest);
}
function sharded(base, digest) {
    const hex = digestHex(digest);
    return `${base}/${hex.slice(0, 2)}/${hex}`;
}
/** `.layers/<xx>/<hex>` for a layer's compressed blob digest. */
function layerDir(digest) {
    return sharded(LAYERS_DIR, digest);
}
/** `.layers/<xx>/<hex>/layerfs`: the path the CVMFS snapshotter bind-mounts. */
function layerfsDir(digest) {
    return `${layerDir(digest)}/layerfs`;
}
/** `.layers/<xx>/<hex>/.metadata` */
function layerMetaDir(digest) {
    return `${layerDir(digest)}/${METADATA_DIR}`;
}
/** `.flat/<xx>/<hex>` for an image config digest (the image ID). */
function flatDir(configDigest) {
    return sharded(FLAT_DIR, configDigest);
}
const ARCH_RE = /^[a-z0-9][a-z0-9_.-]{0,31}$/i;
/** `amd64`, `arm64:v8`: one path segment, validated. */
function archSegment(platform) {
    const { architecture, variant } = platform;
    if (!ARCH_RE.test(architecture))
        throw new LayoutError(`invalid architecture ${JSON.stringify(architecture)}`);
    if (variant === undefined || variant === '')
        return architecture;
    if (!ARCH_RE.test(variant))
        throw new LayoutError(`invalid platform variant ${JSON.stringify(variant)}`);
    return `${architecture}:${variant}`;
}
/**
 * Checks a link path from src/reference (`<registry>/<repository>:<tag>` or
 * `…@sha256:<hex>`): relative, no empty/'.'/'..' segment, no NUL, and not
 * starting with one of the layout's own top-level names or any dot name.
 */
function checkLinkPath(linkPath) {
    const fail = (why) => {
        throw new LayoutError(`invalid image link path ${JSON.stringify(linkPath)}: ${why}`);
    };
    if (linkPath.includes('\0'))
        fail('contains NUL');
    if (linkPath.includes('\\'))
        fail('contains a backslash');
    const segments = linkPath.split('/');
    if (segments.length < 2)
        fail('expected <registry>/<repository>:<tag>');
    for (const s of segments) {
        // Each rule keeps the link inside its own subtree of the repository.
        if (s === '')
            fail('empty path segment (absolute path or "//")');
        if (s === '.' || s === '..')
            fail('"." or ".." segment');
    }
    if (segments[0].startsWith('.'))
        fail('the registry name may not start with "."');
    const last = segments[segments.length - 1];
    if (!last.includes(':') && !last.includes('@'))
        fail('the last segment has neither :tag nor @digest');
    return linkPath;
}
/** The public link: `<registry>/<repository>:<tag>`. */
function publicLink(linkPath) {
    return checkLinkPath(linkPath);
}
/** `.metadata/<registry>/<repository>:<tag>` */
function metadataDir(linkPath) {
    return `${METADATA_DIR}/${checkLinkPath(linkPath)}`;
}
/** `.multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>` */
function multiarchLink(linkPath, platform) {
    return `${MULTIARCH_DIR}/${archSegment(platform)}/${checkLinkPath(linkPath)}`;
}
/** `.metadata/.multiarch/<arch>[:<variant>]/<registry>/<repository>:<tag>` */
function multiarchMetadataDir(linkPath, platform) {
    return `${METADATA_DIR}/${multiarchLink(linkPath, platform)}`;
}
/**
 * The symlink target, relative to the link's own directory, that reaches the
 * flat dir: one `..` per directory the link sits in.
 * `registry.hub.docker.com/library/centos:centos7` → `../../.flat/7b/7b47…`.
 */
function relativeTarget(linkRelPath, configDigest) {
    const depth = linkRelPath.split('/').length - 1;
    return `${'../'.repeat(depth)}${flatDir(configDigest)}`;
}
/** The relative target of the public link of `linkPath`. */
function relativeLinkTarget(linkPath, configDigest) {
    return relativeTarget(publicLink(linkPath), configDigest);
}
/** The relative target of the `.multiarch` link of `linkPath` for one platform. */
function relativeMultiarchTarget(linkPath, platform, configDigest) {
    return relativeTarget(multiarchLink(linkPath, platform), configDigest);
}
/** Catalog markers that exist once per repository. */
const FIXED_CATALOG_MARKERS = [`${LAYERS_DIR}/${CATALOG_MARKER}`, `${FLAT_DIR}/${CATALOG_MARKER}`];
/**
 * Every `.cvmfscatalog` marker the layout asks for, for the given layers and
 * flat dirs: `.layers/`, `.layers/<xx>/`, each `layerfs/`, `.flat/`, each
 * `.flat/<xx>/<hex>/`. Sorted, no duplicates.
 */
function catalogMarkers(opts = {}) {
    const out = new Set(FIXED_CATALOG_MARKERS);
    for (const d of opts.layers ?? []) {
        const hex = digestHex(d);
        out.add(`${LAYERS_DIR}/${hex.slice(0, 2)}/${CATALOG_MARKER}`);
        out.add(`${layerfsDir(d)}/${CATALOG_MARKER}`);
    }
    for (const d of opts.flats ?? [])
        out.add(`${flatDir(d)}/${CATALOG_MARKER}`);
    return [...out].sort();
}


/***/ })

};
