/**
 * Small HTTP helpers shared by the transport: reading bounded bodies,
 * Distribution's error bodies, which statuses are temporary, Retry-After,
 * and exponential backoff with jitter.
 */
import { z } from 'zod';
import type { RegistryErrorDetail } from './errors.ts';

const errorBodySchema = z.object({
  errors: z.array(z.object({ code: z.string().default(''), message: z.string().default(''), detail: z.unknown().optional() })),
});

/** Reads at most `limit` bytes; the rest is discarded. */
export async function readLimited(body: AsyncIterable<unknown> & { destroy?: () => void }, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (total + buf.length > limit) {
      chunks.push(buf.subarray(0, limit - total));
      body.destroy?.();
      break;
    }
    chunks.push(buf);
    total += buf.length;
  }
  return Buffer.concat(chunks);
}

/** The `errors` of a Distribution error body; [] for anything else. */
export function parseErrorBody(body: Buffer): RegistryErrorDetail[] {
  if (body.length === 0) return [];
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body.toString('utf8')));
    if (!parsed.success) return [];
    return parsed.data.errors.map((e) => (e.detail !== undefined ? { code: e.code, message: e.message, detail: e.detail } : { code: e.code, message: e.message }));
  } catch {
    return [];
  }
}

/** 408, 429 and 5xx other than 501/505 are worth retrying. */
export function isTemporaryStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Retry-After in ms (delta seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Delay before retry number `attempt` (0-based): base·2^attempt, ±50 % jitter, capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = baseMs * 2 ** attempt;
  return Math.min(maxMs, exp * (0.5 + random()));
}

export { sleep } from '../common/sleep.ts';
