import { usageLine } from '../help.ts';
import type { CommandContext } from './context.ts';

/** Subcommands whose implementation has not landed yet say so and exit 2. */
export async function notBuiltYet(ctx: CommandContext): Promise<number> {
  ctx.io.stderr.write(`cvmfs-unpack ${ctx.command}: not built yet in this version\n${usageLine(ctx.command)}\n`);
  return 2;
}
