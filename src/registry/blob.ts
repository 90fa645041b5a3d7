/**
 * Streaming a blob: the chunks as they come off the connection (never copied
 * or joined), the digest and size checked while streaming (the stream fails
 * at its end with DigestMismatchError or SizeMismatchError; the last chunk is
 * only released once both match), and a connection lost mid-body resumed
 * with `Range: bytes=N-` (bounded retries).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { chunksOf } from '../common/chunks.ts';
import type { ImageRef } from '../reference/index.ts';
import type { Logger } from '../log/logger.ts';
import { DigestMismatchError, RegistryError, SizeMismatchError } from './errors.ts';
import { sleep } from './http.ts';
import { describeRef } from './names.ts';
import type { Transport } from './transport.ts';
import type { Descriptor } from './types.ts';

export const BLOB_CHUNK = 1 << 20;
const MAX_RESUMES = 50;

export interface OpenBlobOptions {
  /** Called with the number of bytes received so far. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
}

function hashFor(digest: string, action: string) {
  const algo = digest.slice(0, digest.indexOf(':'));
  if (algo !== 'sha256' && algo !== 'sha512') throw new DigestMismatchError(action, digest, `unsupported digest algorithm "${algo}"`);
  return { algo, hash: createHash(algo) };
}

/** First byte of a `Content-Range: bytes START-END/TOTAL`, or undefined. */
function rangeStart(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  const m = v ? /^bytes (\d+)-/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

export function openBlobStream(transport: Transport, logger: Logger, ref: ImageRef, desc: Descriptor, opts: OpenBlobOptions = {}): Readable {
  const action = `fetching blob ${desc.digest} of ${describeRef(ref)}`;
  const path = `/v2/${ref.repository}/blobs/${desc.digest}`;

  async function* chunks(): AsyncGenerator<Buffer> {
    const { algo, hash } = hashFor(desc.digest, action);
    let received = 0;
    // Failures in a row without progress, and resumes in all: both bounded.
    let failures = 0;
    let resumes = 0;
    let receivedAtFailure = 0;
    // The chunk received last: released when the next one comes, or at the end once the digest matched.
    let held: Buffer | undefined;
    for (;;) {
      const resuming = received > 0;
      const res = await transport.send({
        ref,
        path,
        action,
        headers: resuming ? { range: `bytes=${received}-` } : {},
        ok: [200, 206],
        highWaterMark: BLOB_CHUNK,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      let skip = 0;
      if (res.status === 206) {
        const start = rangeStart(res.headers['content-range']);
        if (start !== received) {
          await res.body.dump();
          throw new RegistryError({ action, method: 'GET', url: res.url, status: 206, temporary: false, reason: `asked for bytes from ${received}, got a range starting at ${start ?? 'an unknown offset'}` });
        }
      } else if (resuming) {
        skip = received; // the server ignored Range: drop what we already have
      }
      try {
        for await (const c of chunksOf(res.body)) {
          let chunk = c;
          if (skip > 0) {
            if (chunk.length <= skip) {
              skip -= chunk.length;
              continue;
            }
            chunk = chunk.subarray(skip);
            skip = 0;
          }
          received += chunk.length;
          if (received > desc.size) throw new SizeMismatchError(action, desc.size, received);
          hash.update(chunk);
          opts.onProgress?.(received);
          const previous = held;
          held = chunk;
          if (previous !== undefined) yield previous;
        }
      } catch (err) {
        if (err instanceof SizeMismatchError || opts.signal?.aborted) throw err;
        failures = received > receivedAtFailure ? 1 : failures + 1;
        receivedAtFailure = received;
        resumes++;
        if (failures > transport.retries || resumes > MAX_RESUMES) {
          const reason = `connection lost after ${received} of ${desc.size} bytes (${resumes} times): ${(err as Error).message}`;
          throw new RegistryError({ action, method: 'GET', url: res.url, temporary: true, reason, cause: err });
        }
        logger.debug('resuming blob download', { digest: desc.digest, received, size: desc.size, attempt: resumes });
        await sleep(transport.retryDelay(failures - 1), opts.signal);
        continue;
      }
      break;
    }
    if (received !== desc.size) throw new SizeMismatchError(action, desc.size, received);
    const actual = `${algo}:${hash.digest('hex')}`;
    if (actual !== desc.digest) throw new DigestMismatchError(action, desc.digest, actual);
    if (held !== undefined) yield held;
  }

  return Readable.from(chunks(), { objectMode: false, highWaterMark: BLOB_CHUNK });
}

/** A small blob (a config) read whole, with its digest and size checked; a body cut short is fetched again. */
export async function readBlob(transport: Transport, ref: ImageRef, desc: Descriptor, action: string, limit: number, signal?: AbortSignal): Promise<Buffer> {
  if (desc.size > limit) throw new SizeMismatchError(action, limit, desc.size);
  for (let attempt = 0; ; attempt++) {
    const res = await transport.send({ ref, path: `/v2/${ref.repository}/blobs/${desc.digest}`, action, ...(signal ? { signal } : {}) });
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const c of res.body) {
        const chunk = c as Buffer;
        total += chunk.length;
        if (total > desc.size) break;
        chunks.push(chunk);
      }
    } catch (err) {
      if (signal?.aborted || attempt >= transport.retries) {
        throw new RegistryError({ action, method: 'GET', url: res.url, temporary: true, reason: `connection lost: ${(err as Error).message}`, cause: err });
      }
      await sleep(transport.retryDelay(attempt), signal);
      continue;
    }
    if (total !== desc.size) {
      res.body.destroy();
      throw new SizeMismatchError(action, desc.size, total);
    }
    const data = Buffer.concat(chunks);
    const { algo, hash } = hashFor(desc.digest, action);
    const actual = `${algo}:${hash.update(data).digest('hex')}`;
    if (actual !== desc.digest) throw new DigestMismatchError(action, desc.digest, actual);
    return data;
  }
}
