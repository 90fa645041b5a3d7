import type { ParsedValues } from '../args.ts';
import type { Io } from '../main.ts';
import type { Output } from '../output.ts';
import type { OutputSwitches } from '../../convert/outputs.ts';

/** Everything a subcommand gets: its parsed options, the streams and the output. */
export interface CommandContext {
  command: string;
  values: ParsedValues;
  positionals: string[];
  io: Io;
  output: Output;
  json: boolean;
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(ctx: CommandContext, name: string): string[] {
  const v = ctx.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** DUCC's --skip-* switches and --username (the thin image's push user; password: DUCC_OUTPUT_REGISTRY_PASS). */
export function outputSwitches(ctx: CommandContext): OutputSwitches {
  const user = stringOption(ctx, 'username');
  const password = ctx.io.env.DUCC_OUTPUT_REGISTRY_PASS;
  return {
    skipFlat: flag(ctx, 'skip-flat'),
    skipLayers: flag(ctx, 'skip-layers'),
    skipPodman: flag(ctx, 'skip-podman'),
    skipThinImage: flag(ctx, 'skip-thin-image'),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** --target, else $CVMFS_UNPACK_TARGET, else dir:./unpacked. */
export function targetSpec(ctx: CommandContext): string {
  return stringOption(ctx, 'target') ?? ctx.io.env.CVMFS_UNPACK_TARGET ?? 'dir:./unpacked';
}

/** The transaction bound from CVMFS_UNPACK_BATCH_IMAGES / CVMFS_UNPACK_BATCH_BYTES (unset: the engine's default). */
export function batchFromEnv(env: NodeJS.ProcessEnv): { images?: number; bytes?: number } {
  const num = (name: string) => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${v}" is not a positive whole number`);
    return n;
  };
  const images = num('CVMFS_UNPACK_BATCH_IMAGES');
  const bytes = num('CVMFS_UNPACK_BATCH_BYTES');
  return { ...(images ? { images } : {}), ...(bytes ? { bytes } : {}) };
}

/**
 * --insecure-registry (repeatable) joins CVMFS_UNPACK_INSECURE_REGISTRIES,
 * which every registry client of this process reads.
 */
export function applyInsecureRegistries(ctx: CommandContext): void {
  const given = listOption(ctx, 'insecure-registry').flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  if (given.length === 0) return;
  const env = [process.env.CVMFS_UNPACK_INSECURE_REGISTRIES, ctx.io.env.CVMFS_UNPACK_INSECURE_REGISTRIES].filter(Boolean).join(',');
  process.env.CVMFS_UNPACK_INSECURE_REGISTRIES = [env, ...given].filter(Boolean).join(',');
}
