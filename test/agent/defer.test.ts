// A job carried by a registry's rate limit: the store keeps it queued until
// notBefore (also across a reopen, and in a store from before the columns
// existed), the outcome of a batch says when a job is carried, and the
// worker retries it when due, keeping what it published, within a bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { JobStore, type Job } from '../../src/agent/queue.ts';
import { Worker, jobOutcome, type RunSync } from '../../src/agent/worker.ts';
import { Metrics } from '../../src/agent/metrics.ts';
import { nullLogger } from '../../src/log/logger.ts';
import type { ImageResult } from '../../src/convert/types.ts';

const meta = { source: 'api', identity: 'secret-token' };
const timings = { totalMs: 1, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 };
const result = (ref: string, status: ImageResult['status'], extra: Partial<ImageResult> = {}): ImageResult => ({ ref, status, timings, ...extra });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-defer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JobStore deferral', () => {
  test('a carried job is not claimed before notBefore, also after a reopen; then runs with the reason cleared', () => {
    let clock = 1_000_000;
    let store = JobStore.open(dir, { now: () => clock });
    const a = store.enqueue({ image: 'docker.io/library/a:1', extraTags: [] }, meta).job;
    const b = store.enqueue({ image: 'ghcr.io/o/b:1', extraTags: [] }, meta).job;
    expect(store.claimBatch(10).map((j) => j.id)).toEqual([a.id, b.id]);
    const images = [{ ref: 'docker.io/library/a:1', status: 'deferred' }];
    expect(store.defer(a.id, { notBefore: clock + 5_000, waiting: 'waiting for registry docker.io', images })).toMatchObject({
      status: 'queued', attempts: 0, deferrals: 1, notBefore: clock + 5_000, waiting: 'waiting for registry docker.io', images,
    });
    store.finish(b.id, { status: 'succeeded', images: [] });
    // A new job queued meanwhile is not held behind the carried one.
    const c = store.enqueue({ image: 'ghcr.io/o/c:1', extraTags: [] }, meta).job;
    expect(store.claimBatch(10).map((j) => j.id)).toEqual([c.id]);
    store.finish(c.id, { status: 'succeeded', images: [] });
    expect(store.nextDue()).toBe(clock + 5_000);
    expect(store.countCarried()).toBe(1);
    store.close();
    store = JobStore.open(dir, { now: () => clock });
    expect(store.recoverInterrupted(3).requeued).toEqual([]);
    clock += 4_999;
    expect(store.claimBatch(10)).toEqual([]);
    clock += 1;
    const [again] = store.claimBatch(10);
    expect(again).toMatchObject({ id: a.id, status: 'running', attempts: 1, deferrals: 1 });
    expect(again!.notBefore).toBeUndefined();
    expect(again!.waiting).toBeUndefined();
    expect(store.nextDue()).toBeUndefined();
    expect(store.countCarried()).toBe(0);
    store.close();
  });

  test('a job store from before deferral gains the columns; its jobs carry on', () => {
    const db = new DatabaseSync(join(dir, 'jobs.sqlite'));
    db.exec(`CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')), merge_key TEXT NOT NULL, request TEXT NOT NULL,
      source TEXT NOT NULL, identity TEXT NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0, merged INTEGER NOT NULL DEFAULT 0, images TEXT, error TEXT)`);
    db.prepare("INSERT INTO jobs (id, status, merge_key, request, source, identity, created_at) VALUES ('old', 'queued', 'k', ?, 'api', 'x', 1)").run(JSON.stringify({ image: 'ghcr.io/o/a:1', extraTags: [] }));
    db.close();
    const store = JobStore.open(dir);
    expect(store.claimBatch(10)).toMatchObject([{ id: 'old', deferrals: 0 }]);
    expect(store.defer('old', { notBefore: Date.now() + 60_000, waiting: 'w', images: [] })).toMatchObject({ status: 'queued', deferrals: 1 });
    store.close();
  });
});

test.each([
  ['all published', [result('r.io/a:1', 'published')], [], { status: 'succeeded' }],
  [
    'one deferred: the job is carried until the latest retryAt',
    [result('r.io/a:1', 'published'), result('r.io/a:2', 'deferred', { retryAt: '2030-01-01T00:00:10.000Z', error: 'pull limit used up' })],
    [],
    { status: 'deferred', retryAt: Date.parse('2030-01-01T00:00:10.000Z'), waiting: "waiting for registry r.io's rate limit until 2030-01-01T00:00:10.000Z" },
  ],
  [
    'a failure wins over a deferral, and names both',
    [result('r.io/a:1', 'failed', { error: 'boom' }), result('r.io/a:2', 'deferred', { retryAt: '2030-01-01T00:00:00.000Z', error: 'limit' })],
    [],
    { status: 'failed', error: 'r.io/a:1: boom; r.io/a:2: limit' },
  ],
  [
    'the retry finds unchanged what the carried run published: kept as published',
    [result('r.io/a:1', 'unchanged', { digest: 'sha256:1' }), result('r.io/a:2', 'published', { digest: 'sha256:1' })],
    [{ ref: 'r.io/a:1', status: 'published', digest: 'sha256:1', path: '/p' }, { ref: 'r.io/a:2', status: 'deferred' }],
    { status: 'succeeded', images: [{ ref: 'r.io/a:1', status: 'published', digest: 'sha256:1', path: '/p' }, { ref: 'r.io/a:2', status: 'published', digest: 'sha256:1' }] },
  ],
])('jobOutcome: %s', (_name, results, earlier, expected) => {
  expect(jobOutcome({ image: 'r.io/a:1', extraTags: ['2'] }, results, earlier)).toMatchObject(expected);
});

describe('the worker and carried jobs', () => {
  const runWorker = async (store: JobStore, runs: ImageResult[][], until: (job: Job) => boolean, id: string) => {
    const calls: number[] = [];
    const runSync: RunSync = async () => {
      calls.push(Date.now());
      return runs[Math.min(calls.length - 1, runs.length - 1)]!;
    };
    let finished: (job: Job) => void = () => {};
    const done = new Promise<Job>((resolve) => (finished = resolve));
    const worker = new Worker({ store, runSync, batchSize: 10, logger: nullLogger, metrics: new Metrics(), onFinished: (j) => j.id === id && until(j) && finished(j) });
    worker.start();
    const job = await done;
    await worker.stop();
    return { job, calls };
  };

  test('retried when due, keeping what the carried run published', { timeout: 10_000 }, async () => {
    const store = JobStore.open(dir);
    const { job: queued } = store.enqueue({ image: 'r.io/a:1', extraTags: ['2'] }, meta);
    const retryAt = new Date(Date.now() + 200).toISOString();
    const { job, calls } = await runWorker(
      store,
      [
        [result('r.io/a:1', 'published', { digest: 'sha256:1', path: '/p' }), result('r.io/a:2', 'deferred', { retryAt, error: 'limit' })],
        [result('r.io/a:1', 'unchanged', { digest: 'sha256:1', path: '/p' }), result('r.io/a:2', 'published', { digest: 'sha256:1', path: '/q' })],
      ],
      () => true,
      queued.id,
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]!).toBeGreaterThanOrEqual(Date.parse(retryAt));
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1, deferrals: 1, images: [{ ref: 'r.io/a:1', status: 'published' }, { ref: 'r.io/a:2', status: 'published' }] });
    store.close();
  });

  test('a limit that would hold a job past 24 h fails it, saying why', { timeout: 10_000 }, async () => {
    const store = JobStore.open(dir);
    const { job: queued } = store.enqueue({ image: 'r.io/a:1', extraTags: [] }, meta);
    const retryAt = new Date(Date.now() + 25 * 3_600_000).toISOString();
    const { job, calls } = await runWorker(store, [[result('r.io/a:1', 'deferred', { retryAt, error: 'pull limit used up' })]], () => true, queued.id);
    expect(calls).toHaveLength(1);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^a registry rate limit would hold this job back past 24 h after it was queued; giving up \(waiting for registry r\.io's rate limit until /);
    store.close();
  });
});
