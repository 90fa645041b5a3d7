/**
 * The queue of a real agent process: merging and batching of concurrent
 * requests, crash and restart (kill -9), graceful and forced stops, the
 * queue bound and the rate limit. The stand-in engine of entry.ts is held
 * inside a batch by a gate file, so that "while a job runs" needs no sleeps.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { makeAgentDir, postSync, startAgent, waitForJob, type AgentProcess, type TestDir } from './harness.ts';

const SECRET = 'durability-test-secret-0123456789';

interface Call {
  pid: number;
  names: string[];
}

function calls(t: TestDir): Call[] {
  const file = join(t.fakeDir, 'calls.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Call);
}

const started: AgentProcess[] = [];
const dirs: TestDir[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((a) => a.kill9()));
  for (const d of dirs.splice(0)) d.cleanup();
});

function setup(extra: Record<string, unknown> = {}) {
  const t = makeAgentDir({ auth: { secretTokenFile: 'secret' }, policy: [{ match: { secret: true }, images: ['*'] }], ...extra }, { secret: SECRET });
  dirs.push(t);
  const gate = join(t.dir, 'gate');
  const env = { CVMFS_UNPACK_TEST_FAKE_DIR: t.fakeDir, CVMFS_UNPACK_TEST_FAKE_DELAY_MS: '10', CVMFS_UNPACK_TEST_FAKE_GATE: gate };
  const start = async () => {
    const a = await startAgent(t, env);
    started.push(a);
    return a;
  };
  return { t, gate, start, close: () => writeFileSync(gate, ''), open: () => rmSync(gate, { force: true }) };
}

/** Waits until the agent logs that `jobId` started (its batch is inside the engine). */
const jobStarted = (a: AgentProcess, jobId: string) => a.waitForLog((l) => l.msg === 'job started' && l.job === jobId);

describe('merging and batching', () => {
  test('40 concurrent requests for two images: two jobs, one batch, each image published once', async () => {
    const s = setup({ rateLimit: { burst: 100, perMinute: 600 } });
    const agent = await s.start();
    s.close();
    const blocker = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/blocker:1' });
    await jobStarted(agent, String(blocker.body.id));

    const images = ['ghcr.io/org/alpha:1.0', 'ghcr.io/org/beta:2.0'];
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => postSync(agent.url, SECRET, { image: images[i % 2], extraTags: ['latest'] })));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(202));
    const ids = new Set(responses.map((r) => String(r.body.id)));
    expect(ids.size).toBe(2);
    expect(responses.filter((r) => r.body.merged === false)).toHaveLength(2);

    s.open();
    const jobs = await Promise.all([...ids].map((id) => waitForJob(agent.url, id)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    expect(jobs.map((j) => j.merged).sort()).toEqual([19, 19]);

    const published = calls(s.t).flatMap((c) => c.names);
    for (const image of images) expect(published.filter((n) => n === image)).toHaveLength(1);
    // The blocker's batch, then one batch with both images (one transaction).
    expect(calls(s.t).map((c) => c.names.length)).toEqual([1, 4]);
  });
});

describe('crash and restart', () => {
  test('kill -9 during a running job, then restart: the job and the queued ones complete, nothing lost', async () => {
    const s = setup();
    let agent = await s.start();
    s.close();
    const running = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/crash:1' });
    await jobStarted(agent, String(running.body.id));
    const queued = await Promise.all(['q1', 'q2', 'q3'].map((n) => postSync(agent.url, SECRET, { image: `ghcr.io/org/${n}:1` })));
    expect(queued.map((r) => r.status)).toEqual([202, 202, 202]);

    expect(await agent.kill9()).toBeNull();
    s.open();
    agent = await s.start();
    expect(agent.logs.find((l) => l.msg === 'resuming a job interrupted by a stop or crash')).toMatchObject({ job: running.body.id });

    const all = [running, ...queued].map((r) => String(r.body.id));
    const jobs = await Promise.all(all.map((id) => waitForJob(agent.url, id)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(jobs[0]!.images.map((i) => i.ref)).toEqual(['ghcr.io/org/crash:1']);
    // The interrupted job ran twice (the crashed run and the resumed one), the others once.
    const names = calls(s.t).flatMap((c) => c.names);
    expect(names.filter((n) => n === 'ghcr.io/org/crash:1')).toHaveLength(2);
    for (const n of ['q1', 'q2', 'q3']) expect(names.filter((x) => x === `ghcr.io/org/${n}:1`)).toHaveLength(1);
  });

  test('SIGTERM lets the running batch finish, refuses new work, and exits 0', async () => {
    const s = setup();
    let agent = await s.start();
    s.close();
    const job = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/graceful:1' });
    await jobStarted(agent, String(job.body.id));
    agent.proc.kill('SIGTERM');
    await agent.waitForLog((l) => l.msg.startsWith('stopping'));
    await expect(postSync(agent.url, SECRET, { image: 'ghcr.io/org/late:1' })).rejects.toThrow();
    s.open();
    expect(await agent.exited).toBe(0);

    agent = await s.start();
    expect((await waitForJob(agent.url, String(job.body.id))).attempts).toBe(1);
  });

  test('a second SIGTERM interrupts the batch; its job stays queued and runs after the restart', async () => {
    const s = setup();
    let agent = await s.start();
    s.close();
    const job = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/forced:1' });
    await jobStarted(agent, String(job.body.id));
    agent.proc.kill('SIGTERM');
    await agent.waitForLog((l) => l.msg.startsWith('stopping'));
    agent.proc.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.logs.some((l) => l.msg === 'batch interrupted; its jobs stay queued')).toBe(true);

    s.open();
    agent = await s.start();
    const done = await waitForJob(agent.url, String(job.body.id));
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
  });
});

describe('bounds', () => {
  test('a full queue answers 503 with Retry-After; identical requests still merge', async () => {
    const s = setup({ queue: { maxQueued: 2 } });
    const agent = await s.start();
    s.close();
    const blocker = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/blocker:1' });
    await jobStarted(agent, String(blocker.body.id));
    expect((await postSync(agent.url, SECRET, { image: 'ghcr.io/org/a:1' })).status).toBe(202);
    expect((await postSync(agent.url, SECRET, { image: 'ghcr.io/org/b:1' })).status).toBe(202);
    const full = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/c:1' });
    expect(full.status).toBe(503);
    expect(full.body.code).toBe('queue_full');
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    const merged = await postSync(agent.url, SECRET, { image: 'ghcr.io/org/a:1' });
    expect(merged).toMatchObject({ status: 202, body: { merged: true } });
    s.open();
  });

  test('an identity over its rate limit gets 429 with Retry-After', async () => {
    const s = setup({ rateLimit: { burst: 3, perMinute: 1 } });
    const agent = await s.start();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof postSync>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await postSync(agent.url, SECRET, { image: `ghcr.io/org/rate-${i}:1` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
