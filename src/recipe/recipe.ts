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
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import {
  InvalidReferenceError,
  formatImageRef,
  formatUrlRef,
  matchGlob,
  parseImageRef,
  type ImageRef,
} from '../reference/index.ts';
import { parseSize } from '../common/size.ts';
import { unknownPlaceholders } from './output-format.ts';
import { InputObjectSchema, RECIPE_KEYS, RecipeFileSchema } from './schema.ts';
import { describeValue, issuesToProblems, lineAt, problemAt, type Path, type Problem } from './yaml-source.ts';

export interface RecipeInput {
  ref: ImageRef;
  /** The text as written in the recipe. */
  source: string;
  /** Line of the item in the recipe (1-based). */
  line: number;
  /** Platforms for this input; when absent the recipe's `platforms` apply. */
  platforms?: string[];
  /** Failures of this input are not reported as errors. */
  ignoreErrors?: boolean;
}

export interface Recipe {
  version: 1;
  user?: string;
  cvmfsRepo?: string;
  outputFormat?: string;
  /** DUCC's --skip-flat, --skip-layers, --skip-podman, --skip-thin-image for this recipe. */
  skipFlat?: boolean;
  skipLayers?: boolean;
  skipPodman?: boolean;
  skipThinImage?: boolean;
  /** Default platforms of every input; ['linux/amd64'] unless the recipe says otherwise. */
  platforms: string[];
  /** Duplicates removed, first kept. */
  inputs: RecipeInput[];
  /** Glob patterns of image refs whose failures are not reported as errors. */
  ignoreErrors: string[];
  /** Limits for `cvmfs-unpack check` (`check:` in the recipe). */
  check?: RecipeLimits;
  file?: string;
}

export interface RecipeLimits {
  /** Compressed bytes above which an input is an error. */
  maxSize?: number;
  /** Compressed bytes above which an input is a warning. */
  warnSize?: number;
  /** Glob patterns of registry hosts inputs may come from. */
  allowedRegistries?: string[];
}

export const DEFAULT_PLATFORMS: readonly string[] = ['linux/amd64'];

/** A recipe that cannot be read or is not valid; the message lists every problem. */
export class RecipeError extends Error {
  override readonly name = 'RecipeError';
  file?: string;
  /** Line of the first problem. */
  line?: number;
  readonly problems: readonly Problem[];

  constructor(message: string, opts: { file?: string; line?: number; problems?: Problem[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    if (opts.file !== undefined) this.file = opts.file;
    if (opts.line !== undefined) this.line = opts.line;
    this.problems = opts.problems ?? [];
  }
}

/** os/arch or os/arch/variant, as in an OCI image index. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9.]+)?$/;
/** A CVMFS repository name: a host-like name, since it becomes /cvmfs/<name> and a command argument. */
const CVMFS_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

function problemsError(unsorted: Problem[], file: string | undefined): RecipeError {
  // In the order of the file (a stable sort keeps the order of problems on one line).
  const problems = unsorted.toSorted((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const where = file ?? '<recipe>';
  const lines = problems.map((p) => `${where}${p.line !== undefined ? `:${p.line}` : ''}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`);
  const opts: { file?: string; line?: number; problems: Problem[] } = { problems };
  if (file !== undefined) opts.file = file;
  const line = problems[0]?.line;
  if (line !== undefined) opts.line = line;
  return new RecipeError(lines.join('\n'), opts);
}

export interface ParseRecipeOptions {
  /** Called for each input dropped as a duplicate of an earlier one (`cvmfs-unpack check` reports them). */
  onDuplicate?: (duplicate: RecipeInput, first: RecipeInput) => void;
}

/** Parses and validates a recipe. Pure: `file` is only used in messages. Throws RecipeError. */
export function parseRecipe(text: string, file?: string, opts: ParseRecipeOptions = {}): Recipe {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw problemsError(
      doc.errors.map((e) => {
        const pos = unclosedQuoteStart(text, e.message) ?? lineCounter.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: '', message: `not valid YAML: ${e.message}` };
      }),
      file,
    );
  }
  const root: unknown = doc.toJS();
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw problemsError([{ line: 1, path: '', message: 'expected a mapping with the keys version and input' }], file);
  }
  const problems: Problem[] = [];
  const at = (path: Path) => lineAt(doc, lineCounter, path);
  const problem = (path: Path, message: string) => problems.push(problemAt(doc, lineCounter, path, message));

  for (const key of Object.keys(root).filter((k) => !RECIPE_KEYS.includes(k))) {
    problems.push(problemAt(doc, lineCounter, [], `unknown key (known keys: ${RECIPE_KEYS.join(', ')})`, { key, pathText: key }));
  }
  const parsed = RecipeFileSchema.safeParse(root);
  if (!parsed.success) {
    problems.push(...issuesToProblems(parsed.error.issues, root, doc, lineCounter));
    // The inputs are still checked one by one, so that every problem is reported at once.
    const items: unknown = (root as Record<string, unknown>).input;
    if (Array.isArray(items)) items.forEach((item, i) => readInput(item, ['input', i], { root, doc, lineCounter, at, problem, problems }));
    throw problemsError(problems, file);
  }
  const data = parsed.data;

  if (data.cvmfs_repo !== undefined && !CVMFS_REPO.test(data.cvmfs_repo)) {
    problem(['cvmfs_repo'], `${JSON.stringify(data.cvmfs_repo)} is not a CVMFS repository name`);
  }
  if (data.output_format !== undefined) {
    for (const name of unknownPlaceholders(data.output_format)) {
      problem(['output_format'], `unknown placeholder "$(${name})" (known: $(scheme) $(registry) $(repository) $(tag) $(digest) $(reference) $(image))`);
    }
  }
  const platforms = data.platforms === undefined ? [...DEFAULT_PLATFORMS] : checkPlatforms(data.platforms, ['platforms'], problem);
  if (data.platforms?.length === 0) problem(['platforms'], 'expected at least one platform');
  const ignoreErrors = data.ignoreErrors ?? [];
  ignoreErrors.forEach((pattern, i) => {
    if (pattern === '') problem(['ignoreErrors', i], 'expected a pattern, got an empty string');
  });

  let limits: RecipeLimits | undefined;
  if (data.check !== undefined) {
    limits = {};
    for (const key of ['maxSize', 'warnSize'] as const) {
      const v = data.check[key];
      if (v === undefined) continue;
      try {
        limits[key] = parseSize(v);
      } catch (err) {
        problem(['check', key], (err as Error).message);
      }
    }
    if (data.check.allowedRegistries !== undefined) limits.allowedRegistries = data.check.allowedRegistries;
  }

  const inputs: RecipeInput[] = [];
  const seen = new Map<string, RecipeInput>();
  data.input.forEach((item, i) => {
    const input = readInput(item, ['input', i], { root, doc, lineCounter, at, problem, problems });
    if (input === undefined) return;
    const key = formatImageRef(input.ref);
    const first = seen.get(key);
    if (first !== undefined) {
      opts.onDuplicate?.(input, first);
      return;
    }
    seen.set(key, input);
    inputs.push(input);
  });
  if (problems.length > 0) throw problemsError(problems, file);

  const recipe: Recipe = { version: 1, platforms, inputs, ignoreErrors };
  if (data.user !== undefined) recipe.user = data.user;
  if (data.cvmfs_repo !== undefined) recipe.cvmfsRepo = data.cvmfs_repo;
  if (data.output_format !== undefined) recipe.outputFormat = data.output_format;
  if (limits !== undefined) recipe.check = limits;
  for (const key of ['skipFlat', 'skipLayers', 'skipPodman', 'skipThinImage'] as const) if (data[key] !== undefined) recipe[key] = data[key];
  if (file !== undefined) recipe.file = file;
  return recipe;
}

interface Context {
  root: unknown;
  doc: Document;
  lineCounter: LineCounter;
  at: (path: Path) => number | undefined;
  problem: (path: Path, message: string) => void;
  problems: Problem[];
}

/** One item of `input`: a reference string, or { image, platforms?, ignoreErrors? }. */
function readInput(item: unknown, path: Path, ctx: Context): RecipeInput | undefined {
  let source: string;
  let imagePath = path;
  let input: Omit<RecipeInput, 'ref' | 'source' | 'line'> = {};
  if (typeof item === 'string') {
    source = item;
  } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const parsed = InputObjectSchema.safeParse(item);
    if (!parsed.success) {
      ctx.problems.push(...issuesToProblems(parsed.error.issues, ctx.root, ctx.doc, ctx.lineCounter, path));
      return undefined;
    }
    source = parsed.data.image;
    imagePath = [...path, 'image'];
    if (parsed.data.platforms !== undefined) {
      input.platforms = checkPlatforms(parsed.data.platforms, [...path, 'platforms'], ctx.problem);
      if (parsed.data.platforms.length === 0) ctx.problem([...path, 'platforms'], 'expected at least one platform');
    }
    if (parsed.data.ignoreErrors !== undefined) input.ignoreErrors = parsed.data.ignoreErrors;
  } else {
    ctx.problem(path, `expected an image reference (a string) or a mapping with the key image, got ${describeValue(item)}`);
    return undefined;
  }
  try {
    const ref = parseImageRef(source, { allowWildcard: true });
    return { ref, source, line: ctx.at(path) ?? 0, ...input };
  } catch (error) {
    if (!(error instanceof InvalidReferenceError)) throw error;
    ctx.problem(imagePath, error.message);
    return undefined;
  }
}

function checkPlatforms(list: string[], path: Path, problem: (path: Path, message: string) => void): string[] {
  list.forEach((platform, i) => {
    if (!PLATFORM.test(platform)) problem([...path, i], `${JSON.stringify(platform)} is not a platform (expected os/arch or os/arch/variant, e.g. linux/arm64/v8)`);
  });
  return [...new Set(list)];
}

/**
 * Where an unclosed quoted scalar starts: the YAML parser reports it at the
 * end of the document, the user needs the line where the quote was opened.
 */
function unclosedQuoteStart(text: string, message: string): { line: number; col: number } | undefined {
  const quote = /^Missing closing (['"])quote/.exec(message)?.[1];
  if (quote === undefined) return undefined;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const code = line.replace(/\s#.*$/, '');
    const count = code.split(quote).length - 1;
    if (count % 2 === 1) return { line: i + 1, col: code.lastIndexOf(quote) + 1 };
  }
  return undefined;
}

/** Reads and parses a recipe file. Throws RecipeError. */
export async function loadRecipe(file: string): Promise<Recipe> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new RecipeError(`reading recipe ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { file, cause });
  }
  return parseRecipe(text, file);
}

/** The platforms to publish for an input. */
export function inputPlatforms(recipe: Recipe, input: RecipeInput): string[] {
  return input.platforms ?? recipe.platforms;
}

/**
 * Whether a failure of `input` is not to be reported as an error: the item
 * says `ignoreErrors: true`, or a pattern of the recipe's `ignoreErrors`
 * matches the reference as normalised ('quay.io/org/app:1.0'), in DUCC's URL
 * form ('https://quay.io/org/app:1.0') or as written in the recipe.
 */
export function isErrorIgnored(recipe: Recipe, input: RecipeInput): boolean {
  if (input.ignoreErrors === true) return true;
  const names = [formatImageRef(input.ref), formatUrlRef(input.ref), input.source];
  return recipe.ignoreErrors.some((pattern) => names.some((name) => matchGlob(pattern, name)));
}

// The rest of the recipe API, also reachable from this file.
export { expandOutputFormat } from './output-format.ts';
export { expandWildcards } from './wildcards.ts';
