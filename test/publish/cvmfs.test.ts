/**
 * The cvmfs target against the STAND-IN cvmfs_server (test/standin/): the
 * shared Publisher contract, then what is particular to cvmfs.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CvmfsPublisher, PublishError, parseTarget } from '../../src/publish/index.ts';
import { writeFileAtomic } from '../../src/repo/index.ts';
import { describePublisherContract, snapshot } from './contract.ts';
import { makeStandinRepo, type StandinRepo } from './standin.ts';

describePublisherContract('cvmfs (stand-in cvmfs_server)', async () => {
  const s = makeStandinRepo();
  const spec = `cvmfs:${s.repo}`;
  return {
    spec,
    make: () => parseTarget(spec, { transactionTimeoutS: 30 }),
    env: s.env,
    readOnlyOutside: true,
    cleanup: async () => s.remove(),
  };
});

describe('cvmfs target specifics (stand-in cvmfs_server)', () => {
  let s: StandinRepo;
  afterEach(() => s.remove());

  test('a failing publish aborts the transaction and names the cause with the stderr tail', async () => {
    s = makeStandinRepo();
    const p = parseTarget(`cvmfs:${s.repo}`);
    const before = snapshot(p.root);
    const txn = await p.begin();
    writeFileAtomic(join(txn.root, 'x'), 'x');
    process.env.CVMFS_STANDIN_FAIL_PUBLISH = '1';
    try {
      const err = await txn.commit().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PublishError);
      expect(String((err as Error).message)).toMatch(/publishing cvmfs:.*cvmfs_server publish failed: .*fault injection/);
    } finally {
      delete process.env.CVMFS_STANDIN_FAIL_PUBLISH;
    }
    expect(s.run(['list']).stdout).toBe(`${s.repo} (stratum0 / local)\n`); // aborted, not left open
    expect(snapshot(p.root)).toEqual(before);
  });

  test('publish is not attempted while this process holds a file under the mount', async () => {
    s = makeStandinRepo();
    const p = new CvmfsPublisher(s.repo, '', { openFilesWaitMs: 200 });
    const txn = await p.begin();
    writeFileSync(join(txn.root, 'held'), 'h');
    const fd = openSync(join(txn.root, 'held'), 'r');
    try {
      await expect(txn.commit()).rejects.toThrow(/still open in this process.*held/);
    } finally {
      closeSync(fd);
    }
    expect(s.run(['list']).stdout).not.toMatch(/in transaction/);
  });

  test('another transaction open: begin waits (-t) and then fails with a clear message (exit 17)', async () => {
    s = makeStandinRepo();
    expect(s.run(['transaction', s.repo]).status).toBe(0);
    const p = parseTarget(`cvmfs:${s.repo}`, { transactionTimeoutS: 1 });
    await expect(p.begin()).rejects.toThrow(/another transaction is already open \(waited 1 s\)/);
    expect(s.run(['abort', '-f', s.repo]).status).toBe(0);
  });

  test('recover() aborts a transaction left open by a dead process, keeps one of a live process', async () => {
    s = makeStandinRepo();
    expect(s.run(['transaction', s.repo]).status).toBe(0); // opened by a process that is gone now
    const p = parseTarget(`cvmfs:${s.repo}`);
    await p.recover();
    expect(s.run(['list']).stdout).toBe(`${s.repo} (stratum0 / local)\n`);
    const txn = await p.begin();
    await parseTarget(`cvmfs:${s.repo}`).recover(); // same process, live transaction: left alone
    expect(s.run(['list']).stdout).toMatch(/in transaction/);
    await txn.commit();
  });

  test('a lease path: root is the sub path and the transaction names it', async () => {
    s = makeStandinRepo();
    const p = parseTarget(`cvmfs:${s.repo}/sub/dir`);
    expect(p.root).toBe(join(s.mountRoot, s.repo, 'sub/dir'));
    expect(p.describe()).toBe(`cvmfs:${s.repo}/sub/dir`);
    const txn = await p.begin();
    expect(readFileSync(join(s.spool, s.repo, 'in_transaction.lock'), 'utf8')).toBe('/sub/dir\n');
    writeFileAtomic(join(txn.root, 'f'), 'in the lease');
    await txn.commit();
    expect(readFileSync(join(p.root, 'f'), 'utf8')).toBe('in the lease');
  });

  test('a missing cvmfs_server is a PublishError that says how to configure it', async () => {
    s = makeStandinRepo();
    const p = parseTarget(`cvmfs:${s.repo}`, { cvmfsServer: '/nonexistent/cvmfs_server' });
    await expect(p.begin()).rejects.toThrow(/not found \(set CVMFS_UNPACK_CVMFS_SERVER\)/);
  });
});
