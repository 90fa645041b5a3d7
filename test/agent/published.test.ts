/**
 * A real agent process with the real engine: what is published (images and
 * jobs API), removal on request (policy, shared content kept, gc later),
 * traffic as CI sends it (loopback names without a scheme, a TLS protocol
 * error, a burst of one identity), and the cvmfs target on the stand-in.
 */
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { makeStandinRepo } from '../publish/standin.ts';
import { makeAgentDir, postSync, startAgent, waitForJob, type AgentProcess, type TestDir } from './harness.ts';
import { startStallProxy, type StallProxy } from './stall-proxy.ts';

// This machine's name, if it resolves to loopback: a registry name that is not a loopback literal.
const host = hostname();
const hostIsLocal = await lookup(host).then(
  (a) => a.address.startsWith('127.'),
  () => false,
);

const SECRET = 'published-test-secret-0123456789abcdef';

let registry: StartedRegistry;
let proxy: StallProxy;
const agents: AgentProcess[] = [];
const dirs: TestDir[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  await buildAndPush(registry, 'group/alpha:1.0', await simpleImage('alpha'));
  await buildAndPush(registry, 'group/beta:1.0', await simpleImage('beta'));
  await buildAndPush(registry, 'group/gamma:1.0', await simpleImage('gamma'));
  proxy = await startStallProxy(registry.url);
});
afterEach(async () => {
  proxy.release();
  await Promise.all(agents.splice(0).map((a) => a.stop()));
  for (const d of dirs.splice(0)) d.cleanup();
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

async function agentWith(config: Record<string, unknown>, env: Record<string, string> = {}): Promise<{ t: TestDir; agent: AgentProcess }> {
  const t = makeAgentDir({ auth: { secretTokenFile: 'secret' }, ...config }, { secret: SECRET });
  dirs.push(t);
  const agent = await startAgent(t, { DOCKER_CONFIG: t.dir, REGISTRY_AUTH_FILE: join(t.dir, 'no-auth.json'), ...env });
  agents.push(agent);
  return { t, agent };
}

const post = async (url: string, path: string, body: unknown, token = SECRET) => {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};
const getJson = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('what is published, and removal on request', () => {
  test('images API, history, jobs filter; removal: deny by default, allowed pattern, shared content kept', async () => {
    // Named without a scheme: a loopback registry is plain HTTP.
    const repo = `${registry.host}/group/alpha`;
    const { t, agent } = await agentWith({
      policy: [
        { match: { secret: true }, images: ['*'], remove: [`${repo}:feature-*`] },
      ],
    });
    const sync = await postSync(agent.url, SECRET, { image: `${repo}:1.0`, extraTags: ['feature-x', 'feature-y'] });
    expect(sync.status).toBe(202);
    const job = await waitForJob(agent.url, String(sync.body.id), 60_000);
    expect(job.status).toBe('succeeded');

    const list = await getJson(`${agent.url}/api/v1/images?prefix=${encodeURIComponent(repo)}`);
    const images = list.body.images as Record<string, unknown>[];
    expect(images.map((i) => i.name)).toEqual([`${repo}:1.0`, `${repo}:feature-x`, `${repo}:feature-y`]);
    const first = images[0]!;
    expect(first).toMatchObject({ platforms: ['linux/amd64'], path: join(t.dir, 'out', `${repo}:1.0`), syncedBy: { job: job.id, source: 'api', identity: 'secret-token' } });
    expect(first.digest).toBe(job.images[0]!.digest);
    expect(first.size).toBeGreaterThan(0);
    // Paging: one at a time, in name order.
    const page1 = await getJson(`${agent.url}/api/v1/images?limit=1&prefix=${encodeURIComponent(repo)}`);
    expect((page1.body.images as { name: string }[]).map((i) => i.name)).toEqual([`${repo}:1.0`]);
    const page2 = await getJson(`${agent.url}/api/v1/images?limit=1&prefix=${encodeURIComponent(repo)}&after=${encodeURIComponent(String(page1.body.next))}`);
    expect((page2.body.images as { name: string }[]).map((i) => i.name)).toEqual([`${repo}:feature-x`]);

    const one = await getJson(`${agent.url}/api/v1/images/${encodeURIComponent(`${repo}:1.0`)}`);
    expect(one.status).toBe(200);
    expect(one.body.history).toEqual([expect.objectContaining({ status: 'published', jobId: job.id, digest: first.digest, identity: 'secret-token' })]);
    // The path form with '/' left as it is works too.
    expect((await getJson(`${agent.url}/api/v1/images/${repo}:1.0`)).status).toBe(200);
    expect((await getJson(`${agent.url}/api/v1/images/${repo}:nope`)).status).toBe(404);

    const succeeded = await getJson(`${agent.url}/api/v1/jobs?state=succeeded`);
    expect((succeeded.body.jobs as { id: string }[]).map((j) => j.id)).toEqual([job.id]);
    expect((await getJson(`${agent.url}/api/v1/jobs?state=failed`)).body.jobs).toEqual([]);
    expect((await getJson(`${agent.url}/api/v1/jobs?state=bogus`)).status).toBe(400);

    // Removal: beyond the rule's pattern → 403, nothing queued.
    const refused = await post(agent.url, '/api/v1/remove', { images: [`${repo}:1.0`] });
    expect(refused.status).toBe(403);
    expect(String(refused.body.message)).toContain('may not remove');
    expect((await post(agent.url, '/api/v1/remove', { images: [`${repo}:feature-*`, `${registry.host}/group/beta:1.0`] })).status).toBe(400);

    const flat = realpathSync(join(t.dir, 'out', `${repo}:1.0`));
    const removal = await post(agent.url, '/api/v1/remove', { images: [`${repo}:feature-*`] });
    expect(removal.status).toBe(202);
    const removed = await waitForJob(agent.url, String(removal.body.id), 60_000);
    expect(removed.status).toBe('succeeded');
    expect(removed.images.map((i) => [i.ref, i.status])).toEqual([
      [`${repo}:feature-x`, 'removed'],
      [`${repo}:feature-y`, 'removed'],
    ]);
    // Links and metadata gone at once; the content another tag links to untouched.
    for (const tag of ['feature-x', 'feature-y']) {
      expect(existsSync(join(t.dir, 'out', `${repo}:${tag}`))).toBe(false);
      expect(existsSync(join(t.dir, 'out', '.metadata', `${repo}:${tag}`))).toBe(false);
    }
    expect(realpathSync(join(t.dir, 'out', `${repo}:1.0`))).toBe(flat);
    expect(readFileSync(join(flat, 'etc/hello.txt'), 'utf8')).toBe('alpha\n');
    expect(readlinkSync(join(t.dir, 'out', `${repo}:1.0`))).toMatch(/^\.\.\/\.\.\/\.flat\//);
    const after = await getJson(`${agent.url}/api/v1/images?prefix=${encodeURIComponent(repo)}`);
    expect((after.body.images as { name: string }[]).map((i) => i.name)).toEqual([`${repo}:1.0`]);
    const history = await getJson(`${agent.url}/api/v1/images/${encodeURIComponent(`${repo}:feature-x`)}`);
    expect((history.body.history as { status: string }[]).map((h) => h.status)).toEqual(['removed', 'published']);

    // Removing again matches nothing: succeeded, and says so.
    const again = await waitForJob(agent.url, String((await post(agent.url, '/api/v1/remove', { images: [`${repo}:feature-*`] })).body.id));
    expect(again).toMatchObject({ status: 'succeeded', images: [{ ref: `${repo}:feature-*`, status: 'absent' }] });
  });

  test('no remove patterns: every removal is refused', async () => {
    const { agent } = await agentWith({ policy: [{ match: { secret: true }, images: ['*'] }] });
    const res = await post(agent.url, '/api/v1/remove', { images: [`${registry.host}/group/alpha:1.0`] });
    expect(res.status).toBe(403);
  });
});

describe('read access', () => {
  test('auth.publicRead false: reads need a credential (Bearer, or as the Basic password a browser sends)', async () => {
    const { agent } = await agentWith({ auth: { secretTokenFile: 'secret', publicRead: false }, policy: [{ match: { secret: true }, images: ['*'] }] });
    for (const path of ['/', '/api/v1/images', '/api/v1/jobs']) {
      const res = await fetch(`${agent.url}${path}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="cvmfs-unpack"/);
    }
    expect((await fetch(`${agent.url}/api/v1/images`, { headers: { Authorization: `Bearer ${SECRET}` } })).status).toBe(200);
    const basic = `Basic ${Buffer.from(`anyone:${SECRET}`).toString('base64')}`;
    expect((await fetch(`${agent.url}/`, { headers: { Authorization: basic } })).status).toBe(200);
    expect((await fetch(`${agent.url}/api/v1/jobs`, { headers: { Authorization: `Basic ${Buffer.from('anyone:wrong').toString('base64')}` } })).status).toBe(401);
  });
});

describe('traffic as CI sends it', () => {
  test('a burst of 40 requests from one identity for 2 images is accepted and publishes each once; a flood of new jobs gets 429', async () => {
    // Three tokens: the blocker and the two images; merged requests take none.
    const { agent } = await agentWith({ policy: [{ match: { secret: true }, images: ['*'] }], rateLimit: { burst: 3, perMinute: 1 } });
    proxy.hold(/\/v2\/group\/gamma\/blobs\//);
    const blocker = await postSync(agent.url, SECRET, { image: `${proxy.host}/group/gamma:1.0` });
    await proxy.held();
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => postSync(agent.url, SECRET, { image: `${proxy.host}/group/${i % 2 ? 'alpha' : 'beta'}:1.0` })));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(202));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(2);
    // A new job beyond the bucket: 429 with Retry-After.
    const flood = await postSync(agent.url, SECRET, { image: `${proxy.host}/group/alpha:1.0`, extraTags: ['other'] });
    expect(flood.status).toBe(429);
    expect(Number(flood.headers.get('retry-after'))).toBeGreaterThan(0);
    proxy.release();
    const jobs = await Promise.all([String(blocker.body.id), ...new Set(responses.map((r) => String(r.body.id)))].map((id) => waitForJob(agent.url, id, 60_000)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(jobs.slice(1).map((j) => j.images[0]!.status)).toEqual(['published', 'published']);
    expect(proxy.seen.filter((s) => s.startsWith('GET /v2/group/alpha/blobs/'))).toHaveLength(2);
  });

  test.skipIf(!hostIsLocal)('a registry that speaks plain HTTP, named by a non-loopback name: fails at once saying what to set; insecureRegistries makes it work', async () => {
    const name = `${host}:${registry.host.split(':')[1]}`;
    const { agent } = await agentWith({ policy: [{ match: { secret: true }, images: ['*'] }] });
    const failed = await waitForJob(agent.url, String((await postSync(agent.url, SECRET, { image: `${name}/group/beta:1.0` })).body.id), 60_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('wrong version number');
    expect(failed.error).toContain('insecureRegistries');
    // Reported as the protocol error it is, not as a (retried) network error.
    expect(failed.error).not.toContain('network error');

    const { agent: ok } = await agentWith({ policy: [{ match: { secret: true }, images: ['*'] }], insecureRegistries: [name] });
    const done = await waitForJob(ok.url, String((await postSync(ok.url, SECRET, { image: `${name}/group/beta:1.0` })).body.id), 60_000);
    expect(done.status).toBe('succeeded');
  });
});

describe('the agent with the cvmfs target (STAND-IN cvmfs_server)', () => {
  test('publishes, lists and removes through cvmfs_server transactions', async () => {
    const s = makeStandinRepo();
    try {
      const repo = `${registry.host}/group/gamma`;
      const { agent } = await agentWith(
        { target: `cvmfs:${s.repo}`, cvmfsServer: s.env.CVMFS_UNPACK_CVMFS_SERVER, cvmfsMount: s.mountRoot, policy: [{ match: { secret: true }, images: ['*'], remove: ['*'] }] },
        s.env,
      );
      const job = await waitForJob(agent.url, String((await postSync(agent.url, SECRET, { image: `${repo}:1.0`, extraTags: ['old'] })).body.id), 60_000);
      expect(job.status).toBe('succeeded');
      const mount = join(s.mountRoot, s.repo);
      expect(job.images.map((i) => i.path).sort()).toEqual([join(mount, `${repo}:1.0`), join(mount, `${repo}:old`)]);
      expect(readFileSync(join(mount, `${repo}:1.0`, 'etc/hello.txt'), 'utf8')).toBe('gamma\n');
      const list = await getJson(`${agent.url}/api/v1/images?prefix=${encodeURIComponent(repo)}`);
      expect((list.body.images as { path: string }[]).map((i) => i.path)).toEqual([join(mount, `${repo}:1.0`), join(mount, `${repo}:old`)]);

      const removed = await waitForJob(agent.url, String((await post(agent.url, '/api/v1/remove', { images: [`${repo}:old`] })).body.id), 60_000);
      expect(removed).toMatchObject({ status: 'succeeded', images: [{ ref: `${repo}:old`, status: 'removed' }] });
      expect(existsSync(join(mount, `${repo}:old`))).toBe(false);
      expect(readFileSync(join(mount, `${repo}:1.0`, 'etc/hello.txt'), 'utf8')).toBe('gamma\n');
      // Every transaction was closed: none is left open.
      expect(s.run(['list']).stdout).not.toContain('in transaction');
    } finally {
      s.remove();
    }
  });
});
