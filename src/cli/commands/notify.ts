/** `cvmfs-unpack notify IMAGE --server URL`: ask a remote agent, wait, print the CVMFS paths. */
import { notify, NotifyError, ResolveError, ServerUrlError, parseDuration, splitList, DurationError } from '../../client/index.ts';
import { UsageError } from '../args.ts';
import { flag, stringOption, type CommandContext } from './context.ts';

export async function runNotify(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length !== 1) throw new UsageError('give exactly one IMAGE (a list may be separated by newlines or commas)', 'notify');
  const server = stringOption(ctx, 'server') ?? ctx.io.env.CVMFS_UNPACK_SERVER;
  if (!server) throw new UsageError('--server is required', 'notify');
  const token =
    stringOption(ctx, 'token') ?? stringOption(ctx, 'id-token') ?? ctx.io.env.CVMFS_UNPACK_TOKEN ?? ctx.io.env.CVMFS_UNPACK_ID_TOKEN;
  if (!token) throw new UsageError('a credential is required: --token, --id-token, $CVMFS_UNPACK_TOKEN or $CVMFS_UNPACK_ID_TOKEN', 'notify');
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(stringOption(ctx, 'timeout') ?? '30m');
  } catch (err) {
    if (err instanceof DurationError) throw new UsageError(`--timeout: ${err.message}`, 'notify');
    throw err;
  }
  const logger = ctx.output.logger;
  try {
    const result = await notify({
      server,
      token,
      images: ctx.positionals[0]!,
      extraTags: splitList(stringOption(ctx, 'extra-tags') ?? ''),
      platform: stringOption(ctx, 'platform'),
      wait: !flag(ctx, 'no-wait'),
      timeoutMs,
      logger,
      signal: ctx.io.signal,
      onStatus: (e) => logger.info('job status', { ...e }),
      remove: flag(ctx, 'remove'),
    });
    for (const job of result.jobs) {
      if (ctx.json) ctx.io.stdout.write(`${JSON.stringify({ event: 'job', id: job.id, status: job.status, images: job.images })}\n`);
      else if (job.images.length === 0) ctx.io.stdout.write(`${job.request.image}: ${job.status} (job ${job.id ?? '-'})\n`);
      for (const img of job.images) if (!ctx.json) ctx.io.stdout.write(`${img.ref}  ${img.path ?? ''}  ${img.digest ?? ''}\n`);
      if (job.page && !ctx.json) ctx.io.stderr.write(`job page: ${job.page}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ResolveError || err instanceof ServerUrlError) throw new UsageError(err.message, 'notify');
    if (err instanceof NotifyError) {
      ctx.io.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
