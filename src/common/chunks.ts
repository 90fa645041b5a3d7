import type { Readable } from 'node:stream';

/**
 * The chunks of a byte stream one by one, as they were pushed, with at most
 * `maxQueued` bytes waiting (the stream is paused beyond that). `for await`
 * over a Readable instead hands out everything buffered at once, joined
 * into a new Buffer: a copy of the data, and garbage, on every step. Ending
 * the loop early (break, throw) destroys the stream, as `for await` does.
 */
export async function* chunksOf(stream: Readable, maxQueued = 4 << 20): AsyncGenerator<Buffer, void, undefined> {
  const queue: Buffer[] = [];
  let head = 0;
  let queued = 0;
  let ended = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Buffer): void => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= maxQueued) stream.pause();
    notify();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  const onError = (err: unknown): void => {
    error ??= err;
    notify();
  };
  const onClose = (): void => {
    // Destroyed without an error and before the end: the data stops short.
    if (!ended) error ??= Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  try {
    for (;;) {
      if (head < queue.length) {
        const chunk = queue[head]!;
        queue[head++] = undefined as unknown as Buffer;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
        }
        queued -= chunk.length;
        if (queued < maxQueued && stream.isPaused() && !ended) stream.resume();
        yield chunk;
        continue;
      }
      if (error !== undefined) throw error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
    if (!ended || error !== undefined) {
      // A late error of a stream we no longer read must not become an uncaught exception.
      stream.on('error', () => {});
      stream.destroy();
    }
  }
}
