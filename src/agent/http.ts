/**
 * Small HTTP helpers on node:http: bounded body reading, JSON answers,
 * and a route table with path parameters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, MethodNotAllowedError, NotFoundError, PayloadTooLargeError } from './errors.ts';

/** Reads the whole body, refusing (413) more than `limit` bytes — declared or sent. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The body as JSON (any JSON-ish content type: registries send their own). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  if (body.length === 0) throw new BadRequestError('the request body is empty; send JSON', 'invalid_body');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new BadRequestError('the request body is not valid JSON', 'invalid_body');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Short id of this HTTP request, for logs and X-Request-Id. */
  requestId: string;
}

export type Handler = (ctx: RouteContext) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Routes like '/api/v1/jobs/:id' or '/api/v1/images/*name'; 404 for unknown paths, 405 with Allow for a wrong method. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    // ':name' is one path segment; '*name' (last) is the rest of the path, '/' included.
    const source = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/([:*])([a-zA-Z]+)/g, (_m, kind: string, name: string) => {
      names.push(name);
      return kind === '*' ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  resolve(method: string, pathname: string): { handler: Handler; params: Record<string, string> } {
    const allowed: string[] = [];
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
        allowed.push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        try {
          params[n] = decodeURIComponent(m[i + 1]!);
        } catch {
          throw new BadRequestError(`the path ${pathname} is not valid URL encoding`, 'bad_request');
        }
      });
      return { handler: r.handler, params };
    }
    if (allowed.length) throw new MethodNotAllowedError(allowed);
    throw new NotFoundError(`no such endpoint: ${pathname}`);
  }
}
