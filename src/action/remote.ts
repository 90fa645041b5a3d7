/**
 * Remote mode: ask the agent at `server` to publish, authenticated with the
 * job's OIDC token (needs `permissions: id-token: write`) or a secret token.
 */
import * as core from '@actions/core';
import { NotifyError, notify, type JobOutcome, type NotifyResult } from '../client/index.ts';
import { describeError } from '../log/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { RemoteInputs } from './inputs.ts';
import type { Outcome, Row } from './report.ts';

export class OidcTokenError extends Error {
  override readonly name = 'OidcTokenError';
}

export async function runRemote(inputs: RemoteInputs, logger: Logger): Promise<Outcome> {
  const token = await credential(inputs);
  core.setSecret(token);
  let result: NotifyResult;
  let failure: string | undefined;
  try {
    result = await notify({
      server: inputs.server,
      token,
      images: inputs.images,
      extraTags: inputs.extraTags,
      digest: inputs.digest,
      platform: inputs.platform,
      wait: inputs.wait,
      timeoutMs: inputs.timeoutMs,
      logger,
      ...(inputs.remove ? { remove: true } : {}),
      onStatus: (e) => core.info(`${e.image}: ${e.status}${e.id ? ` (job ${e.id})` : ''}${e.error ? `: ${e.error}` : ''}`),
    });
  } catch (err) {
    if (!(err instanceof NotifyError)) throw err;
    result = err.result;
    failure = err.message;
  }
  const rows = result.jobs.flatMap(rowsOf);
  const jobIds = result.jobs.flatMap((j) => (j.id !== undefined ? [j.id] : []));
  const pages = result.jobs.flatMap((j) => (j.page !== undefined ? [j.page] : []));
  for (const page of pages) core.info(`job page: ${page}`);
  return failure === undefined ? { rows, jobIds, pages } : { rows, jobIds, pages, failure };
}

async function credential(inputs: RemoteInputs): Promise<string> {
  if (inputs.auth.kind === 'token') return inputs.auth.token;
  try {
    return await core.getIDToken(inputs.auth.audience);
  } catch (err) {
    throw new OidcTokenError(
      `getting an OIDC token for audience "${inputs.auth.audience}" from the runner: ${describeError(err)} ` +
        '(give the job "permissions: id-token: write", or pass a secret in the "token" input)',
      { cause: err },
    );
  }
}

function rowsOf(job: JobOutcome): Row[] {
  const base = { ms: job.elapsedMs, ...(job.id !== undefined ? { jobId: job.id } : {}) };
  const pending = job.status === 'queued' || job.status === 'running';
  const failed = !pending && job.status !== 'succeeded';
  const rows: Row[] = job.images.map((img) => {
    const removal = job.request.remove !== undefined;
    const done: Row['status'] = removal ? (img.path ? 'removed' : 'absent') : 'published';
    const row: Row = { ...base, image: img.ref, status: img.path && !removal ? 'published' : pending ? 'queued' : failed ? 'failed' : done };
    if (img.digest) row.digest = img.digest;
    if (img.path) row.path = img.path;
    if (row.status === 'failed') row.error = job.error ?? job.status;
    return row;
  });
  // A job that names no image of its own (refused, or failed before any) still gets its row.
  if (failed && !rows.some((r) => r.status === 'failed')) rows.push({ ...base, image: job.request.image, status: 'failed', error: job.error ?? job.status });
  if (rows.length === 0) rows.push({ ...base, image: job.request.image, status: pending ? 'queued' : 'published' });
  return rows;
}
