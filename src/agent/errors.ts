/**
 * The agent's errors and their HTTP form. Every handler throws; `toHttpError`
 * is the one place that turns a domain error into `{code, message}` and a
 * status. Messages never carry a token or a secret.
 */
import { z } from 'zod';
import { InvalidReferenceError } from '../reference/index.ts';

export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Missing or invalid credentials; `reason` is safe to show (no token in it). */
export class UnauthenticatedError extends ApiError {
  override readonly name = 'UnauthenticatedError';
  constructor(reason: string, options?: ErrorOptions) {
    super(401, 'unauthorized', reason, { 'WWW-Authenticate': 'Bearer realm="cvmfs-unpack"' }, options);
  }
}

/** A valid identity that the policy does not allow to publish the image. */
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class BadRequestError extends ApiError {
  override readonly name = 'BadRequestError';
  constructor(message: string, code = 'bad_request', options?: ErrorOptions) {
    super(400, code, message, {}, options);
  }
}

export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class MethodNotAllowedError extends ApiError {
  override readonly name = 'MethodNotAllowedError';
  constructor(allowed: string[]) {
    super(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, { Allow: allowed.join(', ') });
  }
}

export class PayloadTooLargeError extends ApiError {
  override readonly name = 'PayloadTooLargeError';
  constructor(limit: number) {
    super(413, 'payload_too_large', `the request body is larger than ${limit} bytes`);
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(expected: string) {
    super(415, 'unsupported_media_type', `send the body as ${expected}`);
  }
}

export class RateLimitedError extends ApiError {
  override readonly name = 'RateLimitedError';
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `too many requests from this identity; retry in ${retryAfterSeconds} s`, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/** The durable queue holds as many jobs as it may: come back later. */
export class QueueFullError extends ApiError {
  override readonly name = 'QueueFullError';
  constructor(retryAfterSeconds: number) {
    super(503, 'queue_full', `the job queue is full; retry in ${retryAfterSeconds} s`, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class ShuttingDownError extends ApiError {
  override readonly name = 'ShuttingDownError';
  constructor() {
    super(503, 'shutting_down', 'the agent is shutting down; retry shortly', { 'Retry-After': '5' });
  }
}

export interface HttpErrorForm {
  status: number;
  headers: Record<string, string>;
  body: { code: string; message: string };
}

/** The one mapping of errors to responses. Unknown errors are 500 with a fixed message (the detail goes to the log). */
export function toHttpError(err: unknown): HttpErrorForm {
  if (err instanceof ApiError) return { status: err.status, headers: err.headers, body: { code: err.code, message: err.message } };
  if (err instanceof InvalidReferenceError) {
    return { status: 400, headers: {}, body: { code: 'invalid_image', message: err.message } };
  }
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    const at = issue && issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    return { status: 400, headers: {}, body: { code: 'invalid_body', message: `${at}${issue?.message ?? 'invalid request body'}` } };
  }
  return { status: 500, headers: {}, body: { code: 'internal', message: 'internal error; see the agent log' } };
}
