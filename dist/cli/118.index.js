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
        const [{ CredentialStore, RegistryClient }, { probeInput }] = await Promise.all([__webpack_require__.e(/* import() */ 388).then(__webpack_require__.bind(__webpack_require__, 2388)), Promise.all(/* import() */[__webpack_require__.e(388), __webpack_require__.e(682)]).then(__webpack_require__.bind(__webpack_require__, 8682))]);
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
        const { publishedState, readPublished, unlisted } = await Promise.all(/* import() */[__webpack_require__.e(818), __webpack_require__.e(86)]).then(__webpack_require__.bind(__webpack_require__, 6086));
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
        const { parsePlatform } = await __webpack_require__.e(/* import() */ 388).then(__webpack_require__.bind(__webpack_require__, 2388));
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
    const publisher = targetGiven ? (await Promise.all(/* import() */[__webpack_require__.e(388), __webpack_require__.e(818), __webpack_require__.e(217), __webpack_require__.e(389)]).then(__webpack_require__.bind(__webpack_require__, 8770))).openTarget(ctx) : undefined;
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
