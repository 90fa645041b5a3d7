/**
 * `cvmfs-unpack check RECIPE`: the wishlist's pull-request check. Text on
 * stdout; `--format github` adds annotations and the step summary,
 * `--format gitlab` a code-quality file, `--json` one JSON document instead.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { parseSize } from '../../common/size.ts';
import { BaseError, codeQuality, exitStatus, readBase, renderAnnotations, renderSummary, renderText, runCheck, type Limits } from '../../check/index.ts';
import { UsageError } from '../args.ts';
import { flag, listOption, stringOption, type CommandContext } from './context.ts';

export const DEFAULT_CODEQUALITY = 'gl-code-quality-report.json';
const FORMATS = ['text', 'github', 'gitlab'] as const;

function limitsFrom(ctx: CommandContext): Limits {
  const limits: Limits = {};
  for (const [opt, key] of [['max-size', 'maxSize'], ['warn-size', 'warnSize']] as const) {
    const v = stringOption(ctx, opt);
    if (v === undefined) continue;
    try {
      limits[key] = parseSize(v);
    } catch (err) {
      throw new UsageError(`--${opt}: ${(err as Error).message}`, 'check');
    }
  }
  const allowed = listOption(ctx, 'allowed-registry').flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  if (allowed.length > 0) limits.allowedRegistries = allowed;
  return limits;
}

export async function runCheckCommand(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length !== 1) throw new UsageError(ctx.positionals.length === 0 ? 'no recipe given' : 'give one recipe', 'check');
  const file = ctx.positionals[0]!;
  const format = stringOption(ctx, 'format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: expected text, github or gitlab, not "${format}"`, 'check');
  if (ctx.values.codequality !== undefined && format !== 'gitlab') throw new UsageError('--codequality goes with --format gitlab', 'check');
  const offline = flag(ctx, 'offline');
  const limits = limitsFrom(ctx);
  const platforms = listOption(ctx, 'platform').flatMap((p) => p.split(',')).filter(Boolean);
  if (platforms.length > 0) {
    const { parsePlatform } = await import('../../registry/index.ts');
    for (const p of platforms) {
      try {
        parsePlatform(p);
      } catch (err) {
        throw new UsageError(`--platform: ${(err as Error).message}`, 'check');
      }
    }
  }
  const targetGiven = stringOption(ctx, 'target') !== undefined;
  // The sync command's target parsing, loaded only for --target (it brings the publishers along).
  const publisher = targetGiven ? (await import('./sync.ts')).openTarget(ctx) : undefined;

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    ctx.io.stderr.write(`cvmfs-unpack check: reading ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const against = stringOption(ctx, 'against');
  let base;
  try {
    base = against !== undefined ? await readBase(against, file) : undefined;
  } catch (err) {
    if (err instanceof BaseError) throw new UsageError(err.message, 'check');
    throw err;
  }

  const report = await runCheck({
    text,
    file,
    ...(base ? { base } : {}),
    offline,
    ...(publisher ? { targetRoot: publisher.root, targetName: stringOption(ctx, 'target')! } : {}),
    limits,
    ...(platforms.length ? { platforms } : {}),
    env: ctx.io.env,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  });

  const out = ctx.io.stdout;
  if (ctx.json) {
    out.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    out.write(renderText(report));
    if (format === 'github') {
      out.write(renderAnnotations(report, ctx.io.env.GITHUB_WORKSPACE));
      const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
      if (summary) await appendFile(summary, renderSummary(report));
    }
  }
  if (format === 'gitlab') {
    const path = stringOption(ctx, 'codequality') ?? DEFAULT_CODEQUALITY;
    await writeFile(path, `${JSON.stringify(codeQuality(report, ctx.io.env.CI_PROJECT_DIR), null, 2)}\n`);
    if (!ctx.json) out.write(`code-quality report: ${path} (${report.findings.length} issue${report.findings.length === 1 ? '' : 's'})\n`);
  }
  return exitStatus(report, flag(ctx, 'strict'));
}
