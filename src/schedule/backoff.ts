/**
 * Which images a scheduled cycle tries: one that keeps failing waits twice as
 * long after each failure (one interval, two, four, … up to a cap) so that it
 * costs little, while every other image goes on each cycle.
 */
export interface FailureState {
  failures: number;
  /** Epoch ms before which the image is not tried again. */
  notBefore: number;
  lastError: string;
}

export function nextAttempt(prev: FailureState | undefined, now: number, intervalMs: number, maxMs: number, error: string): FailureState {
  const failures = (prev?.failures ?? 0) + 1;
  // The first failure is retried at the next cycle; later ones back off.
  const wait = Math.min(intervalMs * 2 ** (failures - 1), Math.max(maxMs, intervalMs));
  // Retry slightly before the cycle that is due, so timer jitter does not skip it.
  return { failures, notBefore: now + wait - Math.min(intervalMs / 10, 5_000), lastError: error };
}

export function isDue(state: FailureState | undefined, now: number): boolean {
  return state === undefined || now >= state.notBefore;
}
