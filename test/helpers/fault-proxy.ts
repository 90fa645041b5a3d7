/**
 * An HTTP proxy on loopback in front of the real registry that injects faults
 * into requests matching a pattern, and records every request it saw:
 *
 *   status      answer with a status (429 with Retry-After, 503, …) instead
 *   drop-after  forward, but cut the connection after N bytes of the body
 *   redirect    answer 307 to a second loopback server ("blob storage", as S3
 *               behind Docker Hub) that serves the upstream response's bytes
 *               and records the headers it received
 *   corrupt     forward, but flip one byte of the body (a corrupted blob)
 *   reset       close the connection without an answer
 *   headers     forward, adding headers to the answer (Docker Hub's
 *               ratelimit-limit / ratelimit-remaining)
 *   paginate    a tag list served in pages of `?n=` (else pageSize) tags
 *               after `?last=`, with `Link: <…>; rel="next"` (as Docker Hub
 *               and distribution 3 do; Debian's registry 2.8 does not page)
 *
 * Each rule applies `times` times (default 1), then passes requests through.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'drop-after'; bytes: number }
  | { kind: 'redirect' }
  | { kind: 'reset' }
  | { kind: 'headers'; headers: Record<string, string> }
  | { kind: 'paginate'; pageSize: number }
  | { kind: 'corrupt' };

export interface FaultRule {
  method?: string;
  /** Tested against the request path with its query. */
  path: RegExp;
  fault: Fault;
  /** How many matching requests get the fault; default 1. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The fault applied, if any. */
  fault?: Fault['kind'];
}

export interface FaultProxy {
  host: string;
  url: string;
  ref(repoAndTag: string): string;
  requests: RecordedRequest[];
  /** Requests received by the redirect target (blob storage). */
  redirected: RecordedRequest[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  count(path: RegExp, method?: string): number;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** `upstream` is the registry's base URL, e.g. 'http://127.0.0.1:5000'. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const up = new URL(upstream);
  const rules: (FaultRule & { left: number })[] = [];
  const requests: RecordedRequest[] = [];
  const redirected: RecordedRequest[] = [];
  const stored = new Map<string, { status: number; headers: IncomingHttpHeaders; body: Buffer }>();

  const forward = (req: IncomingMessage, body: Buffer, onResponse: (res: IncomingMessage) => void, onError: (err: Error) => void) => {
    const headers = { ...req.headers };
    const out = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, onResponse);
    out.on('error', onError);
    out.end(body);
  };

  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  let storagePort = 0;
  const storage = createServer((req, res) => {
    redirected.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    const id = new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '';
    const item = stored.get(id);
    if (!item) {
      res.writeHead(404).end();
      return;
    }
    let body = item.body;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      res.writeHead(206, { 'content-length': String(body.length - start), 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
      res.end(body.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  storagePort = await listen(storage);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const rule = rules.find((r) => r.left > 0 && (!r.method || r.method === method) && r.path.test(path));
    if (rule) rule.left--;
    const fault = rule?.fault;
    requests.push({ method, path, headers: req.headers, ...(fault ? { fault: fault.kind } : {}) });
    const body = await readBody(req);

    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ errors: [{ code: fault.status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: 'injected fault' }] }));
      return;
    }
    if (fault?.kind === 'paginate') {
      const url = new URL(path, 'http://x');
      const n = Number(url.searchParams.get('n')) || fault.pageSize;
      const last = url.searchParams.get('last');
      const upstreamReq = Object.assign(req, { url: url.pathname });
      forward(upstreamReq, body, (upRes) => {
        readBody(upRes).then((buf) => {
          const list = JSON.parse(buf.toString('utf8')) as { name: string; tags: string[] | null };
          const all = [...(list.tags ?? [])].sort();
          const start = last === null ? 0 : all.findIndex((t) => t > last);
          const page = start < 0 ? [] : all.slice(start, start + n);
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (start >= 0 && start + n < all.length) headers.link = `<${url.pathname}?n=${n}&last=${encodeURIComponent(page.at(-1)!)}>; rel="next"`;
          res.writeHead(upRes.statusCode ?? 502, headers);
          res.end(JSON.stringify({ name: list.name, tags: page }));
        }, (err: unknown) => res.destroy(err as Error));
      }, (err) => res.writeHead(502).end(String(err)));
      return;
    }
    forward(req, body, (upRes) => {
      if (fault?.kind === 'redirect' && upRes.statusCode && upRes.statusCode < 300) {
        readBody(upRes).then((buf) => {
          const id = randomUUID();
          stored.set(id, { status: upRes.statusCode ?? 200, headers: upRes.headers, body: buf });
          res.writeHead(307, { location: `http://127.0.0.1:${storagePort}/storage/${id}?X-Amz-Signature=secret-signature` });
          res.end();
        }, (err: unknown) => res.destroy(err as Error));
        return;
      }
      if (fault?.kind === 'corrupt') {
        readBody(upRes).then((buf) => {
          if (buf.length > 0) buf[buf.length >> 1] = buf[buf.length >> 1]! ^ 0xff;
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          res.end(buf);
        }, (err: unknown) => res.destroy(err as Error));
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, ...(fault?.kind === 'headers' ? fault.headers : {}) });
      if (fault?.kind === 'drop-after') {
        let sent = 0;
        upRes.on('data', (chunk: Buffer) => {
          if (sent >= fault.bytes) return;
          const part = chunk.subarray(0, fault.bytes - sent);
          sent += part.length;
          res.write(part);
          if (sent >= fault.bytes) {
            upRes.destroy();
            // Let the written bytes reach the client, then cut the connection.
            setTimeout(() => res.socket?.destroy(), 20);
          }
        });
        upRes.on('end', () => res.end());
        return;
      }
      upRes.pipe(res);
    }, (err) => {
      res.writeHead(502).end(String(err));
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.destroy(err as Error));
  });
  const port = await listen(server);
  const host = `127.0.0.1:${port}`;
  return {
    host,
    url: `http://${host}`,
    ref: (x) => `http://${host}/${x}`,
    requests,
    redirected,
    addFault: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    clearFaults: () => { rules.length = 0; },
    count: (re, m) => requests.filter((r) => re.test(r.path) && (!m || r.method === m)).length,
    async stop() {
      await close(server);
      await close(storage);
      stored.clear();
    },
  };
}
