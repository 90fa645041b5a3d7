export const id = 346;
export const ids = [346];
export const modules = {

/***/ 3346:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  tF: () => (/* reexport */ RecipeError),
  y: () => (/* reexport */ expandWildcards),
  RE: () => (/* reexport */ inputPlatforms),
  V2: () => (/* reexport */ isErrorIgnored),
  Tc: () => (/* reexport */ loadRecipe),
  Cl: () => (/* reexport */ parseRecipe)
});

// UNUSED EXPORTS: DEFAULT_OUTPUT_FORMAT, DEFAULT_PLATFORMS, OUTPUT_PLACEHOLDERS, expandOutputFormat

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/reference/index.ts + 2 modules
var reference = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/common/size.ts
var size = __webpack_require__(6364);
// EXTERNAL MODULE: ./src/recipe/output-format.ts
var output_format = __webpack_require__(7661);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 13 modules
var schemas = __webpack_require__(5491);
;// CONCATENATED MODULE: ./src/recipe/schema.ts
/**
 * The shape of recipe.yaml (zod). Only types and structure are checked here;
 * image references, platforms and placeholders are checked by recipe.ts,
 * which knows where each value is in the file.
 *
 * Keys of DUCC's format version 1 keep DUCC's spelling (`cvmfs_repo`,
 * `output_format`); our extensions are in camelCase (`platforms`,
 * `ignoreErrors`). Unknown keys are refused, so that a misspelt key is
 * reported instead of silently ignored; at the top level recipe.ts does that
 * itself, so that one misspelt key does not hide the other problems.
 */

/** An item of `input`, in its object form (an extension; the string form is DUCC's). */
const InputObjectSchema = schemas/* strictObject */.rej({
    image: schemas/* string */.YjP(),
    platforms: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    ignoreErrors: schemas/* boolean */.zMY().optional(),
});
const RecipeFileSchema = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    user: schemas/* string */.YjP().optional(),
    cvmfs_repo: schemas/* string */.YjP().optional(),
    output_format: schemas/* string */.YjP().optional(),
    platforms: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    ignoreErrors: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    // Limits for `cvmfs-unpack check` (an extension; docs/check.md): sizes such as '10GB'.
    check: schemas/* strictObject */.rej({
        maxSize: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).optional(),
        warnSize: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).optional(),
        allowedRegistries: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    })
        .optional(),
    // DUCC's --skip-* switches for this recipe (extensions).
    skipFlat: schemas/* boolean */.zMY().optional(),
    skipLayers: schemas/* boolean */.zMY().optional(),
    skipPodman: schemas/* boolean */.zMY().optional(),
    skipThinImage: schemas/* boolean */.zMY().optional(),
    // Items are checked one by one (string or InputObjectSchema) to give precise messages.
    input: schemas/* array */.YOg(schemas/* unknown */.L5J()),
});
/** The top-level keys a recipe may have. */
const RECIPE_KEYS = Object.keys(RecipeFileSchema.shape);

;// CONCATENATED MODULE: ./src/recipe/yaml-source.ts
/**
 * Where a value sits in a YAML source, and a readable account of zod's
 * complaints about it: the recipe's errors name file, line and the path of
 * the value (`recipe.yaml:7: input[3]: …`).
 */

/** 'input[3].platforms[0]' for ['input', 3, 'platforms', 0]. */
function formatPath(path) {
    let out = '';
    for (const seg of path) {
        if (typeof seg === 'number')
            out += `[${seg}]`;
        else
            out += out === '' ? String(seg) : `.${String(seg)}`;
    }
    return out;
}
/** Offset of the start of a node, if it has a position. */
function startOf(node) {
    if (node !== null && typeof node === 'object' && 'range' in node) {
        const range = node.range;
        if (Array.isArray(range) && typeof range[0] === 'number')
            return range[0];
    }
    return undefined;
}
/**
 * The line (1-based) of the value at `path`; with `key`, of that key of the
 * mapping at `path`. Falls back to the nearest enclosing node that exists.
 */
function lineAt(doc, lineCounter, path, key) {
    return positionAt(doc, lineCounter, path, key)?.line;
}
/** Line and column (both 1-based) of the value at `path`, as lineAt. */
function positionAt(doc, lineCounter, path, key) {
    let node = doc.contents;
    let offset = startOf(node);
    const segments = key === undefined ? [...path] : [...path, key];
    for (const [i, seg] of segments.entries()) {
        const last = i === segments.length - 1;
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => ((0,dist/* isScalar */.jn)(p.key) ? p.key.value === seg : p.key === seg));
            if (pair === undefined)
                break;
            offset = startOf(pair.key) ?? offset;
            if (last && key !== undefined)
                break;
            node = pair.value;
            // An empty value ('input:' and nothing) is placed after the key: report the key's line.
            if ((0,dist/* isScalar */.jn)(node) && node.value === null && node.source === '')
                break;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof seg === 'number') {
            node = node.items[seg];
        }
        else {
            break;
        }
        offset = startOf(node) ?? offset;
    }
    if (offset === undefined)
        return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
}
/** A problem at `path`, with its line and column. */
function problemAt(doc, lineCounter, path, message, opts = {}) {
    const pos = positionAt(doc, lineCounter, path, opts.key);
    return { ...(pos ? { line: pos.line, column: pos.column } : {}), path: opts.pathText ?? formatPath(path), message };
}
/** The plain value at `path` of a parsed (toJS) document. */
function valueAt(root, path) {
    let value = root;
    for (const seg of path) {
        if (value === null || typeof value !== 'object')
            return undefined;
        value = value[seg];
    }
    return value;
}
/** 'a list', 'a number', 'nothing', … for error messages. */
function describeValue(value) {
    if (value === null || value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(value)}`;
    return `${typeof value} ${String(value)}`;
}
const EXPECTED = {
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
};
/**
 * zod's issues as problems located in the YAML source. `base` is the path of
 * the validated value inside the document (for a value validated on its own).
 */
function issuesToProblems(issues, root, doc, lineCounter, base = []) {
    const problems = [];
    for (const issue of issues) {
        const path = [...base, ...issue.path];
        const value = valueAt(root, path);
        if (issue.code === 'unrecognized_keys') {
            for (const key of issue.keys) {
                problems.push(problemAt(doc, lineCounter, path, 'unknown key', { key, pathText: formatPath([...path, key]) }));
            }
            continue;
        }
        let message = issue.message;
        if (value === undefined)
            message = 'is required';
        else if (issue.code === 'invalid_type')
            message = `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}`;
        else if (issue.code === 'invalid_value')
            message = `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
        problems.push(problemAt(doc, lineCounter, path, message));
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/recipe/wildcards.ts
/**
 * Expansion of wildcard tags (`pyhf/pyhf:*`, `analysisbase:21.2.1*`) against
 * the registry's tag list. Pure apart from the `listTags` function it is
 * given, so that the registry client stays outside.
 */

async function expandWildcards(recipe, listTags) {
    const errors = [];
    const unmatched = [];
    const expanded = await Promise.all(recipe.inputs.map(async (input) => {
        if (!(0,reference/* isWildcard */.z2)(input.ref))
            return [input];
        const pattern = input.ref.tag ?? '';
        const repo = `${input.ref.registry}/${input.ref.repository}`;
        let tags;
        try {
            tags = await listTags(input.ref);
        }
        catch (cause) {
            const why = cause instanceof Error ? cause.message : String(cause);
            errors.push({ input, error: new Error(`listing the tags of ${repo} to expand "${pattern}": ${why}`, { cause }) });
            return [];
        }
        const matching = [...new Set(tags.filter((tag) => (0,reference/* matchGlob */.sB)(pattern, tag)))].sort();
        const out = [];
        for (const tag of matching) {
            try {
                out.push({ ...input, ref: (0,reference/* withTag */.Rd)(input.ref, tag) });
            }
            catch (cause) {
                if (!(cause instanceof reference/* InvalidReferenceError */.x_))
                    throw cause;
                errors.push({ input, error: new Error(`expanding ${repo}:${pattern}: the registry listed an invalid tag: ${cause.message}`, { cause }) });
            }
        }
        if (matching.length === 0)
            unmatched.push(input);
        return out;
    }));
    const refs = [];
    const seen = new Set();
    for (const input of expanded.flat()) {
        const key = (0,reference/* formatImageRef */.kL)(input.ref);
        if (seen.has(key))
            continue;
        seen.add(key);
        refs.push(input);
    }
    return { refs, errors, unmatched };
}

;// CONCATENATED MODULE: ./src/recipe/recipe.ts
/**
 * recipe.yaml: DUCC's wishlist of images to publish, with a few extensions.
 *
 * DUCC's format version 1 (accepted unchanged, e.g. unpacked.cern.ch's own):
 *
 *   version: 1                       # required, must be 1
 *   user: cvmfsunpacker              # optional; kept for DUCC compatibility
 *   cvmfs_repo: unpacked.cern.ch     # optional; the CVMFS repository
 *   output_format: '…$(image)'       # optional; DUCC's thin-image name (see output-format.ts)
 *   input:                           # required; image references
 *     - 'https://registry.hub.docker.com/library/centos:centos7'
 *     - 'https://ghcr.io/org/runner:*'     # wildcard tag: every matching tag
 *
 * Our extensions (camelCase; DUCC ignores them, we document them in docs/recipe.md):
 *
 *   platforms: [linux/amd64, linux/arm64]   # default platforms for every input (default linux/amd64)
 *   ignoreErrors: ['ghcr.io/org/*']         # glob patterns of images whose failures are not errors
 *   input:
 *     - image: 'quay.io/org/app:1.0'        # object form of an input item
 *       platforms: [linux/arm64]            #   platforms for this image only
 *       ignoreErrors: true                  #   its failures are not errors
 *
 * Inputs may be written in DUCC's URL form or as Docker short references
 * (`centos:7`); each is normalised, and duplicates are dropped (the first
 * occurrence is kept). Errors name the file, the line and the value:
 * `recipe.yaml:7: input[3]: "foo bar" is not an image reference: contains whitespace`.
 */







const DEFAULT_PLATFORMS = ['linux/amd64'];
/** A recipe that cannot be read or is not valid; the message lists every problem. */
class RecipeError extends Error {
    name = 'RecipeError';
    file;
    /** Line of the first problem. */
    line;
    problems;
    constructor(message, opts = {}) {
        super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
        if (opts.file !== undefined)
            this.file = opts.file;
        if (opts.line !== undefined)
            this.line = opts.line;
        this.problems = opts.problems ?? [];
    }
}
/** os/arch or os/arch/variant, as in an OCI image index. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9.]+)?$/;
/** A CVMFS repository name: a host-like name, since it becomes /cvmfs/<name> and a command argument. */
const CVMFS_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
function problemsError(unsorted, file) {
    // In the order of the file (a stable sort keeps the order of problems on one line).
    const problems = unsorted.toSorted((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const where = file ?? '<recipe>';
    const lines = problems.map((p) => `${where}${p.line !== undefined ? `:${p.line}` : ''}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`);
    const opts = { problems };
    if (file !== undefined)
        opts.file = file;
    const line = problems[0]?.line;
    if (line !== undefined)
        opts.line = line;
    return new RecipeError(lines.join('\n'), opts);
}
/** Parses and validates a recipe. Pure: `file` is only used in messages. Throws RecipeError. */
function parseRecipe(text, file, opts = {}) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw problemsError(doc.errors.map((e) => {
            const pos = unclosedQuoteStart(text, e.message) ?? lineCounter.linePos(e.pos[0]);
            return { line: pos.line, column: pos.col, path: '', message: `not valid YAML: ${e.message}` };
        }), file);
    }
    const root = doc.toJS();
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
        throw problemsError([{ line: 1, path: '', message: 'expected a mapping with the keys version and input' }], file);
    }
    const problems = [];
    const at = (path) => lineAt(doc, lineCounter, path);
    const problem = (path, message) => problems.push(problemAt(doc, lineCounter, path, message));
    for (const key of Object.keys(root).filter((k) => !RECIPE_KEYS.includes(k))) {
        problems.push(problemAt(doc, lineCounter, [], `unknown key (known keys: ${RECIPE_KEYS.join(', ')})`, { key, pathText: key }));
    }
    const parsed = RecipeFileSchema.safeParse(root);
    if (!parsed.success) {
        problems.push(...issuesToProblems(parsed.error.issues, root, doc, lineCounter));
        // The inputs are still checked one by one, so that every problem is reported at once.
        const items = root.input;
        if (Array.isArray(items))
            items.forEach((item, i) => readInput(item, ['input', i], { root, doc, lineCounter, at, problem, problems }));
        throw problemsError(problems, file);
    }
    const data = parsed.data;
    if (data.cvmfs_repo !== undefined && !CVMFS_REPO.test(data.cvmfs_repo)) {
        problem(['cvmfs_repo'], `${JSON.stringify(data.cvmfs_repo)} is not a CVMFS repository name`);
    }
    if (data.output_format !== undefined) {
        for (const name of (0,output_format/* unknownPlaceholders */.hX)(data.output_format)) {
            problem(['output_format'], `unknown placeholder "$(${name})" (known: $(scheme) $(registry) $(repository) $(tag) $(digest) $(reference) $(image))`);
        }
    }
    const platforms = data.platforms === undefined ? [...DEFAULT_PLATFORMS] : checkPlatforms(data.platforms, ['platforms'], problem);
    if (data.platforms?.length === 0)
        problem(['platforms'], 'expected at least one platform');
    const ignoreErrors = data.ignoreErrors ?? [];
    ignoreErrors.forEach((pattern, i) => {
        if (pattern === '')
            problem(['ignoreErrors', i], 'expected a pattern, got an empty string');
    });
    let limits;
    if (data.check !== undefined) {
        limits = {};
        for (const key of ['maxSize', 'warnSize']) {
            const v = data.check[key];
            if (v === undefined)
                continue;
            try {
                limits[key] = (0,size/* parseSize */.D)(v);
            }
            catch (err) {
                problem(['check', key], err.message);
            }
        }
        if (data.check.allowedRegistries !== undefined)
            limits.allowedRegistries = data.check.allowedRegistries;
    }
    const inputs = [];
    const seen = new Map();
    data.input.forEach((item, i) => {
        const input = readInput(item, ['input', i], { root, doc, lineCounter, at, problem, problems });
        if (input === undefined)
            return;
        const key = (0,reference/* formatImageRef */.kL)(input.ref);
        const first = seen.get(key);
        if (first !== undefined) {
            opts.onDuplicate?.(input, first);
            return;
        }
        seen.set(key, input);
        inputs.push(input);
    });
    if (problems.length > 0)
        throw problemsError(problems, file);
    const recipe = { version: 1, platforms, inputs, ignoreErrors };
    if (data.user !== undefined)
        recipe.user = data.user;
    if (data.cvmfs_repo !== undefined)
        recipe.cvmfsRepo = data.cvmfs_repo;
    if (data.output_format !== undefined)
        recipe.outputFormat = data.output_format;
    if (limits !== undefined)
        recipe.check = limits;
    for (const key of ['skipFlat', 'skipLayers', 'skipPodman', 'skipThinImage'])
        if (data[key] !== undefined)
            recipe[key] = data[key];
    if (file !== undefined)
        recipe.file = file;
    return recipe;
}
/** One item of `input`: a reference string, or { image, platforms?, ignoreErrors? }. */
function readInput(item, path, ctx) {
    let source;
    let imagePath = path;
    let input = {};
    if (typeof item === 'string') {
        source = item;
    }
    else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const parsed = InputObjectSchema.safeParse(item);
        if (!parsed.success) {
            ctx.problems.push(...issuesToProblems(parsed.error.issues, ctx.root, ctx.doc, ctx.lineCounter, path));
            return undefined;
        }
        source = parsed.data.image;
        imagePath = [...path, 'image'];
        if (parsed.data.platforms !== undefined) {
            input.platforms = checkPlatforms(parsed.data.platforms, [...path, 'platforms'], ctx.problem);
            if (parsed.data.platforms.length === 0)
                ctx.problem([...path, 'platforms'], 'expected at least one platform');
        }
        if (parsed.data.ignoreErrors !== undefined)
            input.ignoreErrors = parsed.data.ignoreErrors;
    }
    else {
        ctx.problem(path, `expected an image reference (a string) or a mapping with the key image, got ${describeValue(item)}`);
        return undefined;
    }
    try {
        const ref = (0,reference/* parseImageRef */.Q)(source, { allowWildcard: true });
        return { ref, source, line: ctx.at(path) ?? 0, ...input };
    }
    catch (error) {
        if (!(error instanceof reference/* InvalidReferenceError */.x_))
            throw error;
        ctx.problem(imagePath, error.message);
        return undefined;
    }
}
function checkPlatforms(list, path, problem) {
    list.forEach((platform, i) => {
        if (!PLATFORM.test(platform))
            problem([...path, i], `${JSON.stringify(platform)} is not a platform (expected os/arch or os/arch/variant, e.g. linux/arm64/v8)`);
    });
    return [...new Set(list)];
}
/**
 * Where an unclosed quoted scalar starts: the YAML parser reports it at the
 * end of the document, the user needs the line where the quote was opened.
 */
function unclosedQuoteStart(text, message) {
    const quote = /^Missing closing (['"])quote/.exec(message)?.[1];
    if (quote === undefined)
        return undefined;
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
        const code = line.replace(/\s#.*$/, '');
        const count = code.split(quote).length - 1;
        if (count % 2 === 1)
            return { line: i + 1, col: code.lastIndexOf(quote) + 1 };
    }
    return undefined;
}
/** Reads and parses a recipe file. Throws RecipeError. */
async function loadRecipe(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (cause) {
        throw new RecipeError(`reading recipe ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { file, cause });
    }
    return parseRecipe(text, file);
}
/** The platforms to publish for an input. */
function inputPlatforms(recipe, input) {
    return input.platforms ?? recipe.platforms;
}
/**
 * Whether a failure of `input` is not to be reported as an error: the item
 * says `ignoreErrors: true`, or a pattern of the recipe's `ignoreErrors`
 * matches the reference as normalised ('quay.io/org/app:1.0'), in DUCC's URL
 * form ('https://quay.io/org/app:1.0') or as written in the recipe.
 */
function isErrorIgnored(recipe, input) {
    if (input.ignoreErrors === true)
        return true;
    const names = [(0,reference/* formatImageRef */.kL)(input.ref), (0,reference/* formatUrlRef */.u8)(input.ref), input.source];
    return recipe.ignoreErrors.some((pattern) => names.some((name) => (0,reference/* matchGlob */.sB)(pattern, name)));
}
// The rest of the recipe API, also reachable from this file.



;// CONCATENATED MODULE: ./src/recipe/index.ts





/***/ }),

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


/***/ })

};
