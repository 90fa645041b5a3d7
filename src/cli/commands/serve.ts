import { notBuiltYet } from './not-built.ts';
import type { CommandContext } from './context.ts';

export async function runServe(ctx: CommandContext): Promise<number> {
  return notBuiltYet(ctx);
}
