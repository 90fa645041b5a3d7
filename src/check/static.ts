/**
 * The offline part of the check: syntax and schema (every problem, with line
 * and column), references, duplicates, inputs a wildcard line already covers,
 * and the registries the limits allow. Pure: text in, findings out.
 */
import { formatImageRef, isWildcard, matchGlob } from '../reference/index.ts';
import { RecipeError, parseRecipe, type Recipe, type RecipeInput } from '../recipe/index.ts';
import type { Finding } from './types.ts';

export interface Limits {
  maxSize?: number;
  warnSize?: number;
  allowedRegistries?: string[];
}

export interface StaticResult {
  /** Undefined when the recipe has syntax or schema errors (they are all in `findings`). */
  recipe?: Recipe;
  findings: Finding[];
}

function checkName(message: string): string {
  if (message.startsWith('not valid YAML')) return 'syntax';
  if (message.includes('is not an image reference')) return 'reference';
  return 'schema';
}

/** Parses `text` and reports what can be known without a registry. */
export function checkStatic(text: string, file: string, flagLimits: Limits = {}): StaticResult {
  const findings: Finding[] = [];
  const duplicates: [RecipeInput, RecipeInput][] = [];
  let recipe: Recipe;
  try {
    recipe = parseRecipe(text, file, { onDuplicate: (dup, first) => duplicates.push([dup, first]) });
  } catch (err) {
    if (!(err instanceof RecipeError)) throw err;
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
      message: `${formatImageRef(dup.ref)} is already on line ${first.line}${dup.source === first.source ? '' : ` (as ${first.source})`}; this line is ignored`,
    });
  }

  // Inputs that a wildcard line of the same repository already matches.
  const wildcards = new Map<string, RecipeInput[]>();
  for (const input of recipe.inputs) {
    if (!isWildcard(input.ref)) continue;
    const key = repoKey(input);
    wildcards.set(key, [...(wildcards.get(key) ?? []), input]);
  }
  for (const input of recipe.inputs) {
    if (isWildcard(input.ref) || input.ref.tag === undefined) continue;
    const cover = wildcards.get(repoKey(input))?.find((w) => matchGlob(w.ref.tag!, input.ref.tag!));
    if (cover) {
      findings.push({
        severity: 'warning',
        check: 'covered',
        line: input.line,
        input: input.source,
        message: `${formatImageRef(input.ref)} is already covered by the wildcard ${cover.source} on line ${cover.line}`,
      });
    }
  }

  const allowed = limitsOf(recipe, flagLimits).allowedRegistries;
  if (allowed !== undefined) {
    for (const input of recipe.inputs) {
      if (allowed.some((pattern) => matchGlob(pattern.toLowerCase(), input.ref.registry))) continue;
      findings.push({
        severity: 'error',
        check: 'registry-not-allowed',
        line: input.line,
        input: input.source,
        message: `${formatImageRef(input.ref)}: the registry ${input.ref.registry} is not one of the allowed registries (${allowed.join(', ')})`,
      });
    }
  }
  return { recipe, findings };
}

/** The limits in force: the flags', else the recipe's `check:` section. */
export function limitsOf(recipe: Recipe | undefined, flags: Limits): Limits {
  const fromRecipe = recipe?.check ?? {};
  const out: Limits = {};
  const maxSize = flags.maxSize ?? fromRecipe.maxSize;
  const warnSize = flags.warnSize ?? fromRecipe.warnSize;
  const allowed = flags.allowedRegistries ?? fromRecipe.allowedRegistries;
  if (maxSize !== undefined) out.maxSize = maxSize;
  if (warnSize !== undefined) out.warnSize = warnSize;
  if (allowed !== undefined) out.allowedRegistries = allowed;
  return out;
}

function repoKey(input: RecipeInput): string {
  return `${input.ref.scheme}://${input.ref.registry}/${input.ref.repository}`;
}
