export const id = 371;
export const ids = [371];
export const modules = {

/***/ 371:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCheckMode: () => (/* binding */ runCheckMode)
});

// UNUSED EXPORTS: CHECK_INPUT_NAMES, DEFAULT_CHECK_FORMAT, DEFAULT_RECIPE, checkArgv, parseCheckInputs

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 20 modules
var core = __webpack_require__(3218);
// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/help.ts
var help = __webpack_require__(7911);
// EXTERNAL MODULE: ./src/cli/output.ts
var cli_output = __webpack_require__(6657);
// EXTERNAL MODULE: ./src/log/errors.ts
var errors = __webpack_require__(4447);
;// CONCATENATED MODULE: ./src/cli/main.ts




const VERSION = '0.1.0';
// Each command is loaded when it runs: `sync` need not compile the agent's
// OIDC stack, and `--help` compiles nothing (start-up time is the no-op cost).
const commands = {
    sync: async () => (await __webpack_require__.e(/* import() */ 770).then(__webpack_require__.bind(__webpack_require__, 8770))).runSync,
    loop: async () => (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(346), __webpack_require__.e(358)]).then(__webpack_require__.bind(__webpack_require__, 358))).runLoop,
    serve: async () => (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(678), __webpack_require__.e(346), __webpack_require__.e(149)]).then(__webpack_require__.bind(__webpack_require__, 1149))).runServe,
    notify: async () => (await __webpack_require__.e(/* import() */ 456).then(__webpack_require__.bind(__webpack_require__, 1075))).runNotify,
    gc: async () => (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(346), __webpack_require__.e(983), __webpack_require__.e(531)]).then(__webpack_require__.bind(__webpack_require__, 3531))).runGcCommand,
    ls: async () => (await Promise.all(/* import() */[__webpack_require__.e(983), __webpack_require__.e(300)]).then(__webpack_require__.bind(__webpack_require__, 4300))).runLs,
    check: async () => (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(346), __webpack_require__.e(118)]).then(__webpack_require__.bind(__webpack_require__, 118))).runCheckCommand,
};
async function main(argv, io = { stdout: process.stdout, stderr: process.stderr, env: process.env }) {
    let parsed;
    try {
        parsed = (0,args/* parseCommandLine */.Du)(argv);
    }
    catch (err) {
        if (err instanceof args/* UsageError */.eb) {
            io.stderr.write(`cvmfs-unpack: ${err.message}\n${(0,help/* usageLine */.U0)(err.command)}\n`);
            return 2;
        }
        throw err;
    }
    if (!('values' in parsed)) {
        const topic = parsed.topic;
        const text = (0,args/* helpText */.BK)(topic);
        if (topic !== undefined && text === undefined) {
            io.stderr.write(`cvmfs-unpack: no help for "${topic}"\n${(0,help/* usageLine */.U0)()}\n`);
            return 2;
        }
        io.stdout.write(`${text ?? help/* TOP_HELP */.mD}\n`);
        return 0;
    }
    if (parsed.command === 'version') {
        io.stdout.write(`cvmfs-unpack ${VERSION}\n`);
        return 0;
    }
    const load = commands[parsed.command];
    if (!load)
        return 2;
    const json = parsed.values.json === true;
    const output = (0,cli_output/* createOutput */.qw)({ stderr: io.stderr, json, verbose: io.env.CVMFS_UNPACK_DEBUG === '1' });
    const ctx = {
        command: parsed.command,
        values: parsed.values,
        positionals: parsed.positionals,
        io,
        output,
        json,
    };
    try {
        const run = await load();
        return await run(ctx);
    }
    catch (err) {
        output.close();
        if (err instanceof args/* UsageError */.eb) {
            io.stderr.write(`cvmfs-unpack ${parsed.command}: ${err.message}\n${(0,help/* usageLine */.U0)(err.command ?? parsed.command)}\n`);
            return 2;
        }
        io.stderr.write(`cvmfs-unpack ${parsed.command}: ${(0,errors/* describeError */.U)(err)}\n`);
        return 1;
    }
}

// EXTERNAL MODULE: ./src/action/inputs.ts
var action_inputs = __webpack_require__(1729);
;// CONCATENATED MODULE: ./src/action/check.ts
/**
 * The action's `mode: check`, for wishlist repositories: runs
 * `cvmfs-unpack check` on the runner (no agent, no CVMFS), with GitHub
 * annotations on the pull request and a table in the job summary.
 */



/** The inputs only `mode: check` reads (besides `mode` and `platform`). */
const CHECK_INPUT_NAMES = (/* unused pure expression or super */ null && (['recipe', 'against', 'format', 'strict']));
const DEFAULT_RECIPE = 'recipe.yaml';
const DEFAULT_CHECK_FORMAT = 'github';
/** The check mode's inputs (empty = unset, as on a runner). */
function parseCheckInputs(raw) {
    const get = (k) => (raw[k]?.trim() ? raw[k].trim() : undefined);
    const format = get('format') ?? DEFAULT_CHECK_FORMAT;
    if (format !== 'github' && format !== 'text' && format !== 'gitlab')
        throw new action_inputs/* InputError */.dz(`input "format" must be github, text or gitlab, not ${JSON.stringify(format)}`);
    const strict = get('strict') ?? 'false';
    if (!/^(true|false)$/i.test(strict))
        throw new action_inputs/* InputError */.dz('input "strict" must be true or false');
    const inputs = { recipe: get('recipe') ?? DEFAULT_RECIPE, format, strict: strict.toLowerCase() === 'true' };
    const against = get('against');
    if (against !== undefined)
        inputs.against = against;
    const platform = get('platform');
    if (platform !== undefined)
        inputs.platform = platform;
    return inputs;
}
/** The command line the check mode runs. */
function checkArgv(inputs) {
    const argv = ['check', inputs.recipe, '--format', inputs.format];
    if (inputs.against !== undefined)
        argv.push('--against', inputs.against);
    if (inputs.strict)
        argv.push('--strict');
    if (inputs.platform !== undefined)
        argv.push('--platform', inputs.platform);
    return argv;
}
async function runCheckMode() {
    const inputs = parseCheckInputs({
        recipe: core/* getInput */.V4('recipe'),
        against: core/* getInput */.V4('against'),
        format: core/* getInput */.V4('format'),
        strict: core/* getInput */.V4('strict'),
        platform: core/* getInput */.V4('platform'),
    });
    const code = await main(checkArgv(inputs), { stdout: process.stdout, stderr: process.stderr, env: process.env });
    if (code === 2)
        core/* setFailed */.C1(`the check of ${inputs.recipe} could not run (see above)`);
    else if (code !== 0)
        core/* setFailed */.C1(`${inputs.recipe} has ${inputs.strict ? 'errors or warnings' : 'errors'} (see the annotations and the job summary)`);
}


/***/ }),

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BK: () => (/* binding */ helpText),
/* harmony export */   Du: () => (/* binding */ parseCommandLine),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   eb: () => (/* binding */ UsageError)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _help_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7911);
/* harmony import */ var _common_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5541);
/**
 * Turns argv into one typed command. Pure: every mistake becomes a UsageError
 * (exit status 2 with a usage line), never a half-parsed command.
 */



class UsageError extends Error {
    command;
    constructor(message, command) {
        super(message);
        this.command = command;
        this.name = 'UsageError';
    }
}
const common = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
};
const target = { target: { type: 'string' } };
/** DUCC's switches (same names) and the thin image's push user. */
const outputs = {
    'skip-flat': { type: 'boolean' },
    'skip-layers': { type: 'boolean' },
    'skip-podman': { type: 'boolean' },
    'skip-thin-image': { type: 'boolean' },
    username: { type: 'string', short: 'u' },
};
/** Registries spoken to over plain HTTP although named without a scheme (repeatable). */
const insecure = { 'insecure-registry': { type: 'string', multiple: true } };
const specs = {
    sync: {
        options: { ...common, ...target, ...outputs, ...insecure, platform: { type: 'string', multiple: true }, recipe: { type: 'string' }, 'extra-tags': { type: 'string' }, 'thin-image-name': { type: 'string' } },
        positionals: 'any',
    },
    loop: {
        options: { ...common, ...target, ...outputs, ...insecure, recipe: { type: 'string' }, interval: { type: 'string' }, once: { type: 'boolean' } },
        positionals: 'none',
    },
    serve: { options: { ...common, config: { type: 'string' } }, positionals: 'none' },
    notify: {
        options: {
            ...common,
            server: { type: 'string' },
            'extra-tags': { type: 'string' },
            token: { type: 'string' },
            'id-token': { type: 'string' },
            platform: { type: 'string' },
            'no-wait': { type: 'boolean' },
            timeout: { type: 'string' },
            remove: { type: 'boolean' },
        },
        positionals: 'any',
    },
    gc: {
        options: {
            ...common,
            ...target,
            'dry-run': { type: 'boolean' },
            'grace-period': { type: 'string' },
            prune: { type: 'boolean' },
            recipe: { type: 'string' },
        },
        positionals: 'none',
    },
    ls: { options: { ...common, ...target }, positionals: 'none' },
    check: {
        options: {
            ...common,
            ...target,
            against: { type: 'string' },
            offline: { type: 'boolean' },
            format: { type: 'string' },
            codequality: { type: 'string' },
            strict: { type: 'boolean' },
            platform: { type: 'string', multiple: true },
            'max-size': { type: 'string' },
            'warn-size': { type: 'string' },
            'allowed-registry': { type: 'string', multiple: true },
        },
        positionals: 'any',
    },
};
function parseCommandLine(argv) {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
        return { command: 'help', topic: command === 'help' ? rest[0] : undefined };
    }
    if (command === '--version' || command === '-V')
        return { command: 'version', values: {}, positionals: [] };
    const spec = specs[command];
    if (!spec)
        throw new UsageError(`unknown command "${command}"`);
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: rest, options: spec.options, allowPositionals: true, strict: true });
    }
    catch (err) {
        throw new UsageError(err.message.replace(/\. To specify.*$/s, ''), command);
    }
    const values = parsed.values;
    if (values.help)
        return { command: 'help', topic: command };
    if (spec.positionals === 'none' && parsed.positionals.length > 0) {
        throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, command);
    }
    return { command, values, positionals: parsed.positionals };
}
function helpText(topic) {
    return topic === undefined ? undefined : _help_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMAND_HELP */ .Ql[topic];
}
/** A duration option ('30s', '15m', '1h30m', '7d', or seconds) in milliseconds; a usage error otherwise. */
function parseDuration(text, what) {
    try {
        return (0,_common_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDuration */ .E9)(text);
    }
    catch (err) {
        throw new UsageError(`${what}: ${err.message}`);
    }
}


/***/ }),

/***/ 7911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ql: () => (/* binding */ COMMAND_HELP),
/* harmony export */   U0: () => (/* binding */ usageLine),
/* harmony export */   mD: () => (/* binding */ TOP_HELP)
/* harmony export */ });
/**
 * The command-line contract (DESIGN.md section 3), as the user reads it in
 * `cvmfs-unpack --help` and `cvmfs-unpack COMMAND --help`.
 */
const TOP_HELP = `cvmfs-unpack: publish container images unpacked onto CernVM-FS

Usage:
  cvmfs-unpack sync IMAGE... [--target T] [--platform os/arch[/variant]] [--json]
  cvmfs-unpack sync --recipe recipe.yaml [--target T]
  cvmfs-unpack loop --recipe recipe.yaml [--interval 15m] [--target T]
  cvmfs-unpack serve --config agent.yaml
  cvmfs-unpack notify IMAGE [--extra-tags "a b"] --server URL [--token …|--id-token …] [--no-wait]
  cvmfs-unpack gc [--target T] [--dry-run] [--grace-period 7d]
  cvmfs-unpack ls [--target T] [--json]
  cvmfs-unpack check recipe.yaml [--against BASE] [--offline] [--target T] [--format text|github|gitlab] [--json]

Commands:
  sync    pull images and publish them (layers, flat root file system, link)
  loop    publish everything in a recipe.yaml, again every interval
  serve   run the authenticated HTTP agent with its durable job queue
  notify  ask a remote agent to publish an image and wait for the result
  gc      remove flat trees, layers and metadata nothing refers to any more
  ls      list the published images
  check   check a recipe.yaml before it is merged: syntax, references, tags, platforms, sizes

Targets (--target, or the environment variable CVMFS_UNPACK_TARGET):
  dir:PATH                a plain directory (default: dir:./unpacked)
  cvmfs:REPO[/sub/path]   a CVMFS repository on this stratum-0 host, through
                          cvmfs_server (CVMFS_UNPACK_CVMFS_SERVER and
                          CVMFS_UNPACK_CVMFS_MOUNT override its path and /cvmfs)

Images: registry.example.org/group/app:1.0, https://registry.hub.docker.com/library/centos:centos7,
  centos:7 (Docker Hub), http://127.0.0.1:5000/app:1 (plain-HTTP registry), app@sha256:….

Exit status: 0 when every image is published, 1 when any failed (each named on
stderr with its reason), 2 for bad arguments.

Run 'cvmfs-unpack COMMAND --help' for the options of one command.`;
const COMMAND_HELP = {
    sync: `Usage:
  cvmfs-unpack sync IMAGE... [--target T] [--platform os/arch[/variant]]... [--extra-tags "a b"] [--json]
  cvmfs-unpack sync --recipe recipe.yaml [--target T] [--json]

Pulls each image, unpacks the layers that are missing into .layers/, builds
the flattened, Apptainer-ready root file system in .flat/ and points the link
<registry>/<repository>:<tag> at it. An image whose manifest has not changed
since the last sync costs one manifest request and nothing else. The images
of one run go into one transaction (at most CVMFS_UNPACK_BATCH_IMAGES images
or CVMFS_UNPACK_BATCH_BYTES bytes each); on CVMFS the layers are published
first and each new flat tree then starts as a clone of the longest published
layer prefix (.chains/, DUCC's chain IDs; the chain of all but the top layer is
kept), so an update of the top layer is one transaction that writes one layer.
An image cvmfs_ducc published is taken over as it is (nothing is published).
Every image also goes into the podman image store podmanStore/ (podman's
additionalimagestores; its layers are the .layers/ dirs). With a thin-image
name (--thin-image-name, or the recipe's output_format), DUCC's thin image is
pushed after the publish (password: DUCC_OUTPUT_REGISTRY_PASS).

Options:
  --target T          dir:PATH or cvmfs:REPO[/sub/path] (default: $CVMFS_UNPACK_TARGET or dir:./unpacked)
  --platform P        os/arch[/variant] to publish (default linux/amd64); repeat for several:
                      every platform then also goes under .multiarch/<arch>[:<variant>]/
  --recipe FILE       take the images from a DUCC wishlist (recipe.yaml), wildcards expanded
  --extra-tags LIST   also publish the same manifest under these tags of each IMAGE's repository
                      (separated by spaces or commas; they need not exist in the registry)
  --thin-image-name N push DUCC's thin image of IMAGE as N (one IMAGE; or a format with
                      placeholders such as 'https://registry.example.org/thin/$(image)')
  -u, --username U    the user pushing thin images (default: the recipe's user, else stored credentials)
  --skip-flat         no flat trees and no links: layers, metadata and the podman store only
  --skip-layers       no layer dirs (used to build the flat tree, then removed); implies
                      --skip-podman and --skip-thin-image, as in DUCC
  --skip-podman       do not write the podman store podmanStore/
  --skip-thin-image   do not push thin images, even if the recipe has an output_format
  --insecure-registry HOST[:PORT]
                      speak plain HTTP to this registry although named without a scheme
                      (repeatable; also $CVMFS_UNPACK_INSECURE_REGISTRIES; loopback always is)
  --json              one JSON object per line on stdout instead of progress/log lines
  -h, --help          this text`,
    loop: `Usage:
  cvmfs-unpack loop --recipe recipe.yaml [--interval 15m] [--target T] [--json]

Re-reads the recipe every interval and publishes what is new or changed; a
failing image is retried with backoff and never blocks the others. SIGTERM
finishes (or aborts) the current transaction and exits. Unchanged images are
checked with HEAD (no pull counted by Docker Hub); a registry's rate limit
(429, Retry-After, Docker Hub's ratelimit-remaining) slows that registry down,
and what would wait longer than 30 s is carried to the next cycle ('deferred').

Options:
  --recipe FILE       the wishlist (required)
  --interval D        time between cycles: 30s, 15m, 1h (default 15m)
  --target T          as for sync
  --insecure-registry HOST[:PORT]
                      as for sync
  --once              run one cycle and exit
  -u, --username U    as for sync
  --skip-flat, --skip-layers, --skip-podman, --skip-thin-image
                      as for sync (a recipe may also set skipFlat, skipLayers, skipPodman, skipThinImage)
  --json              JSON lines
  -h, --help          this text`,
    serve: `Usage:
  cvmfs-unpack serve --config agent.yaml

Runs the HTTP agent: POST /api/v1/sync, POST /api/v1/remove, GET /api/v1/jobs,
GET /api/v1/images, a live status page at /, registry webhooks, /healthz and /metrics, with secret-token and OIDC authentication, a
policy of who may publish what, and a durable queue. See docs/agent.md.

Options:
  --config FILE       agent.yaml (every key can also come from CVMFS_UNPACK_<KEY>)
  -h, --help          this text`,
    notify: `Usage:
  cvmfs-unpack notify IMAGE [--extra-tags "a b"] --server URL [--token T | --id-token JWT] [--no-wait]
  cvmfs-unpack notify --remove 'REGISTRY/REPO:feature-*' --server URL [--token T | --id-token JWT]

Asks a remote agent to publish IMAGE (and the extra tags of its repository),
waits for the job and prints the CVMFS paths. With --remove, asks it to take
the named images back instead (tags may be wildcards; the agent's policy
must allow removing them): links and metadata go at once, content later by gc.

Options:
  --server URL        the agent, e.g. https://unpack.example.org (a bare host means http://HOST:8000)
  --extra-tags LIST   more tags of the same repository, separated by spaces or commas
  --token T           the agent's secret token (or $CVMFS_UNPACK_TOKEN)
  --id-token JWT      an OIDC token of the CI job (or $CVMFS_UNPACK_ID_TOKEN)
  --platform P        os/arch[/variant]
  --no-wait           return after the request is accepted
  --timeout D         how long to wait for the job (default 30m)
  --remove            remove the named images (POST /api/v1/remove) instead of publishing
  --json              JSON lines
  -h, --help          this text`,
    gc: `Usage:
  cvmfs-unpack gc [--target T] [--dry-run] [--grace-period 7d] [--prune --recipe FILE]

Removes flat trees no link points to, layers no stored manifest refers to,
chains (.chains/) that are no prefix of a kept image and the metadata of
removed images, in one transaction (on CVMFS, layers holding literal .wh.
files by cvmfs_server ingest --delete first); keeps what DUCC's images use; prints what was (or with
--dry-run would be) removed and how much space that frees.

Options:
  --target T          as for sync
  --dry-run           only report
  --grace-period D    keep anything changed more recently than D (default 7d)
  --prune             also unpublish images that are no longer in --recipe
  --recipe FILE       the wishlist for --prune
  --json              JSON lines
  -h, --help          this text`,
    ls: `Usage:
  cvmfs-unpack ls [--target T] [--json]

Lists every published image: reference, digest, platform, flat path, size and
when it was last synced; also images cvmfs_ducc published (digest "(ducc)").

Options:
  --target T          as for sync
  --json              JSON lines
  -h, --help          this text`,
};
COMMAND_HELP.check = `Usage:
  cvmfs-unpack check recipe.yaml [--against BASE] [--offline] [--target T] [--json]
                     [--format text|github|gitlab [--codequality FILE]] [--strict]

Checks a wishlist before it is merged. Offline: YAML syntax and schema (every
problem at once, with line and column), image references, duplicates, inputs a
wildcard line already covers, allowed registries. Online, for each input: the
registry answers, the tag exists (a wildcard: how many tags match, the newest
few), the requested platforms are in the index, the compressed size and layer
count, credentials missing for a private image; requests run in parallel, at
most 8 at a time.

Options:
  --against BASE      the recipe on the target branch: a file, or a git revision
                      (origin/main) whose copy of RECIPE is read with git show;
                      only added or changed inputs are probed, removed ones listed
  --offline           no registry requests: syntax, schema, duplicates, references
  --target T          also say which inputs T already publishes and what a sync
                      would change (dir:PATH or cvmfs:REPO)
  --format F          text (default); github: also ::error annotations and a
                      table in $GITHUB_STEP_SUMMARY; gitlab: also a code-quality report
  --codequality FILE  where --format gitlab writes it (default gl-code-quality-report.json)
  --json              the whole report as one JSON document on stdout
  --strict            warnings (duplicates, covered inputs, sizes) fail too
  --platform P        platforms to check when the recipe names none (default linux/amd64)
  --max-size SIZE     an image larger than SIZE (compressed, e.g. 10GB) is an error
  --warn-size SIZE    an image larger than SIZE is a warning
  --allowed-registry R  registries inputs may come from (glob, repeatable); the
                      recipe's check: section sets the same (maxSize, warnSize,
                      allowedRegistries), the options win
  -h, --help          this text

Registry credentials as for sync (CVMFS_UNPACK_REGISTRY_<HOST>_USERNAME/_PASSWORD,
REGISTRY_AUTH_FILE, ~/.docker/config.json).
Exit status: 0 no errors, 1 any error (or, with --strict, any warning), 2 bad arguments.`;
function usageLine(command) {
    if (command && COMMAND_HELP[command]) {
        const text = COMMAND_HELP[command];
        const first = text.split('\n').find((l) => l.trim().startsWith('cvmfs-unpack'));
        return `usage: ${first?.trim() ?? `cvmfs-unpack ${command}`}`;
    }
    return 'usage: cvmfs-unpack {sync|loop|serve|notify|gc|ls|check} [options]  (cvmfs-unpack --help)';
}


/***/ }),

/***/ 6657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VK: () => (/* binding */ shortDigest),
/* harmony export */   qw: () => (/* binding */ createOutput),
/* harmony export */   z3: () => (/* reexport safe */ _common_size_js__WEBPACK_IMPORTED_MODULE_1__.z)
/* harmony export */ });
/* unused harmony exports textLine, jsonLine */
/* harmony import */ var _log_logger_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8988);
/* harmony import */ var _common_size_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6364);



function shortDigest(digest) {
    return digest.replace(/^sha256:/, '').slice(0, 12);
}
function quote(value) {
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}
/** `time=… level=info msg="…" key=value` — one line, greppable. */
function textLine(level, msg, fields) {
    const parts = [`time=${new Date().toISOString()}`, `level=${level}`, `msg=${quote(msg)}`];
    for (const [k, v] of Object.entries(fields))
        if (v !== undefined)
            parts.push(`${k}=${quote(v)}`);
    return parts.join(' ');
}
function jsonLine(level, msg, fields) {
    return JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
}
function eventFields(event) {
    switch (event.type) {
        case 'image-start':
            return ['image started', { image: event.ref }];
        case 'layer-start':
            return ['layer download started', { image: event.ref, layer: event.digest, size: event.size }];
        case 'layer-progress':
            return undefined; // too chatty for logs; the terminal shows it live
        case 'layer-done':
            return ['layer done', { image: event.ref, layer: event.digest, size: event.size, ms: event.ms, reused: event.reused }];
        case 'image-done': {
            const r = event.result;
            return [`image ${r.status}`, { image: r.ref, digest: r.digest, path: r.path, error: r.error, retryAt: r.retryAt, ms: r.timings.totalMs }];
        }
        case 'publish-start':
            return ['publish started', { target: event.target }];
        case 'publish-done':
            return ['publish done', { target: event.target, ms: event.ms }];
    }
}
function createOutput(opts) {
    const { stderr, json } = opts;
    const live = !json && stderr.isTTY === true;
    const progress = live ? new LiveProgress(stderr) : undefined;
    const logger = (0,_log_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .createLogger */ .h)((level, msg, fields) => {
        if (level === 'debug' && !opts.verbose)
            return;
        progress?.clear();
        stderr.write(`${json ? jsonLine(level, msg, fields) : live ? humanLine(level, msg, fields) : textLine(level, msg, fields)}\n`);
        progress?.draw();
    });
    return {
        logger,
        onEvent(event) {
            if (progress) {
                progress.update(event);
                return;
            }
            const f = eventFields(event);
            const failed = event.type === 'image-done' && (event.result.status === 'failed' || event.result.status === 'deferred');
            if (f)
                (failed ? logger.warn : logger.info)(f[0], f[1]);
        },
        close() {
            progress?.clear();
        },
    };
}
function humanLine(level, msg, fields) {
    const extra = Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${quote(v)}`)
        .join(' ');
    const prefix = level === 'info' ? '' : `${level}: `;
    return `${prefix}${msg}${extra ? ` (${extra})` : ''}`;
}
/** A redrawn block of lines at the bottom of the terminal. */
class LiveProgress {
    out;
    layers = new Map();
    drawn = 0;
    lastDraw = 0;
    constructor(out) {
        this.out = out;
    }
    update(event) {
        const key = (ref, digest) => `${ref} ${digest}`;
        switch (event.type) {
            case 'layer-start':
                this.layers.set(key(event.ref, event.digest), {
                    ref: event.ref,
                    digest: event.digest,
                    bytes: 0,
                    size: event.size,
                    started: Date.now(),
                    done: false,
                });
                break;
            case 'layer-progress': {
                const l = this.layers.get(key(event.ref, event.digest));
                if (l)
                    l.bytes = event.bytes;
                break;
            }
            case 'layer-done': {
                const l = this.layers.get(key(event.ref, event.digest));
                if (l)
                    Object.assign(l, { done: true, bytes: event.size, reused: event.reused });
                break;
            }
            case 'image-done': {
                for (const [k, l] of this.layers)
                    if (l.ref === event.result.ref)
                        this.layers.delete(k);
                this.clear();
                const r = event.result;
                const what = r.status === 'failed' ? `failed: ${r.error}` : r.status === 'deferred' ? `next cycle (registry rate limit): ${r.error}` : `${r.status} -> ${r.path}`;
                this.out.write(`${r.ref}: ${what} (${(r.timings.totalMs / 1000).toFixed(1)} s)\n`);
                this.draw();
                return;
            }
            case 'publish-start':
                this.clear();
                this.out.write(`publishing ${event.target}…\n`);
                this.draw();
                return;
            default:
                return;
        }
        const now = Date.now();
        if (event.type !== 'layer-progress' || now - this.lastDraw > 100) {
            this.clear();
            this.draw();
        }
    }
    draw() {
        const lines = [];
        for (const l of this.layers.values()) {
            const secs = Math.max((Date.now() - l.started) / 1000, 0.001);
            const state = l.done
                ? l.reused
                    ? 'already present'
                    : 'done'
                : `${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(l.bytes)} / ${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(l.size)}  ${(0,_common_size_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(l.bytes / secs)}/s`;
            lines.push(`  ${l.ref} ${shortDigest(l.digest)}  ${state}`);
        }
        if (lines.length)
            this.out.write(`${lines.join('\n')}\n`);
        this.drawn = lines.length;
        this.lastDraw = Date.now();
    }
    clear() {
        if (this.drawn > 0)
            this.out.write(`\x1b[${this.drawn}A\x1b[J`);
        this.drawn = 0;
    }
}


/***/ }),

/***/ 6364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ parseSize),
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/** Byte sizes as people write them: 500MB, 2GiB, 10 GB, 1.5G, or a plain number of bytes. */
const UNITS = {
    '': 1,
    b: 1,
    k: 1e3,
    kb: 1e3,
    kib: 2 ** 10,
    m: 1e6,
    mb: 1e6,
    mib: 2 ** 20,
    g: 1e9,
    gb: 1e9,
    gib: 2 ** 30,
    t: 1e12,
    tb: 1e12,
    tib: 2 ** 40,
};
/** Bytes of `text` ('10GB' = 10·10⁹, '2GiB' = 2·2³⁰); throws with the reason on anything else. */
function parseSize(text) {
    if (typeof text === 'number') {
        if (Number.isFinite(text) && text >= 0)
            return Math.floor(text);
        throw new Error(`${text} is not a size`);
    }
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
    const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined)
        throw new Error(`"${text}" is not a size (expected e.g. 500MB, 2GiB, 10GB or a number of bytes)`);
    return Math.floor(Number(m[1]) * unit);
}
/** 1536 → '1.5 KiB'. */
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}


/***/ })

};
