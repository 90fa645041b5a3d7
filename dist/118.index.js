export const id = 118;
export const ids = [118];
export const modules = {

/***/ 118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_CODEQUALITY: () => (/* binding */ DEFAULT_CODEQUALITY),
  runCheckCommand: () => (/* binding */ runCheckCommand)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/common/size.ts
var size = __webpack_require__(6364);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/recipe/index.ts + 4 modules
var src_recipe = __webpack_require__(3346);
;// CONCATENATED MODULE: ./src/check/against.ts
/**
 * `--against BASE`: which inputs a change to the recipe added, changed or
 * removed, so that only those are probed online. Pure.
 */


/** What decides what a sync publishes for an input: its reference and its platforms. */
function signature(recipe, input) {
    return JSON.stringify([(0,src_recipe/* inputPlatforms */.RE)(recipe, input).toSorted(), input.ignoreErrors ?? false]);
}
function diffRecipes(base, head) {
    const before = new Map(base.inputs.map((i) => [(0,reference/* formatImageRef */.kL)(i.ref), i]));
    const change = new Map();
    const kept = new Set();
    for (const input of head.inputs) {
        const key = (0,reference/* formatImageRef */.kL)(input.ref);
        const old = before.get(key);
        kept.add(key);
        if (old === undefined)
            change.set(input, 'added');
        else
            change.set(input, signature(base, old) === signature(head, input) ? 'unchanged' : 'changed');
    }
    const removed = base.inputs.filter((i) => !kept.has((0,reference/* formatImageRef */.kL)(i.ref)));
    return { change, removed };
}

;// CONCATENATED MODULE: ./src/check/pool.ts
/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapBounded(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/check/static.ts
/**
 * The offline part of the check: syntax and schema (every problem, with line
 * and column), references, duplicates, inputs a wildcard line already covers,
 * and the registries the limits allow. Pure: text in, findings out.
 */


function checkName(message) {
    if (message.startsWith('not valid YAML'))
        return 'syntax';
    if (message.includes('is not an image reference'))
        return 'reference';
    return 'schema';
}
/** Parses `text` and reports what can be known without a registry. */
function checkStatic(text, file, flagLimits = {}) {
    const findings = [];
    const duplicates = [];
    let recipe;
    try {
        recipe = (0,src_recipe/* parseRecipe */.Cl)(text, file, { onDuplicate: (dup, first) => duplicates.push([dup, first]) });
    }
    catch (err) {
        if (!(err instanceof src_recipe/* RecipeError */.tF))
            throw err;
        for (const p of err.problems) {
            findings.push({
                severity: 'error',
                check: checkName(p.message),
                message: p.path === '' ? p.message : `${p.path}: ${p.message}`,
                ...(p.line !== undefined ? { line: p.line } : {}),
                ...(p.column !== undefined ? { column: p.column } : {}),
            });
        }
        return { findings };
    }
    for (const [dup, first] of duplicates) {
        findings.push({
            severity: 'warning',
            check: 'duplicate',
            line: dup.line,
            input: dup.source,
            message: `${(0,reference/* formatImageRef */.kL)(dup.ref)} is already on line ${first.line}${dup.source === first.source ? '' : ` (as ${first.source})`}; this line is ignored`,
        });
    }
    // Inputs that a wildcard line of the same repository already matches.
    const wildcards = new Map();
    for (const input of recipe.inputs) {
        if (!(0,reference/* isWildcard */.z2)(input.ref))
            continue;
        const key = repoKey(input);
        wildcards.set(key, [...(wildcards.get(key) ?? []), input]);
    }
    for (const input of recipe.inputs) {
        if ((0,reference/* isWildcard */.z2)(input.ref) || input.ref.tag === undefined)
            continue;
        const cover = wildcards.get(repoKey(input))?.find((w) => (0,reference/* matchGlob */.sB)(w.ref.tag, input.ref.tag));
        if (cover) {
            findings.push({
                severity: 'warning',
                check: 'covered',
                line: input.line,
                input: input.source,
                message: `${(0,reference/* formatImageRef */.kL)(input.ref)} is already covered by the wildcard ${cover.source} on line ${cover.line}`,
            });
        }
    }
    const allowed = limitsOf(recipe, flagLimits).allowedRegistries;
    if (allowed !== undefined) {
        for (const input of recipe.inputs) {
            if (allowed.some((pattern) => (0,reference/* matchGlob */.sB)(pattern.toLowerCase(), input.ref.registry)))
                continue;
            findings.push({
                severity: 'error',
                check: 'registry-not-allowed',
                line: input.line,
                input: input.source,
                message: `${(0,reference/* formatImageRef */.kL)(input.ref)}: the registry ${input.ref.registry} is not one of the allowed registries (${allowed.join(', ')})`,
            });
        }
    }
    return { recipe, findings };
}
/** The limits in force: the flags', else the recipe's `check:` section. */
function limitsOf(recipe, flags) {
    const fromRecipe = recipe?.check ?? {};
    const out = {};
    const maxSize = flags.maxSize ?? fromRecipe.maxSize;
    const warnSize = flags.warnSize ?? fromRecipe.warnSize;
    const allowed = flags.allowedRegistries ?? fromRecipe.allowedRegistries;
    if (maxSize !== undefined)
        out.maxSize = maxSize;
    if (warnSize !== undefined)
        out.warnSize = warnSize;
    if (allowed !== undefined)
        out.allowedRegistries = allowed;
    return out;
}
function repoKey(input) {
    return `${input.ref.scheme}://${input.ref.registry}/${input.ref.repository}`;
}

;// CONCATENATED MODULE: ./src/check/run.ts
/**
 * `cvmfs-unpack check`: the offline checks, then (unless offline) every input
 * that is new or changed probed online with a bounded number of requests in
 * flight, then what the target already holds. Produces one CheckReport.
 */





const DEFAULT_CONCURRENCY = 8;
async function runCheck(opts) {
    const flagLimits = opts.limits ?? {};
    const { recipe, findings } = checkStatic(opts.text, opts.file, flagLimits);
    const report = {
        file: opts.file,
        ...(opts.base ? { against: opts.base.name } : {}),
        ...(opts.targetName ? { target: opts.targetName } : {}),
        offline: opts.offline === true,
        inputs: [],
        findings,
        removed: [],
        errors: 0,
        warnings: 0,
    };
    if (recipe === undefined)
        return count(report);
    let change;
    if (opts.base) {
        const base = parseBase(opts.base, findings);
        if (base) {
            const diff = diffRecipes(base, recipe);
            change = diff.change;
            report.removed = diff.removed.map((i) => ({ source: i.source, ref: (0,reference/* formatImageRef */.kL)(i.ref), line: i.line }));
        }
    }
    const platformsOf = (input) => input.platforms ?? opts.platforms ?? (0,src_recipe/* inputPlatforms */.RE)(recipe, input);
    report.inputs = recipe.inputs.map((input) => {
        const c = change?.get(input);
        return { source: input.source, ref: (0,reference/* formatImageRef */.kL)(input.ref), line: input.line, platforms: platformsOf(input), ...(c ? { change: c } : {}), probed: false };
    });
    if (!opts.offline) {
        // Loaded only online: --offline needs neither the HTTP client nor the registry code (start-up is its cost).
        const [{ CredentialStore, RegistryClient }, { probeInput }] = await Promise.all([Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2388)), __webpack_require__.e(/* import() */ 682).then(__webpack_require__.bind(__webpack_require__, 8682))]);
        const limits = limitsOf(recipe, flagLimits);
        const credentials = CredentialStore.fromEnvironment(opts.env ?? process.env);
        const client = opts.client ?? new RegistryClient({ credentials, retries: 2 });
        try {
            const todo = recipe.inputs.map((input, i) => ({ input, report: report.inputs[i] })).filter((x) => x.report.change !== 'unchanged');
            const results = await mapBounded(todo, opts.concurrency ?? DEFAULT_CONCURRENCY, (x) => probeInput(x.input, x.report.platforms, { client, credentials, limits, ...(opts.signal ? { signal: opts.signal } : {}) }));
            results.forEach((r, i) => {
                const target = todo[i].report;
                target.probed = true;
                target.ok = r.ok;
                if (r.tags)
                    target.tags = r.tags;
                if (r.topDigest)
                    target.topDigest = r.topDigest;
                target.images = r.images;
                // The recipe says this input's failures are not errors (ignoreErrors): they are warnings here.
                const ignored = (0,src_recipe/* isErrorIgnored */.V2)(recipe, todo[i].input);
                findings.push(...r.findings.map((f) => (ignored && f.severity === 'error' ? { ...f, severity: 'warning', message: `${f.message} (ignored: ignoreErrors)` } : f)));
            });
        }
        finally {
            if (!opts.client)
                await client.close();
        }
    }
    if (opts.targetRoot !== undefined) {
        const { publishedState, readPublished, unlisted } = await __webpack_require__.e(/* import() */ 86).then(__webpack_require__.bind(__webpack_require__, 6086));
        const index = readPublished(opts.targetRoot);
        recipe.inputs.forEach((input, i) => {
            const r = report.inputs[i];
            r.published = publishedState(index, input, r);
        });
        report.prune = unlisted(index, recipe.inputs);
    }
    return count(report);
}
function parseBase(base, findings) {
    try {
        return (0,src_recipe/* parseRecipe */.Cl)(base.text, base.name);
    }
    catch (err) {
        if (!(err instanceof src_recipe/* RecipeError */.tF))
            throw err;
        // A broken base must not hide the head's problems: every input is then probed.
        findings.push({ severity: 'warning', check: 'base-invalid', message: `the base recipe ${base.name} is not valid, so every input is probed: ${err.message.split('\n')[0]}` });
        return undefined;
    }
}
function count(report) {
    report.findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    report.errors = report.findings.filter((f) => f.severity === 'error').length;
    report.warnings = report.findings.length - report.errors;
    return report;
}

;// CONCATENATED MODULE: ./src/check/text.ts
/** The readable report of `cvmfs-unpack check`: one line per finding and per input probed, in file order. */

/**
 * The recipe's path as CI shows it: relative to the checkout (`workspace`,
 * e.g. GITHUB_WORKSPACE or CI_PROJECT_DIR) and without a leading './', so
 * that annotations and code-quality issues land on the file in the diff.
 */
function repoPath(file, workspace) {
    let path = file;
    if (workspace && path.startsWith(`${workspace.replace(/\/+$/, '')}/`))
        path = path.slice(workspace.replace(/\/+$/, '').length + 1);
    return path.replace(/^(\.\/)+/, '');
}
function where(file, f) {
    return `${file}${f.line !== undefined ? `:${f.line}` : ''}${f.line !== undefined && f.column !== undefined ? `:${f.column}` : ''}`;
}
/** 'linux/amd64 3 layers 12.0 MiB, linux/arm64 …' */
function describeImages(r) {
    const parts = [];
    if (r.tags)
        parts.push(`${r.tags.matched} of ${r.tags.total} tags match (newest: ${r.tags.newest.join(', ')})`);
    for (const i of r.images ?? [])
        parts.push(`${i.platform} ${i.layers} layer${i.layers === 1 ? '' : 's'} ${(0,size/* formatBytes */.z)(i.compressedSize)} compressed`);
    return parts.join('; ');
}
const STATE_TEXT = {
    'up-to-date': 'published, up to date',
    'would-update': 'published; a sync would re-point it to the new digest',
    'would-add': 'not published yet; a sync would add it',
    published: 'published',
    'not-published': 'not published',
};
function describePublished(r) {
    const p = r.published;
    if (!p)
        return undefined;
    if (p.tags)
        return `${p.tags.published} matching tag(s) published${p.tags.matched !== undefined ? ` of ${p.tags.matched}` : ''}`;
    return STATE_TEXT[p.state];
}
function findingLine(file, f) {
    return `${where(file, f)}: ${f.severity}: ${f.message} [${f.check}]`;
}
function renderText(report) {
    const lines = [];
    report.findings.forEach((f, i) => lines.push({ line: f.line ?? 0, order: i, text: findingLine(report.file, f) }));
    for (const r of report.inputs) {
        const published = describePublished(r);
        if (r.probed && r.ok) {
            lines.push({ line: r.line, order: -1, text: `${report.file}:${r.line}: ok: ${r.ref}: ${describeImages(r)}${published ? ` (${published})` : ''}` });
        }
        else if (published && !r.probed) {
            lines.push({ line: r.line, order: -1, text: `${report.file}:${r.line}: ${r.ref}: ${published}` });
        }
    }
    lines.sort((a, b) => a.line - b.line || a.order - b.order);
    const out = lines.map((l) => l.text);
    if (report.removed.length > 0) {
        out.push(`removed since ${report.against} (gc --prune unpublishes them):`);
        for (const r of report.removed)
            out.push(`  ${r.ref}`);
    }
    if (report.prune && report.prune.length > 0) {
        out.push(`published in ${report.target} but in no input (gc --prune would unpublish them):`);
        for (const name of report.prune)
            out.push(`  ${name}`);
    }
    out.push(summaryLine(report));
    return `${out.join('\n')}\n`;
}
function summaryLine(report) {
    const n = report.inputs.length;
    const probed = report.inputs.filter((r) => r.probed).length;
    const unchanged = report.inputs.filter((r) => r.change === 'unchanged').length;
    const parts = [`${n} input${n === 1 ? '' : 's'}`];
    if (report.offline)
        parts.push('checked offline');
    else
        parts.push(`${probed} probed online${report.against ? ` (${unchanged} unchanged since ${report.against})` : ''}`);
    if (report.against)
        parts.push(`${report.removed.length} removed`);
    parts.push(`${report.errors} error${report.errors === 1 ? '' : 's'}`, `${report.warnings} warning${report.warnings === 1 ? '' : 's'}`);
    return `${report.file}: ${parts.join(', ')}`;
}

;// CONCATENATED MODULE: ./src/check/github.ts
/**
 * `--format github`: workflow commands (`::error file=…,line=…,col=…::…`)
 * that GitHub shows on the pull request's diff, and a Markdown table for the
 * step summary (GITHUB_STEP_SUMMARY).
 */

/** Escapes of the runner's command syntax (as @actions/core does). */
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function annotation(file, f) {
    const props = [`file=${escapeProperty(file)}`];
    if (f.line !== undefined)
        props.push(`line=${f.line}`);
    if (f.line !== undefined && f.column !== undefined)
        props.push(`col=${f.column}`);
    props.push(`title=${escapeProperty(`recipe check: ${f.check}`)}`);
    return `::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(f.message)}`;
}
/** `workspace`: GITHUB_WORKSPACE, to which the annotated path is made relative. */
function renderAnnotations(report, workspace) {
    const file = repoPath(report.file, workspace);
    return report.findings.map((f) => `${annotation(file, f)}\n`).join('');
}
function cell(s) {
    return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function renderSummary(report) {
    const out = [`### Recipe check: ${report.errors === 0 ? 'passed' : 'failed'}`, '', summaryLine(report), ''];
    if (report.findings.length > 0) {
        out.push('| line | | finding |', '|---|---|---|');
        for (const f of report.findings)
            out.push(`| ${f.line ?? ''} | ${f.severity === 'error' ? '❌' : '⚠️'} ${f.check} | ${cell(f.message)} |`);
        out.push('');
    }
    const probed = report.inputs.filter((r) => r.probed || r.published);
    if (probed.length > 0) {
        out.push('| line | input | change | registry | target |', '|---|---|---|---|---|');
        for (const r of probed) {
            const registry = r.probed ? (r.ok ? `✅ ${describeImages(r)}` : '❌ see above') : '';
            out.push(`| ${r.line} | \`${cell(r.ref)}\` | ${r.change ?? ''} | ${cell(registry)} | ${cell(describePublished(r) ?? '')} |`);
        }
        out.push('');
    }
    if (report.removed.length > 0) {
        out.push(`Removed since ${report.against} (\`gc --prune\` unpublishes them): ${report.removed.map((r) => `\`${r.ref}\``).join(', ')}`, '');
    }
    return `${out.join('\n')}\n`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/check/gitlab.ts
/**
 * `--format gitlab`: a GitLab code-quality report (the subset of Code
 * Climate's format GitLab reads: description, check_name, fingerprint,
 * severity, location.path, location.lines.begin), shown on the merge request.
 */


/** `workspace`: CI_PROJECT_DIR, to which location.path is made relative. */
function codeQuality(report, workspace) {
    const seen = new Map();
    const path = repoPath(report.file, workspace);
    return report.findings.map((f) => {
        // Stable across runs (no line number: a line moved by an edit above stays the same issue).
        const base = `${path}\0${f.check}\0${f.message}`;
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        return {
            description: f.message,
            check_name: f.check,
            fingerprint: (0,external_node_crypto_.createHash)('sha256').update(`${base}\0${n}`).digest('hex'),
            severity: f.severity === 'error' ? 'major' : 'minor',
            location: { path, lines: { begin: f.line ?? 1 } },
        };
    });
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/check/base.ts
/**
 * The base recipe of `--against BASE`: a file, or else a git revision
 * (`origin/main`) whose copy of the recipe is read with `git show`.
 */



class BaseError extends Error {
    name = 'BaseError';
}
async function readBase(base, recipePath, cwd = process.cwd()) {
    try {
        return { text: await (0,promises_.readFile)(base, 'utf8'), name: base };
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw new BaseError(`reading the base recipe ${base}: ${err.message}`);
    }
    const rel = (0,external_node_path_.isAbsolute)(recipePath) ? (0,external_node_path_.relative)(cwd, recipePath) : recipePath;
    const spec = `${base}:./${rel.replace(/^\.\//, '')}`;
    const text = await new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)('git', ['show', spec], { cwd, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
            if (err)
                reject(new BaseError(`--against ${base}: no such file, and git show ${spec} failed: ${(stderr || err.message).trim().split('\n')[0]}`));
            else
                resolve(stdout);
        });
    });
    return { text, name: `${base}:${rel}` };
}

;// CONCATENATED MODULE: ./src/check/index.ts
/** `cvmfs-unpack check`: a recipe's pull-request check (see run.ts). */






/** Exit status of a report: 1 for any error (or, with `strict`, any warning), else 0. */
function exitStatus(report, strict) {
    return report.errors > 0 || (strict && report.warnings > 0) ? 1 : 0;
}

// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/commands/context.ts
var context = __webpack_require__(586);
;// CONCATENATED MODULE: ./src/cli/commands/check.ts
/**
 * `cvmfs-unpack check RECIPE`: the wishlist's pull-request check. Text on
 * stdout; `--format github` adds annotations and the step summary,
 * `--format gitlab` a code-quality file, `--json` one JSON document instead.
 */





const DEFAULT_CODEQUALITY = 'gl-code-quality-report.json';
const FORMATS = ['text', 'github', 'gitlab'];
function limitsFrom(ctx) {
    const limits = {};
    for (const [opt, key] of [['max-size', 'maxSize'], ['warn-size', 'warnSize']]) {
        const v = (0,context/* stringOption */.Pp)(ctx, opt);
        if (v === undefined)
            continue;
        try {
            limits[key] = (0,size/* parseSize */.D)(v);
        }
        catch (err) {
            throw new args/* UsageError */.eb(`--${opt}: ${err.message}`, 'check');
        }
    }
    const allowed = (0,context/* listOption */.y8)(ctx, 'allowed-registry').flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
    if (allowed.length > 0)
        limits.allowedRegistries = allowed;
    return limits;
}
async function runCheckCommand(ctx) {
    if (ctx.positionals.length !== 1)
        throw new args/* UsageError */.eb(ctx.positionals.length === 0 ? 'no recipe given' : 'give one recipe', 'check');
    const file = ctx.positionals[0];
    const format = (0,context/* stringOption */.Pp)(ctx, 'format') ?? 'text';
    if (!FORMATS.includes(format))
        throw new args/* UsageError */.eb(`--format: expected text, github or gitlab, not "${format}"`, 'check');
    if (ctx.values.codequality !== undefined && format !== 'gitlab')
        throw new args/* UsageError */.eb('--codequality goes with --format gitlab', 'check');
    const offline = (0,context/* flag */.Jt)(ctx, 'offline');
    const limits = limitsFrom(ctx);
    const platforms = (0,context/* listOption */.y8)(ctx, 'platform').flatMap((p) => p.split(',')).filter(Boolean);
    if (platforms.length > 0) {
        const { parsePlatform } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2388));
        for (const p of platforms) {
            try {
                parsePlatform(p);
            }
            catch (err) {
                throw new args/* UsageError */.eb(`--platform: ${err.message}`, 'check');
            }
        }
    }
    const targetGiven = (0,context/* stringOption */.Pp)(ctx, 'target') !== undefined;
    // The sync command's target parsing, loaded only for --target (it brings the publishers along).
    const publisher = targetGiven ? (await __webpack_require__.e(/* import() */ 389).then(__webpack_require__.bind(__webpack_require__, 8770))).openTarget(ctx) : undefined;
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        ctx.io.stderr.write(`cvmfs-unpack check: reading ${file}: ${err.message}\n`);
        return 1;
    }
    const against = (0,context/* stringOption */.Pp)(ctx, 'against');
    let base;
    try {
        base = against !== undefined ? await readBase(against, file) : undefined;
    }
    catch (err) {
        if (err instanceof BaseError)
            throw new args/* UsageError */.eb(err.message, 'check');
        throw err;
    }
    const report = await runCheck({
        text,
        file,
        ...(base ? { base } : {}),
        offline,
        ...(publisher ? { targetRoot: publisher.root, targetName: (0,context/* stringOption */.Pp)(ctx, 'target') } : {}),
        limits,
        ...(platforms.length ? { platforms } : {}),
        env: ctx.io.env,
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    });
    const out = ctx.io.stdout;
    if (ctx.json) {
        out.write(`${JSON.stringify(report, null, 2)}\n`);
    }
    else {
        out.write(renderText(report));
        if (format === 'github') {
            out.write(renderAnnotations(report, ctx.io.env.GITHUB_WORKSPACE));
            const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
            if (summary)
                await (0,promises_.appendFile)(summary, renderSummary(report));
        }
    }
    if (format === 'gitlab') {
        const path = (0,context/* stringOption */.Pp)(ctx, 'codequality') ?? DEFAULT_CODEQUALITY;
        await (0,promises_.writeFile)(path, `${JSON.stringify(codeQuality(report, ctx.io.env.CI_PROJECT_DIR), null, 2)}\n`);
        if (!ctx.json)
            out.write(`code-quality report: ${path} (${report.findings.length} issue${report.findings.length === 1 ? '' : 's'})\n`);
    }
    return exitStatus(report, (0,context/* flag */.Jt)(ctx, 'strict'));
}


/***/ }),

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


/***/ })

};
