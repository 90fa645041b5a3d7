/**
 * `cvmfs-unpack check`: the offline checks, then (unless offline) every input
 * that is new or changed probed online with a bounded number of requests in
 * flight, then what the target already holds. Produces one CheckReport.
 */
import { formatImageRef } from '../reference/index.ts';
import { inputPlatforms, isErrorIgnored, parseRecipe, RecipeError, type Recipe, type RecipeInput } from '../recipe/index.ts';
import type { RegistryClient } from '../registry/index.ts';
import { diffRecipes } from './against.ts';
import { mapBounded } from './pool.ts';
import { checkStatic, limitsOf, type Limits } from './static.ts';
import type { CheckReport, Finding, InputReport } from './types.ts';

export interface CheckOptions {
  /** The recipe's text and the name it is reported under. */
  text: string;
  file: string;
  /** The base recipe (--against): its text and name. */
  base?: { text: string; name: string };
  offline?: boolean;
  /** The root directory of the target (--target), to read what is published. */
  targetRoot?: string;
  targetName?: string;
  limits?: Limits;
  /** Default platforms instead of the recipe's. */
  platforms?: string[];
  env?: NodeJS.ProcessEnv;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Test hook: a client to use (its credentials must be `credentials`). */
  client?: RegistryClient;
}

export const DEFAULT_CONCURRENCY = 8;

export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  const flagLimits = opts.limits ?? {};
  const { recipe, findings } = checkStatic(opts.text, opts.file, flagLimits);
  const report: CheckReport = {
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
  if (recipe === undefined) return count(report);

  let change: Map<RecipeInput, 'added' | 'changed' | 'unchanged'> | undefined;
  if (opts.base) {
    const base = parseBase(opts.base, findings);
    if (base) {
      const diff = diffRecipes(base, recipe);
      change = diff.change;
      report.removed = diff.removed.map((i) => ({ source: i.source, ref: formatImageRef(i.ref), line: i.line }));
    }
  }

  const platformsOf = (input: RecipeInput) => input.platforms ?? opts.platforms ?? inputPlatforms(recipe, input);
  report.inputs = recipe.inputs.map((input) => {
    const c = change?.get(input);
    return { source: input.source, ref: formatImageRef(input.ref), line: input.line, platforms: platformsOf(input), ...(c ? { change: c } : {}), probed: false };
  });

  if (!opts.offline) {
    // Loaded only online: --offline needs neither the HTTP client nor the registry code (start-up is its cost).
    const [{ CredentialStore, RegistryClient }, { probeInput }] = await Promise.all([import('../registry/index.ts'), import('./probe.ts')]);
    const limits = limitsOf(recipe, flagLimits);
    const credentials = CredentialStore.fromEnvironment(opts.env ?? process.env);
    const client = opts.client ?? new RegistryClient({ credentials, retries: 2 });
    try {
      const todo = recipe.inputs.map((input, i) => ({ input, report: report.inputs[i]! })).filter((x) => x.report.change !== 'unchanged');
      const results = await mapBounded(todo, opts.concurrency ?? DEFAULT_CONCURRENCY, (x) =>
        probeInput(x.input, x.report.platforms, { client, credentials, limits, ...(opts.signal ? { signal: opts.signal } : {}) }),
      );
      results.forEach((r, i) => {
        const target = todo[i]!.report;
        target.probed = true;
        target.ok = r.ok;
        if (r.tags) target.tags = r.tags;
        if (r.topDigest) target.topDigest = r.topDigest;
        target.images = r.images;
        // The recipe says this input's failures are not errors (ignoreErrors): they are warnings here.
        const ignored = isErrorIgnored(recipe, todo[i]!.input);
        findings.push(...r.findings.map((f): Finding => (ignored && f.severity === 'error' ? { ...f, severity: 'warning', message: `${f.message} (ignored: ignoreErrors)` } : f)));
      });
    } finally {
      if (!opts.client) await client.close();
    }
  }

  if (opts.targetRoot !== undefined) {
    const { publishedState, readPublished, unlisted } = await import('./published.ts');
    const index = readPublished(opts.targetRoot);
    recipe.inputs.forEach((input, i) => {
      const r = report.inputs[i]!;
      r.published = publishedState(index, input, r);
    });
    report.prune = unlisted(index, recipe.inputs);
  }
  return count(report);
}

function parseBase(base: { text: string; name: string }, findings: Finding[]): Recipe | undefined {
  try {
    return parseRecipe(base.text, base.name);
  } catch (err) {
    if (!(err instanceof RecipeError)) throw err;
    // A broken base must not hide the head's problems: every input is then probed.
    findings.push({ severity: 'warning', check: 'base-invalid', message: `the base recipe ${base.name} is not valid, so every input is probed: ${err.message.split('\n')[0]}` });
    return undefined;
  }
}

function count(report: CheckReport): CheckReport {
  report.findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  report.errors = report.findings.filter((f) => f.severity === 'error').length;
  report.warnings = report.findings.length - report.errors;
  return report;
}
