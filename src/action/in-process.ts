/**
 * In-process mode: this runner is on the stratum-0 (or a host with the target
 * directory) and publishes itself, with the same engine as `cvmfs-unpack sync`.
 */
import * as core from '@actions/core';
import { syncImages } from '../convert/index.ts';
import type { ImageResult, SyncEvent, SyncRequest } from '../convert/types.ts';
import { parseTarget } from '../publish/index.ts';
import { parsePlatform } from '../registry/index.ts';
import { resolveImages } from '../client/index.ts';
import { removalRequests } from '../client/notify.ts';
import { parseRemoval, removeNames } from '../gc/remove.ts';
import { describeError } from '../log/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { InProcessInputs } from './inputs.ts';
import type { Outcome, Row } from './report.ts';

export async function runInProcess(inputs: InProcessInputs, logger: Logger, env: Record<string, string | undefined> = process.env): Promise<Outcome> {
  if (inputs.remove) return removeInProcess(inputs, logger, env);
  const platforms = inputs.platform !== undefined ? [parsePlatform(inputs.platform)] : undefined;
  const requests: SyncRequest[] = resolveImages(inputs.images, inputs.extraTags, { digest: inputs.digest }).map((r) => ({
    ref: r.ref,
    extraTags: r.extraTags,
    ...(platforms ? { platforms } : {}),
  }));
  const publisher = parseTarget(inputs.target, { cvmfsServer: env.CVMFS_UNPACK_CVMFS_SERVER, cvmfsMount: env.CVMFS_UNPACK_CVMFS_MOUNT });
  const signal = AbortSignal.timeout(inputs.timeoutMs);
  const results = await syncImages(requests, { publisher, logger, onEvent: logEvent, signal });
  const rows = results.map(rowOf);
  const failed = results.filter((r) => r.status === 'failed');
  const outcome: Outcome = { rows, jobIds: [] };
  if (failed.length > 0) {
    outcome.failure = `publishing ${failed.length} of ${results.length} image(s) failed:\n  ${failed.map((r) => `${r.ref}: ${r.error ?? 'failed'}`).join('\n  ')}`;
  }
  return outcome;
}

function logEvent(e: SyncEvent): void {
  if (e.type === 'image-start') core.info(`${e.ref}: starting`);
  else if (e.type === 'layer-done') core.info(`${e.ref}: layer ${e.digest.slice(0, 19)} ${e.reused ? 'reused' : `fetched (${e.size} bytes)`}`);
  else if (e.type === 'image-done') core.info(`${e.result.ref}: ${e.result.status}${e.result.path ? ` at ${e.result.path}` : ''}${e.result.error ? `: ${e.result.error}` : ''}`);
  else if (e.type === 'publish-start') core.info(`publishing ${e.target}`);
  else if (e.type === 'publish-done') core.info(`published ${e.target} in ${(e.ms / 1000).toFixed(1)}s`);
}

function rowOf(r: ImageResult): Row {
  const row: Row = {
    image: r.ref,
    status: r.status === 'failed' ? 'failed' : r.status === 'unchanged' ? 'unchanged' : 'published',
    ms: r.timings.totalMs,
  };
  if (r.digest) row.digest = r.digest;
  if (r.path) row.path = r.path;
  if (r.error) row.error = r.error;
  return row;
}

/** `mode: remove` on this runner: links and metadata of the named images, one transaction per repository. */
async function removeInProcess(inputs: InProcessInputs, logger: Logger, env: Record<string, string | undefined>): Promise<Outcome> {
  const publisher = parseTarget(inputs.target, { cvmfsServer: env.CVMFS_UNPACK_CVMFS_SERVER, cvmfsMount: env.CVMFS_UNPACK_CVMFS_MOUNT });
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const request of removalRequests(inputs.images, inputs.extraTags)) {
    const started = Date.now();
    try {
      const removed = await removeNames({ publisher, target: parseRemoval(request.remove ?? []).target, logger });
      for (const r of removed) rows.push({ image: r.name, status: 'removed', path: `${publisher.root}/${r.name}`, ms: Date.now() - started });
      if (removed.length === 0) for (const name of request.remove ?? []) rows.push({ image: name, status: 'absent', ms: Date.now() - started });
    } catch (err) {
      const error = describeError(err);
      failures.push(`${request.image}: ${error}`);
      rows.push({ image: request.image, status: 'failed', error, ms: Date.now() - started });
    }
  }
  for (const r of rows) core.info(`${r.image}: ${r.status}`);
  const outcome: Outcome = { rows, jobIds: [] };
  if (failures.length) outcome.failure = `removing failed:\n  ${failures.join('\n  ')}`;
  return outcome;
}
