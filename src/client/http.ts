/**
 * One JSON call to the agent, with retries of temporary failures: network
 * errors, 408, 429 (honouring Retry-After) and 5xx, with exponential backoff.
 * POST /api/v1/sync is safe to repeat: the agent merges identical pending
 * requests. The token goes only into the Authorization header; messages name
 * the method and URL, never the token.
 */
import { sleep as abortableSleep } from '../common/sleep.ts';
import { z } from 'zod';
import { nullLogger, type Logger } from '../log/logger.ts';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry is started after this time (epoch ms). */
  deadline?: number;
  /** Replaceable in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface AgentCall {
  method: 'GET' | 'POST';
  url: URL;
  token?: string;
  body?: unknown;
  /** Limit for one try (a long poll adds its wait to this). */
  timeoutMs: number;
}

/** The agent answered with an error status, or could not be reached. */
export class AgentRequestError extends Error {
  override readonly name = 'AgentRequestError';
  /** HTTP status, or undefined when no answer arrived. */
  readonly status: number | undefined;
  /** The agent's own reason ({code, message} body), when it gave one. */
  readonly reason: string | undefined;
  readonly temporary: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(msg: string, opts: { status?: number; reason?: string; temporary: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(msg, { cause: opts.cause });
    this.status = opts.status;
    this.reason = opts.reason;
    this.temporary = opts.temporary;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

const ErrorBody = z.union([
  z.object({ message: z.string(), code: z.string().optional() }),
  z.object({ error: z.object({ message: z.string(), code: z.string().optional() }) }).transform((b) => b.error),
  z.object({ error: z.string() }).transform((b) => ({ message: b.error, code: undefined })),
  z.object({ detail: z.string() }).transform((b) => ({ message: b.detail, code: undefined })),
]);

export async function callAgent<T>(
  call: AgentCall,
  schema: z.ZodType<T>,
  opts: { retry?: RetryPolicy; logger?: Logger; signal?: AbortSignal } = {},
): Promise<{ status: number; body: T }> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const logger = opts.logger ?? nullLogger;
  const sleep = retry.sleep ?? abortableSleep;
  const where = `${call.method} ${redactUrl(call.url)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(call, schema, where, opts.signal);
    } catch (err) {
      if (!(err instanceof AgentRequestError) || !err.temporary || attempt >= retry.attempts) throw err;
      const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      const delay = err.retryAfterMs !== undefined ? Math.min(Math.max(err.retryAfterMs, 0), retry.maxDelayMs * 4) : backoff;
      if (retry.deadline !== undefined && Date.now() + delay >= retry.deadline) throw err;
      logger.warn(`${err.message}; retrying in ${Math.round(delay / 100) / 10}s (try ${attempt + 1} of ${retry.attempts})`);
      await sleep(delay, opts.signal);
    }
  }
}

async function once<T>(call: AgentCall, schema: z.ZodType<T>, where: string, signal?: AbortSignal): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'cvmfs-unpack-client' };
  if (call.token !== undefined && call.token !== '') headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(call.timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await fetch(call.url, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      // The token must not follow a redirect to another host.
      redirect: 'error',
    });
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw new AgentRequestError(`${where}: cancelled`, { temporary: false, cause: err });
    const why = timeout.aborted ? `no answer within ${Math.round(call.timeoutMs / 1000)}s` : networkReason(err);
    throw new AgentRequestError(`${where}: ${why}`, { temporary: true, cause: err });
  }

  if (res.status >= 200 && res.status < 300) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new AgentRequestError(`${where}: ${res.status} with a body that is not JSON`, { status: res.status, temporary: false, cause: err });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AgentRequestError(`${where}: unexpected answer: ${z.prettifyError(parsed.error)}`, { status: res.status, temporary: false });
    }
    return { status: res.status, body: parsed.data };
  }

  const reason = agentReason(text);
  const temporary = res.status === 408 || res.status === 429 || res.status >= 500;
  const statusText = `${res.status}${res.statusText ? ` ${res.statusText.toLowerCase()}` : ''}`;
  throw new AgentRequestError(`${where}: ${statusText}${reason ? `: ${reason}` : ''}`, {
    status: res.status,
    reason,
    temporary,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
  });
}

/** The agent's {code, message} (or a short text body), for messages. */
function agentReason(text: string): string | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.code ? `${parsed.data.message} (${parsed.data.code})` : parsed.data.message;
  } catch {
    // Not JSON: fall through to the text itself.
  }
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '' || trimmed.startsWith('<')) return undefined;
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkReason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown } | null)?.code;
  const msg = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

/** The URL without credentials or query values that could carry secrets. */
function redactUrl(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.toString();
}
