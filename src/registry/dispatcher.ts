/**
 * The HTTP exchange under the transport: one request, its status, headers
 * and body stream. `NodeHttpDispatcher` does it with Node's own `node:http`
 * and `node:https` (keep-alive agents, loaded when the first request to such
 * an origin goes out). Node's built-in HTTP client is part of the runtime:
 * a no-op sync (one manifest request) need not load and compile an HTTP
 * library, which cost more than the sync itself.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export interface Dispatcher {
  request(opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export declare namespace Dispatcher {
  interface RequestOptions {
    origin: string;
    /** Path with query. */
    path: string;
    method: string;
    headers?: Record<string, string>;
    body?: string | null;
    signal?: AbortSignal | null;
    highWaterMark?: number;
  }
  interface ResponseData {
    statusCode: number;
    headers: IncomingHttpHeaders;
    body: ResponseBody;
  }
}

/** A response body: a byte stream, and `dump()` to discard it (so that the connection can be reused). */
export type ResponseBody = Readable & { dump(): Promise<void> };

export interface NodeHttpOptions {
  /** Connections per origin at most. */
  connections: number;
  /** No byte for this long (waiting for headers or within the body): the request fails. */
  idleTimeoutMs: number;
}

/** More than this is not read to keep a connection: the connection is closed instead. */
const DUMP_LIMIT = 256 * 1024;

type Client = typeof import('node:http');

export class NodeHttpDispatcher implements Dispatcher {
  private readonly clients = new Map<string, { mod: Client; agent: import('node:http').Agent }>();

  constructor(private readonly opts: NodeHttpOptions) {}

  private async client(protocol: string): Promise<{ mod: Client; agent: import('node:http').Agent }> {
    const known = this.clients.get(protocol);
    if (known) return known;
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`unsupported protocol ${protocol}`);
    // Loaded on first use: a run that talks only to plain-HTTP registries never loads TLS.
    const mod: Client = protocol === 'https:' ? ((await import('node:https')) as unknown as Client) : await import('node:http');
    const agent = new mod.Agent({ keepAlive: true, maxSockets: this.opts.connections, scheduling: 'lifo' });
    const c = { mod, agent };
    this.clients.set(protocol, c);
    return c;
  }

  async request(o: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    const url = new URL(o.path, o.origin);
    const { mod, agent } = await this.client(url.protocol);
    o.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method: o.method, headers: o.headers ?? {}, agent, ...(o.signal ? { signal: o.signal } : {}) }, (res: IncomingMessage) => {
        const body = res as IncomingMessage & { dump(): Promise<void> };
        body.dump = () => dump(res);
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body });
      });
      req.setTimeout(this.opts.idleTimeoutMs, () => req.destroy(new Error(`no data for ${this.opts.idleTimeoutMs} ms`)));
      req.on('error', reject);
      req.end(o.body ?? undefined);
    });
  }

  async close(): Promise<void> {
    for (const { agent } of this.clients.values()) agent.destroy();
    this.clients.clear();
  }
}

/** Reads and discards a small body; a large one closes its connection instead. */
function dump(res: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (res.complete || res.destroyed) {
      resolve();
      return;
    }
    let seen = 0;
    res.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DUMP_LIMIT) res.destroy();
    });
    res.on('error', () => resolve());
    res.on('close', () => resolve());
    res.on('end', () => resolve());
    res.resume();
  });
}
