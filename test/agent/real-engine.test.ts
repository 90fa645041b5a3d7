/**
 * The agent with the real engine (src/agent/serve.ts): the real registry
 * (Debian's docker-registry) with images the tests build, the dir target,
 * a crash in the middle of a pull, and a registry sending its own
 * notifications to the agent.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { freePort, startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { makeAgentDir, postSync, startAgent, waitForJob, type AgentProcess, type TestDir } from './harness.ts';
import { startStallProxy, type StallProxy } from './stall-proxy.ts';

const SECRET = 'real-engine-test-secret-0123456789';

let registry: StartedRegistry;
let proxy: StallProxy;
const agents: AgentProcess[] = [];
const dirs: TestDir[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  for (const name of ['alpha', 'beta', 'gamma']) await buildAndPush(registry, `group/${name}:1.0`, await simpleImage(name));
  proxy = await startStallProxy(registry.url);
});
afterEach(async () => {
  proxy.release();
  await Promise.all(agents.splice(0).map((a) => a.kill9()));
  for (const d of dirs.splice(0)) d.cleanup();
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

async function realAgent(extra: Record<string, unknown> = {}): Promise<{ t: TestDir; start: () => Promise<AgentProcess> }> {
  const t = makeAgentDir({ auth: { secretTokenFile: 'secret' }, policy: [{ match: { secret: true }, images: ['*'] }], rateLimit: { burst: 100, perMinute: 600 }, ...extra }, { secret: SECRET });
  dirs.push(t);
  return {
    t,
    start: async () => {
      const a = await startAgent(t, { DOCKER_CONFIG: t.dir, REGISTRY_AUTH_FILE: join(t.dir, 'no-auth.json') });
      agents.push(a);
      return a;
    },
  };
}

const ref = (name: string) => `http://${proxy.host}/group/${name}:1.0`;
const blobGets = (name: string) => proxy.seen.filter((s) => s.startsWith(`GET /v2/group/${name}/blobs/`)).length;

/** Nothing half-written under the target: no temp dirs, no journals. */
function leftovers(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 3 || !existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.tmp-') || e.name.includes('journal')) out.push(join(dir, e.name));
      if (e.isDirectory() && !e.isSymbolicLink()) walk(join(dir, e.name), depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

describe('the agent with the real engine and the dir target', () => {
  test('40 concurrent requests for two images publish each image once', async () => {
    const { t, start } = await realAgent();
    const agent = await start();
    proxy.hold(/\/v2\/group\/gamma\/blobs\//);
    const blocker = await postSync(agent.url, SECRET, { image: ref('gamma') });
    await proxy.held();

    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => postSync(agent.url, SECRET, { image: ref(i % 2 ? 'alpha' : 'beta') })));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(202));
    const ids = [...new Set(responses.map((r) => String(r.body.id)))];
    expect(ids).toHaveLength(2);
    proxy.release();

    const jobs = await Promise.all([String(blocker.body.id), ...ids].map((id) => waitForJob(agent.url, id, 60_000)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const job of jobs.slice(1)) {
      expect(job.images).toHaveLength(1);
      expect(job.images[0]!.status).toBe('published');
      const name = job.image.includes('alpha') ? 'alpha' : 'beta';
      expect(readFileSync(join(job.images[0]!.path!, 'etc/hello.txt'), 'utf8')).toBe(`${name}\n`);
    }
    // Each image's layer and config were fetched once: one pull per image.
    expect(blobGets('alpha')).toBe(2);
    expect(blobGets('beta')).toBe(2);
    expect(leftovers(join(t.dir, 'out'))).toEqual([]);
  });

  test('kill -9 in the middle of a pull, then restart: the job completes, nothing half-written', async () => {
    const { t, start } = await realAgent();
    let agent = await start();
    proxy.hold(/\/v2\/group\/alpha\/blobs\//);
    const job = await postSync(agent.url, SECRET, { image: ref('alpha'), extraTags: ['stable'] });
    const queued = await postSync(agent.url, SECRET, { image: ref('beta') });
    await proxy.held();
    await agent.kill9();
    proxy.release();

    agent = await start();
    const [done, other] = await Promise.all([waitForJob(agent.url, String(job.body.id), 60_000), waitForJob(agent.url, String(queued.body.id), 60_000)]);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(other.status).toBe('succeeded');
    expect(done.images.map((i) => i.ref).sort()).toEqual([ref('alpha'), ref('alpha').replace(':1.0', ':stable')]);
    const out = join(t.dir, 'out');
    expect(leftovers(out)).toEqual([]);
    for (const image of done.images) {
      expect(realpathSync(image.path!).startsWith(realpathSync(join(out, '.flat')))).toBe(true);
      expect(readFileSync(join(image.path!, 'etc/hello.txt'), 'utf8')).toBe('alpha\n');
    }
  });
});

describe('the recipe schedule', () => {
  test('with recipe:, the agent queues the recipe (wildcards expanded) at start and publishes it', async () => {
    const { t, start } = await realAgent({ recipe: 'recipe.yaml', interval: '1h' });
    writeFileSync(join(t.dir, 'recipe.yaml'), `version: 1\ninput:\n  - 'http://${registry.host}/group/alpha:1.0'\n  - 'http://${registry.host}/group/beta:*'\n`);
    const agent = await start();
    expect(await agent.waitForLog((l) => l.msg === 'recipe queued')).toMatchObject({ images: 2, queued: 2 });
    for (const name of ['alpha', 'beta']) {
      await agent.waitForLog((l) => l.msg === 'job succeeded' && l.image === `http://${registry.host}/group/${name}:1.0`, 60_000);
      expect(readFileSync(join(t.dir, 'out', registry.host, `group/${name}:1.0`, 'etc/hello.txt'), 'utf8')).toBe(`${name}\n`);
    }
  });
});

describe('a registry notifying the agent', () => {
  let reg: { host: string; stop: () => Promise<void> } | undefined;
  afterAll(async () => reg?.stop());

  test('a push to a Distribution registry with notifications syncs the pushed tag', async () => {
    const hookSecret = 'registry-notification-secret-0123456789';
    const { t, start } = await realAgent({
      webhooks: { distribution: { secretTokenFile: 'hook-secret' } },
      policy: [{ match: { webhook: 'distribution' }, images: ['127.0.0.1:*/notified/*'] }],
    });
    writeFileSync(join(t.dir, 'hook-secret'), hookSecret, { mode: 0o600 });
    const agent = await start();
    reg = await startNotifyingRegistry(`${agent.url}/api/v1/webhooks/distribution`, hookSecret);

    await buildAndPush(reg.host, 'notified/app:2.0', await simpleImage('notified'));
    const done = await agent.waitForLog((l) => l.msg === 'job succeeded' && String(l.image).endsWith('/notified/app:2.0'), 60_000);
    expect(done.image).toBe(`http://${reg.host}/notified/app:2.0`);
    const link = join(t.dir, 'out', reg.host, 'notified/app:2.0');
    expect(readFileSync(join(link, 'etc/hello.txt'), 'utf8')).toBe('notified\n');
    // The blob pushes of the same push were ignored: one job only.
    expect(agent.logs.filter((l) => l.msg === 'job queued')).toHaveLength(1);
  });
});

/** docker-registry with a `notifications` endpoint (the registry-server helper has none). */
async function startNotifyingRegistry(url: string, secret: string): Promise<{ host: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'notifying-registry-'));
  const host = `127.0.0.1:${await freePort()}`;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'storage')} } }`,
      `http: { addr: "${host}", secret: notifying-registry-test }`,
      'notifications:',
      '  endpoints:',
      '    - name: cvmfs-unpack',
      `      url: ${url}`,
      `      headers: { Authorization: ["Bearer ${secret}"] }`,
      '      timeout: 5s',
      '      threshold: 5',
      '      backoff: 1s',
    ].join('\n'),
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`http://${host}/v2/`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('docker-registry with notifications did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
