import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { JobStore, mergeKey, StateLockedError } from '../../src/agent/queue.ts';
import { QueueFullError } from '../../src/agent/errors.ts';
import { RateLimiter } from '../../src/agent/rate-limit.ts';

const meta = { source: 'api', identity: 'secret-token' };

describe('JobStore', () => {
  let dir: string;
  let store: JobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-queue-'));
    store = JobStore.open(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('identical queued requests are one job; a different tag set or platform is another', () => {
    const a = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: ['x', 'y'] }, meta);
    const b = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: ['y', 'x', 'x'] }, meta);
    const c = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: ['x'] }, meta);
    const d = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: ['x', 'y'], platform: 'linux/arm64' }, meta);
    expect(a.merged).toBe(false);
    expect(b).toMatchObject({ merged: true, job: { id: a.job.id, merged: 1 } });
    expect(new Set([a.job.id, c.job.id, d.job.id]).size).toBe(3);
  });

  test('a running job does not absorb a new request: the image may have changed since it started', () => {
    const a = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta);
    expect(store.claimBatch(10).map((j) => j.id)).toEqual([a.job.id]);
    const b = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta);
    expect(b.merged).toBe(false);
    expect(b.job.id).not.toBe(a.job.id);
  });

  test('batches are taken oldest first, up to the limit, and marked running', () => {
    const ids = [1, 2, 3].map((n) => store.enqueue({ image: `ghcr.io/o/a:${n}`, extraTags: [] }, meta).job.id);
    const batch = store.claimBatch(2);
    expect(batch.map((j) => j.id)).toEqual(ids.slice(0, 2));
    expect(batch.every((j) => j.status === 'running' && j.attempts === 1 && j.startedAt !== undefined)).toBe(true);
    expect(store.countByStatus('queued')).toBe(1);
  });

  test('the queue bound refuses new jobs but still merges', () => {
    store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta, 1);
    expect(() => store.enqueue({ image: 'ghcr.io/o/a:2', extraTags: [] }, meta, 1)).toThrow(QueueFullError);
    expect(store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta, 1).merged).toBe(true);
  });

  test('jobs survive a reopen; interrupted ones are queued again until maxAttempts', () => {
    const a = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta).job;
    const b = store.enqueue({ image: 'ghcr.io/o/b:1', extraTags: [] }, meta).job;
    store.claimBatch(10);
    store.close();

    store = JobStore.open(dir);
    const first = store.recoverInterrupted(2);
    expect(first.requeued.map((j) => j.id)).toEqual([a.id, b.id]);
    store.claimBatch(10); // second attempt, interrupted again
    store.close();

    store = JobStore.open(dir);
    const second = store.recoverInterrupted(2);
    expect(second.requeued).toEqual([]);
    expect(second.failed.map((j) => [j.id, j.status])).toEqual([
      [a.id, 'failed'],
      [b.id, 'failed'],
    ]);
    expect(store.get(a.id)?.error).toMatch(/interrupted 2 times/);
  });

  test('an orderly interruption does not count as an attempt', () => {
    const a = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta).job;
    store.claimBatch(1);
    store.requeue([a.id]);
    expect(store.get(a.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  test('finish records images and error; prune drops old finished jobs only', () => {
    const a = store.enqueue({ image: 'ghcr.io/o/a:1', extraTags: [] }, meta).job;
    const b = store.enqueue({ image: 'ghcr.io/o/b:1', extraTags: [] }, meta).job;
    store.claimBatch(1);
    const done = store.finish(a.id, { status: 'failed', images: [{ ref: 'ghcr.io/o/a:1', status: 'failed', error: 'boom' }], error: 'ghcr.io/o/a:1: boom' });
    expect(done).toMatchObject({ status: 'failed', error: 'ghcr.io/o/a:1: boom', images: [{ ref: 'ghcr.io/o/a:1', status: 'failed' }] });
    expect(store.prune(-1000)).toBe(1);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(b.id)?.status).toBe('queued');
  });

  test('a second store on the same directory is refused', () => {
    expect(() => JobStore.open(dir)).toThrow(StateLockedError);
  });

  test.each([
    [{ image: 'a', extraTags: ['b', 'a'] }, { image: 'a', extraTags: ['a', 'b', 'b'] }, true],
    [{ image: 'a', extraTags: [] }, { image: 'a', extraTags: [], platform: 'linux/amd64' }, false],
    [{ image: 'a:1', extraTags: [] }, { image: 'a:2', extraTags: [] }, false],
  ])('mergeKey(%j) equals mergeKey(%j): %s', (x, y, same) => {
    expect(mergeKey(x) === mergeKey(y)).toBe(same);
  });
});

describe('RateLimiter', () => {
  test('burst, then refusal with a wait, then refill; identities are separate', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });
});
