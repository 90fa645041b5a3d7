/** `cvmfs-unpack loop --recipe FILE [--interval 15m]`: the scheduled sync. */
import { runScheduled } from '../../schedule/loop.ts';
import { CredentialStore, RegistryClient } from '../../registry/index.ts';
import { parseDuration, UsageError } from '../args.ts';
import { applyInsecureRegistries, batchFromEnv, flag, outputSwitches, stringOption, type CommandContext } from './context.ts';
import { checkedSwitches, openTarget, parsePlatforms } from './sync.ts';
import { recipeRequests } from '../../schedule/recipe-source.ts';

export async function runLoop(ctx: CommandContext): Promise<number> {
  applyInsecureRegistries(ctx);
  const recipe = stringOption(ctx, 'recipe');
  if (!recipe) throw new UsageError('--recipe is required', 'loop');
  const intervalMs = parseDuration(stringOption(ctx, 'interval') ?? '15m', '--interval');
  if (intervalMs < 1000) throw new UsageError('--interval: at least 1s', 'loop');
  const publisher = openTarget(ctx);
  const switches = checkedSwitches(outputSwitches(ctx), 'loop');
  const platforms = parsePlatforms(ctx);
  const logger = ctx.output.logger;
  const client = new RegistryClient({ credentials: CredentialStore.fromEnvironment(ctx.io.env), logger });
  logger.info('loop started', { recipe, target: publisher.describe(), intervalMs });
  const reports = await runScheduled({
    source: () => recipeRequests(recipe, platforms, logger, client, switches, ctx.io.env),
    publisher,
    client,
    intervalMs,
    once: flag(ctx, 'once'),
    logger,
    onEvent: (e) => ctx.output.onEvent(e),
    signal: ctx.io.signal,
    batch: batchFromEnv(ctx.io.env),
  });
  ctx.output.close();
  logger.info('loop stopped', { cycles: reports.length, reason: ctx.io.signal?.aborted ? String(ctx.io.signal.reason) : 'done' });
  const last = reports.at(-1);
  return last && last.failed.some((f) => !f.ignored) ? 1 : 0;
}
