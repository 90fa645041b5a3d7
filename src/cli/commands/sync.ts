/**
 * `cvmfs-unpack sync IMAGE...` and `sync --recipe FILE`: one run, one
 * transaction, a summary of what was published where.
 */
import { InvalidReferenceError, parseImageRef } from '../../reference/index.ts';
import { CredentialStore, parsePlatform, type Platform } from '../../registry/index.ts';
import { parseTarget } from '../../publish/index.ts';
import { outputOptions, syncImages, type OutputOptions, type OutputSwitches } from '../../convert/index.ts';
import type { ImageResult, SyncRequest } from '../../convert/types.ts';
import { UsageError } from '../args.ts';
import { applyInsecureRegistries, batchFromEnv, flag, listOption, outputSwitches, stringOption, targetSpec, type CommandContext } from './context.ts';

export function parsePlatforms(ctx: CommandContext): Platform[] | undefined {
  const list = listOption(ctx, 'platform').flatMap((p) => p.split(',')).filter(Boolean);
  if (list.length === 0) return undefined;
  return list.map((p) => {
    try {
      return parsePlatform(p);
    } catch (err) {
      throw new UsageError(`--platform: ${(err as Error).message}`, ctx.command);
    }
  });
}

export function openTarget(ctx: CommandContext) {
  const spec = targetSpec(ctx);
  try {
    return parseTarget(spec, {
      cvmfsServer: ctx.io.env.CVMFS_UNPACK_CVMFS_SERVER,
      cvmfsMount: ctx.io.env.CVMFS_UNPACK_CVMFS_MOUNT,
    });
  } catch (err) {
    throw new UsageError(`--target: ${(err as Error).message}`, ctx.command);
  }
}

export async function runSync(ctx: CommandContext): Promise<number> {
  applyInsecureRegistries(ctx);
  const recipe = stringOption(ctx, 'recipe');
  if (recipe && ctx.positionals.length) throw new UsageError('give either IMAGE arguments or --recipe, not both', 'sync');
  if (!recipe && ctx.positionals.length === 0) throw new UsageError('no image given', 'sync');
  const platforms = parsePlatforms(ctx);
  const publisher = openTarget(ctx);

  const requests: SyncRequest[] = [];
  const failed: ImageResult[] = [];
  let ignored: (ref: string) => boolean = () => false;
  const switches = outputSwitches(ctx);
  const thinImageName = stringOption(ctx, 'thin-image-name');
  if (thinImageName !== undefined && (recipe || ctx.positionals.length !== 1) && !thinImageName.includes('$(')) {
    throw new UsageError('--thin-image-name names the thin image of one IMAGE (or use placeholders such as $(image))', 'sync');
  }
  if (thinImageName !== undefined) switches.thinImageName = thinImageName;
  let outputs: OutputOptions;
  if (recipe) {
    // Loaded only for --recipe: a plain sync need not compile the YAML and recipe schemas.
    const { recipeRequests } = await import('../../schedule/recipe-source.ts');
    const fromRecipe = await recipeRequests(recipe, platforms, ctx.output.logger, undefined, checkedSwitches(switches), ctx.io.env);
    requests.push(...fromRecipe.requests);
    failed.push(...fromRecipe.failed);
    ignored = fromRecipe.ignored;
    outputs = fromRecipe.outputs;
  } else {
    outputs = outputOptionsOrUsage(switches);
    if (outputs.thin) outputs.thin.credentials = CredentialStore.fromEnvironment(ctx.io.env);
    const extraTags = (stringOption(ctx, 'extra-tags') ?? '').split(/[\s,]+/).filter(Boolean);
    for (const tag of extraTags) {
      if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag)) throw new UsageError(`--extra-tags: "${tag}" is not a tag`, 'sync');
    }
    for (const arg of ctx.positionals) {
      try {
        requests.push({ ref: parseImageRef(arg), platforms, extraTags });
      } catch (err) {
        if (err instanceof InvalidReferenceError) throw new UsageError(err.message, 'sync');
        throw err;
      }
    }
  }

  const results = await syncImages(requests, {
    publisher,
    logger: ctx.output.logger,
    onEvent: (e) => ctx.output.onEvent(e),
    signal: ctx.io.signal,
    batch: batchFromEnv(ctx.io.env),
    outputs,
  });
  ctx.output.close();
  return report([...failed, ...results], ctx, flag(ctx, 'json'), ignored);
}

/** The outputs the switches ask for; contradictory switches are a usage error. */
export function outputOptionsOrUsage(switches: OutputSwitches, command = 'sync'): OutputOptions {
  try {
    return outputOptions(switches);
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}

/** The switches, refused up front when they contradict each other (a recipe may add to them). */
export function checkedSwitches(switches: OutputSwitches, command = 'sync'): OutputSwitches {
  outputOptionsOrUsage(switches, command);
  return switches;
}

/** Results on stdout (a table, or JSON lines); each failure on stderr with its reason. */
export function report(results: ImageResult[], ctx: CommandContext, json: boolean, ignored: (ref: string) => boolean = () => false): number {
  const { stdout, stderr } = ctx.io;
  if (json) {
    for (const r of results) stdout.write(`${JSON.stringify({ event: 'result', ...r })}\n`);
  } else if (results.some((r) => r.status !== 'failed')) {
    const rows = results
      .filter((r) => r.status !== 'failed')
      .map((r) => [r.status, r.ref, r.path ?? '', r.digest ?? '', `${(r.timings.totalMs / 1000).toFixed(1)}s`]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) stdout.write(`${row.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ')}\n`);
  }
  const failures = results.filter((r) => r.status === 'failed' && !ignored(r.ref));
  for (const f of results.filter((r) => r.status === 'failed' && ignored(r.ref))) {
    stderr.write(`failed (ignored by the recipe's ignoreErrors): ${f.ref}: ${f.error ?? 'unknown error'}\n`);
  }
  for (const f of failures) stderr.write(`failed: ${f.ref}: ${f.error ?? 'unknown error'}\n`);
  if (failures.length) stderr.write(`${failures.length} of ${results.length} image(s) failed\n`);
  return failures.length ? 1 : 0;
}
