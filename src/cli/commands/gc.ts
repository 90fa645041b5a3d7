/** `cvmfs-unpack gc`: remove what no published image refers to. */
import { loadRecipe } from '../../recipe/index.ts';
import { matchGlob, publicLinkPath } from '../../reference/index.ts';
import { runGc } from '../../gc/index.ts';
import { formatBytes } from '../output.ts';
import { parseDuration, UsageError } from '../args.ts';
import { flag, stringOption, type CommandContext } from './context.ts';
import { openTarget } from './sync.ts';

export async function runGcCommand(ctx: CommandContext): Promise<number> {
  const publisher = openTarget(ctx);
  const graceMs = parseDuration(stringOption(ctx, 'grace-period') ?? '7d', '--grace-period');
  let wanted: ((linkPath: string) => boolean) | undefined;
  if (flag(ctx, 'prune')) {
    const file = stringOption(ctx, 'recipe');
    if (!file) throw new UsageError('--prune needs --recipe FILE', 'gc');
    wanted = await recipeWants(file);
  }
  const report = await runGc({ publisher, dryRun: flag(ctx, 'dry-run'), graceMs, wanted, logger: ctx.output.logger });
  const out = ctx.io.stdout;
  if (ctx.json) {
    out.write(`${JSON.stringify({ event: 'gc', ...report })}\n`);
    return 0;
  }
  const verb = report.dryRun ? 'would remove' : 'removed';
  for (const l of report.links) out.write(`${verb} link      ${l}\n`);
  for (const m of report.metadata) out.write(`${verb} metadata  ${m}\n`);
  for (const f of report.flats) out.write(`${verb} flat      ${f}\n`);
  for (const l of report.layers) out.write(`${verb} layer     ${l}\n`);
  for (const c of report.chains) out.write(`${verb} chain     ${c}\n`);
  for (const n of report.notes) ctx.io.stderr.write(`note: ${n}\n`);
  out.write(
    `${verb}: ${report.links.length} link(s), ${report.metadata.length} metadata dir(s), ${report.flats.length} flat tree(s), ${report.layers.length} layer(s), ${report.chains.length} chain(s), ${formatBytes(report.bytes)}\n`,
  );
  return 0;
}

/**
 * Whether a published name (`<registry>/<repository>:<tag>`, or under
 * `.multiarch/<arch>/`) is still named by the recipe; wildcard tags match
 * as patterns, so tags that appeared upstream stay.
 */
async function recipeWants(file: string): Promise<(linkPath: string) => boolean> {
  const recipe = await loadRecipe(file);
  // publicLinkPath refuses wildcard tags; a wildcard input is the same form, as a pattern.
  const patterns = recipe.inputs.map((i) => (i.ref.tag?.includes('*') ? `${i.ref.registry}/${i.ref.repository}:${i.ref.tag}` : publicLinkPath(i.ref)));
  return (linkPath) => {
    const name = linkPath.startsWith('.multiarch/') ? linkPath.split('/').slice(2).join('/') : linkPath;
    return patterns.some((p) => (p.includes('*') ? matchGlob(p, name) : p === name));
  };
}
