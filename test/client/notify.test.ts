// notify() against a scripted HTTP server on loopback: the agent's answers
// that a real agent gives only under load or failure (503, 429, lost jobs)
// are played here; the real agent is used in test/action and test/gitlab.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { NotifyError, notify, type NotifyOptions } from '../../src/client/index.ts';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}
type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function agent(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body: data ? JSON.parse(data) : undefined };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const TOKEN = 'tok-3f9a-secret-value';
const base = (url: string, extra: Partial<NotifyOptions> = {}): NotifyOptions => ({
  server: url,
  token: TOKEN,
  images: 'ghcr.io/org/app:1.0',
  extraTags: ['latest'],
  wait: true,
  timeoutMs: 20_000,
  retry: { baseDelayMs: 10, maxDelayMs: 50 },
  pollSeconds: 1,
  ...extra,
});
const published = { ref: 'ghcr.io/org/app:1.0', digest: `sha256:${'c'.repeat(64)}`, path: '/cvmfs/u.example.org/ghcr.io/org/app:1.0' };

describe('notify', () => {
  test('submits, long-polls until succeeded and returns the published images', async () => {
    let polls = 0;
    const { url, seen } = await agent((req, res) => {
      if (req.method === 'POST') return json(res, 202, { id: 'j1', status: 'queued', url: '/api/v1/jobs/j1' });
      polls++;
      if (polls === 1) return json(res, 200, { id: 'j1', status: 'running', images: [], timings: {} });
      json(res, 200, { id: 'j1', status: 'succeeded', images: [published], timings: { totalMs: 5 } });
    });
    const statuses: string[] = [];
    const result = await notify(base(url, { platform: 'linux/arm64', onStatus: (e) => statuses.push(e.status) }));
    expect(result.jobs).toHaveLength(1);
    expect(result.jobs[0]).toMatchObject({ id: 'j1', status: 'succeeded', images: [published] });
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/sync',
      authorization: `Bearer ${TOKEN}`,
      body: { image: 'ghcr.io/org/app:1.0', extraTags: ['latest'], platform: 'linux/arm64' },
    });
    expect(seen[1]!.url).toMatch(/^\/api\/v1\/jobs\/j1\?wait=1$/);
  });

  test('remove: one POST /api/v1/remove per repository with its names and extra tags, and the job page', async () => {
    let jobs = 0;
    const { url, seen } = await agent((req, res) => {
      if (req.method === 'POST') return json(res, 202, { id: `j${jobs++}`, status: 'queued' });
      json(res, 200, { id: 'j', status: 'succeeded', images: [{ ref: 'ghcr.io/org/app:feature-1', status: 'removed', path: '/cvmfs/u/ghcr.io/org/app:feature-1' }] });
    });
    const result = await notify(base(url, { images: 'ghcr.io/org/app:feature-*\nghcr.io/org/other:old', extraTags: ['pr-7'], remove: true }));
    expect(seen.filter((s) => s.method === 'POST').map((s) => [s.url, s.body])).toEqual([
      ['/api/v1/remove', { images: ['ghcr.io/org/app:feature-*', 'ghcr.io/org/app:pr-7'] }],
      ['/api/v1/remove', { images: ['ghcr.io/org/other:old', 'ghcr.io/org/other:pr-7'] }],
    ]);
    expect(result.jobs.map((j) => j.page)).toEqual([`${url}/jobs/j0`, `${url}/jobs/j1`]);
  });

  test('retries 503 and 429 (with Retry-After) before the agent accepts', async () => {
    let posts = 0;
    const { url, seen } = await agent((req, res) => {
      if (req.method === 'POST') {
        posts++;
        if (posts === 1) return json(res, 503, { code: 'UNAVAILABLE', message: 'starting up' });
        if (posts === 2) return json(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
        return json(res, 202, { id: 'j2', status: 'queued', url: '/api/v1/jobs/j2' });
      }
      json(res, 200, { id: 'j2', status: 'succeeded', images: [published] });
    });
    const result = await notify(base(url));
    expect(result.jobs[0]!.status).toBe('succeeded');
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(3);
  });

  test.each([
    [401, { code: 'UNAUTHORIZED', message: 'token signature invalid' }, /401.*token signature invalid.*audience/],
    [403, { code: 'DENIED', message: 'group/app may not publish ghcr.io/org/app' }, /403.*may not publish.*policy/],
    [400, { code: 'BAD_IMAGE', message: 'not an image reference' }, /400.*not an image reference/],
    [404, { message: 'not found' }, /no \/api\/v1\/sync/],
  ])('a %d refusal fails at once with the agent reason', async (status, body, message) => {
    const { url, seen } = await agent((_req, res) => json(res, status, body));
    const err = await notify(base(url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyError);
    expect((err as NotifyError).message).toMatch(message);
    expect((err as NotifyError).message).not.toContain(TOKEN);
    expect((err as NotifyError).result.jobs[0]).toMatchObject({ status: 'refused', id: undefined });
    expect(seen).toHaveLength(1);
  });

  test('a failed job fails with the agent reason', async () => {
    const { url } = await agent((req, res) => {
      if (req.method === 'POST') return json(res, 202, { id: 'j3', status: 'queued' });
      json(res, 200, { id: 'j3', status: 'failed', images: [], error: 'pulling ghcr.io/org/app:1.0: manifest unknown' });
    });
    const err = (await notify(base(url)).catch((e: unknown) => e)) as NotifyError;
    expect(err).toBeInstanceOf(NotifyError);
    expect(err.message).toContain('ghcr.io/org/app:1.0: pulling ghcr.io/org/app:1.0: manifest unknown');
    expect(err.result.jobs[0]!.status).toBe('failed');
  });

  test('a job still running at the deadline times out, naming the job', async () => {
    const { url } = await agent((req, res) => {
      if (req.method === 'POST') return json(res, 202, { id: 'slow', status: 'queued' });
      setTimeout(() => json(res, 200, { id: 'slow', status: 'running', images: [] }), 200);
    });
    const err = (await notify(base(url, { timeoutMs: 1500 })).catch((e: unknown) => e)) as NotifyError;
    expect(err).toBeInstanceOf(NotifyError);
    expect(err.result.jobs[0]!.status).toBe('timeout');
    expect(err.message).toMatch(/job slow still running after .*api\/v1\/jobs\/slow/);
  });

  test('a job carried by a registry rate limit at the deadline says why it waits', async () => {
    const waiting = "waiting for registry docker.io's rate limit until 2030-01-01T00:00:00.000Z";
    const { url } = await agent((req, res) => {
      if (req.method === 'POST') return json(res, 202, { id: 'held', status: 'queued' });
      setTimeout(() => json(res, 200, { id: 'held', status: 'queued', images: [], waiting }), 200);
    });
    const err = (await notify(base(url, { timeoutMs: 1500 })).catch((e: unknown) => e)) as NotifyError;
    expect(err.result.jobs[0]!.status).toBe('timeout');
    expect(err.message).toContain(`job held still queued (${waiting}) after`);
  });

  test('wait: false returns once accepted, without polling', async () => {
    const { url, seen } = await agent((_req, res) => json(res, 202, { id: 'q', status: 'queued', url: '/api/v1/jobs/q' }));
    const result = await notify(base(url, { wait: false }));
    expect(result.jobs[0]).toMatchObject({ id: 'q', status: 'queued' });
    expect(seen.map((s) => s.method)).toEqual(['POST']);
  });

  test('one request per repository; a refusal of one does not stop the other', async () => {
    const { url, seen } = await agent((req, res) => {
      const image = (req.body as { image?: string } | undefined)?.image;
      if (req.method === 'POST' && image?.startsWith('ghcr.io/')) return json(res, 202, { id: 'a', status: 'queued' });
      if (req.method === 'POST') return json(res, 403, { message: 'not yours' });
      json(res, 200, { id: 'a', status: 'succeeded', images: [published] });
    });
    const err = (await notify(base(url, { images: ['ghcr.io/org/app:1.0\nghcr.io/org/app:latest', 'quay.io/org/app:1.0'], extraTags: [] })).catch((e: unknown) => e)) as NotifyError;
    expect(err).toBeInstanceOf(NotifyError);
    expect(err.message).toMatch(/1 of 2/);
    expect(err.result.jobs.map((j) => j.status)).toEqual(['succeeded', 'refused']);
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([
      { image: 'ghcr.io/org/app:1.0', extraTags: ['latest'] },
      { image: 'quay.io/org/app:1.0', extraTags: [] },
    ]);
  });

  test('an unreachable agent is retried, then reported with the network reason', async () => {
    const { url } = await agent(() => {});
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const err = (await notify(base(url, { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } })).catch((e: unknown) => e)) as NotifyError;
    expect(err).toBeInstanceOf(NotifyError);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  test('an answer that is not the API shape is reported, not trusted', async () => {
    const { url } = await agent((_req, res) => json(res, 202, { ok: true }));
    const err = (await notify(base(url)).catch((e: unknown) => e)) as NotifyError;
    expect(err.message).toMatch(/unexpected answer/);
  });
});
