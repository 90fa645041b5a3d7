/**
 * The agent's queue under a registry's rate limit, with the real engine, a
 * real agent process and the real registry behind the tests' counting proxy
 * (two proxies: two registries): a job whose pull would wait past
 * queue.rateLimitWait is carried (queued, with the reason and retryAt), not
 * failed; a job for another registry runs meanwhile; the retry time survives
 * a restart, and the job succeeds once the limit gives a pull back.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { makeAgentDir, postSync, startAgent, waitForJob, type AgentProcess, type TestDir } from './harness.ts';

const SECRET = 'rate-limit-test-secret-0123456789';
const MANIFESTS = /\/manifests\//;

let registry: StartedRegistry;
let limited: FaultProxy;
let other: FaultProxy;
let t: TestDir;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  for (const name of ['first', 'second', 'elsewhere']) await buildAndPush(registry, `rl/${name}:1`, await simpleImage(name));
  limited = await startFaultProxy(registry.url);
  other = await startFaultProxy(registry.url);
  t = makeAgentDir(
    { auth: { secretTokenFile: 'secret' }, policy: [{ match: { secret: true }, images: ['*'] }], rateLimit: { burst: 100, perMinute: 600 }, queue: { rateLimitWait: 1 } },
    { secret: SECRET },
  );
}, 120_000);
afterAll(async () => {
  await Promise.all(agents.map((a) => a.kill9()));
  await limited?.stop();
  await other?.stop();
  await registry?.stop();
  t?.cleanup();
});

const start = async () => {
  const a = await startAgent(t, { DOCKER_CONFIG: t.dir, REGISTRY_AUTH_FILE: join(t.dir, 'no-auth.json') });
  agents.push(a);
  return a;
};

interface Carried {
  status: string;
  waiting?: string;
  retryAt?: string;
  deferrals?: number;
  attempts: number;
  timings: { startedAt?: string };
  images: { ref: string; status: string }[];
}

async function jobView(url: string, id: string): Promise<Carried> {
  return (await (await fetch(`${url}/api/v1/jobs/${id}`)).json()) as Carried;
}

test('a job held back by a used-up pull limit waits queued (not failed), others go on, and it succeeds after the limit resets, across a restart', { timeout: 120_000 }, async () => {
  let agent = await start();
  // The first pull is told "none left of 2 per 16 s" (Docker Hub's headers): the next one comes back in 8 s.
  limited.addFault({ method: 'GET', path: MANIFESTS, fault: { kind: 'headers', headers: { 'ratelimit-limit': '2;w=16', 'ratelimit-remaining': '0;w=16' } } });
  const first = await postSync(agent.url, SECRET, { image: limited.ref('rl/first:1') });
  expect((await waitForJob(agent.url, String(first.body.id))).status).toBe('succeeded');

  // The second pull from that registry would wait 8 s, more than queue.rateLimitWait (1 s): carried.
  const second = await postSync(agent.url, SECRET, { image: limited.ref('rl/second:1') });
  const id = String(second.body.id);
  await agent.waitForLog((l) => l.msg === 'job carried by a registry rate limit' && l.job === id);
  const carried = await jobView(agent.url, id);
  expect(carried).toMatchObject({ status: 'queued', deferrals: 1, attempts: 0 });
  expect(carried.waiting).toBe(`waiting for registry ${limited.host}'s rate limit until ${carried.retryAt}`);
  const retryAt = Date.parse(carried.retryAt!);
  // The pull was not sent (it would count against the limit).
  expect(limited.count(/rl\/second\/manifests/, 'GET')).toBe(0);
  // The status page shows why it waits.
  const page = await (await fetch(`${agent.url}/`, { headers: { Accept: 'text/html' } })).text();
  expect(page).toContain(`waiting for registry ${limited.host}&#39;s rate limit until`);

  expect(await (await fetch(`${agent.url}/metrics`)).text()).toMatch(/^cvmfs_unpack_queue_carried 1$/m);

  // Another registry goes on meanwhile.
  const elsewhere = await postSync(agent.url, SECRET, { image: other.ref('rl/elsewhere:1') });
  const done = await waitForJob(agent.url, String(elsewhere.body.id));
  expect(done.status).toBe('succeeded');
  expect(done.images.map((i) => i.status)).toEqual(['published']);

  // A restart keeps the carried job and its retry time (the new process knows nothing of the registry's limit).
  await agent.stop();
  agent = await start();
  const after = await waitForJob(agent.url, id, 60_000);
  expect(after.status).toBe('succeeded');
  expect(after.images).toMatchObject([{ ref: limited.ref('rl/second:1'), status: 'published' }]);
  const final = await jobView(agent.url, id);
  expect(Date.parse(final.timings.startedAt!)).toBeGreaterThanOrEqual(retryAt);
  expect(final).toMatchObject({ attempts: 1, deferrals: 1 });
  expect(final.waiting).toBeUndefined();
  expect(limited.count(/rl\/second\/manifests/, 'GET')).toBe(1);
});
