import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DirPublisher, InvalidTargetError, LOCK_FILE, PublishError, parseTarget, recoverTree } from '../../src/publish/index.ts';

let base: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));
function target(): string {
  base = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-lock-'));
  return join(base, 'repo');
}
/** A pid that surely is not running: a child that has exited. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

describe('dir target lock', () => {
  test('a stale lock (same host, dead pid) is taken over', async () => {
    const root = target();
    mkdirSync(root);
    writeFileSync(join(root, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), time: '2020-01-01T00:00:00Z', token: 'old' }));
    const txn = await new DirPublisher(root, { lockTimeoutMs: 5000 }).begin();
    expect(JSON.parse(readFileSync(join(root, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await txn.commit();
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  test.each([
    ['a live process on this host', () => ({ pid: 1, host: hostname() }), /pid 1 on .*waited 0 s/],
    ['a process on another host', () => ({ pid: deadPid(), host: 'elsewhere.example.org' }), /on elsewhere\.example\.org/],
  ])('a lock held by %s is waited for, then a clear error', async (_n, holder, message) => {
    const root = target();
    mkdirSync(root);
    writeFileSync(join(root, LOCK_FILE), JSON.stringify({ ...holder(), time: '2020-01-01T00:00:00Z', token: 't' }));
    const err = await new DirPublisher(root, { lockTimeoutMs: 300, pollMs: 50 }).begin().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/remove the lock file/);
  });
});

describe('recover() sweeps stale temporary entries, never image content', () => {
  test('temps beside layers/flats, in metadata and link trees go; content named .tmp-* inside a flat dir stays', () => {
    const root = target();
    const paths = {
      gone: ['.tmp-x', '.layers/ab/.tmp-layer-1/layerfs/f', '.layers/ab/abcd/.metadata/.tmp-origin.json-1', '.flat/cd/.tmp-flat-2/bin', '.metadata/reg/repo/.tmp-sync.json-3', 'reg/repo/.tmp-tag-4'],
      kept: ['.flat/cd/cdef/.tmp-image-file', '.layers/ab/abcd/layerfs/.tmp-in-layer', 'reg/repo/keep'],
    };
    for (const p of [...paths.gone, ...paths.kept]) {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), '');
    }
    recoverTree(root);
    for (const p of paths.gone) expect(existsSync(join(root, p)), p).toBe(false);
    for (const p of paths.kept) expect(existsSync(join(root, p)), p).toBe(true);
  });
});

describe('parseTarget', () => {
  test.each([
    ['dir:/srv/unpacked', 'dir', '/srv/unpacked', 'dir:/srv/unpacked'],
    ['cvmfs:unpacked.cern.ch', 'cvmfs', '/mnt/c/unpacked.cern.ch', 'cvmfs:unpacked.cern.ch'],
    ['cvmfs:unpacked.cern.ch/sub/path', 'cvmfs', '/mnt/c/unpacked.cern.ch/sub/path', 'cvmfs:unpacked.cern.ch/sub/path'],
    ['cvmfs:unpacked.cern.ch/', 'cvmfs', '/mnt/c/unpacked.cern.ch', 'cvmfs:unpacked.cern.ch'],
  ])('%s', (spec, kind, root, described) => {
    const p = parseTarget(spec, { cvmfsMount: '/mnt/c' });
    expect(p.kind).toBe(kind);
    expect(p.root).toBe(root);
    expect(p.describe()).toBe(described);
  });

  test.each(['', 'dir:', 'cvmfs:', 'cvmfs:../x', 'cvmfs:repo/../x', 'cvmfs:repo//x', 's3:bucket', '/plain/path', 'cvmfs:-bad'])('%j is refused', (spec) => {
    expect(() => parseTarget(spec)).toThrow(InvalidTargetError);
  });
});
