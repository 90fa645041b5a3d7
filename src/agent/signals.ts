/**
 * Stopping on signals: the first SIGTERM/SIGINT (or an aborted signal) stops
 * gracefully, a second one interrupts the running batch.
 */
import type { Logger } from '../log/logger.ts';

/** Resolves once stopped: first signal (or `signal`) stops gracefully, a second one aborts the running batch. */
export async function untilStopped(signal: AbortSignal | undefined, logger: Logger, stop: () => Promise<void>, abort: () => Promise<void>): Promise<void> {
  let stopping: Promise<void> | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const onSignal = (name: string) => {
    if (stopping) {
      logger.warn(`${name} again: interrupting the running batch`);
      void abort();
      return;
    }
    logger.info(`${name}: stopping after the running batch (send it again to interrupt)`);
    stopping = stop().then(resolveDone, resolveDone);
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  const onAbort = () => onSignal('stop requested');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await done;
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    signal?.removeEventListener('abort', onAbort);
  }
}
