/**
 * A loopback proxy in front of a registry that holds requests matching a
 * pattern until released, so a test can stop the real engine mid-pull
 * (inside its transaction) without sleeping. Counts what it forwarded.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StallProxy {
  /** '127.0.0.1:PORT' */
  host: string;
  /** Hold matching requests from now on. */
  hold(pattern: RegExp): void;
  /** Let held and future requests through. */
  release(): void;
  /** Resolves when a request matching the held pattern is being held. */
  held(): Promise<void>;
  /** Paths forwarded (method + path). */
  seen: string[];
  stop(): Promise<void>;
}

export async function startStallProxy(upstream: string): Promise<StallProxy> {
  const target = new URL(upstream);
  let pattern: RegExp | undefined;
  const waiting: (() => void)[] = [];
  const onHeld: (() => void)[] = [];
  const seen: string[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    const up = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  const server = createServer((req, res) => {
    if (pattern && pattern.test(req.url ?? '')) {
      waiting.push(() => forward(req, res));
      for (const f of onHeld.splice(0)) f();
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    host,
    seen,
    hold: (p) => {
      pattern = p;
    },
    release: () => {
      pattern = undefined;
      for (const go of waiting.splice(0)) go();
    },
    held: () => (waiting.length ? Promise.resolve() : new Promise<void>((resolve) => onHeld.push(resolve))),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
