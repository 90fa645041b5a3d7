/** `cvmfs-unpack serve --config agent.yaml`: the HTTP agent (src/agent). */
import { serve } from '../../agent/index.ts';
import { UsageError } from '../args.ts';
import { stringOption, type CommandContext } from './context.ts';

export async function runServe(ctx: CommandContext): Promise<number> {
  const configPath = stringOption(ctx, 'config') ?? ctx.io.env.CVMFS_UNPACK_CONFIG;
  if (!configPath) throw new UsageError('--config is required (or $CVMFS_UNPACK_CONFIG)', 'serve');
  await serve({ configPath, logger: ctx.output.logger, signal: ctx.io.signal, env: ctx.io.env });
  return 0;
}
