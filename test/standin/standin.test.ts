/**
 * The STAND-IN cvmfs_server itself: it must follow the real command's
 * transaction rules (DESIGN.md section 5), or the cvmfs target's tests prove
 * nothing.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStandinRepo, type StandinRepo } from '../publish/standin.ts';

let s: StandinRepo;
afterEach(() => s?.remove());
const mnt = () => join(s.mountRoot, s.repo);

describe('stand-in cvmfs_server: transaction rules', () => {
  test('exit codes and messages of the table', () => {
    s = makeStandinRepo();
    const R = s.repo;
    expect(s.run(['publish', R])).toMatchObject({ status: 1, stderr: `Repository ${R} is not in a transaction\n` });
    expect(s.run(['abort', '-f', R]).status).toBe(22);
    expect(s.run(['list']).stdout).toBe(`${R} (stratum0 / local)\n`);
    expect(s.run(['transaction', R])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(existsSync(join(s.spool, R, 'in_transaction.lock'))).toBe(true);
    expect(s.run(['list']).stdout).toBe(`${R} (stratum0 / local - in transaction)\n`);
    const again = s.run(['transaction', R]);
    expect(again.status).toBe(17);
    expect(again.stderr).toMatch(/another transaction is already open/);
    expect(s.run(['transaction', '-t', '1', R]).status).toBe(17);
    expect(s.run(['ingest', '-t', '-', '-b', 'x', R]).status).toBe(1);
    writeFileSync(join(mnt(), 'f'), 'v1');
    const pub = s.run(['publish', R]);
    expect(pub.status).toBe(0);
    expect(pub.stdout).not.toBe('');
    expect(readFileSync(join(mnt(), 'f'), 'utf8')).toBe('v1');
    expect(s.run(['list']).stdout).toBe(`${R} (stratum0 / local)\n`);
  });

  test('the mount is read-only outside a transaction, writable inside', () => {
    s = makeStandinRepo();
    expect(() => writeFileSync(join(mnt(), 'x'), 'x')).toThrow(/EROFS/);
    s.run(['transaction', s.repo]);
    writeFileSync(join(mnt(), 'x'), 'x');
    s.run(['publish', s.repo]);
    expect(() => writeFileSync(join(mnt(), 'x'), 'y')).toThrow(/EROFS/);
    expect(() => rmSync(join(mnt(), 'x'))).toThrow(/EROFS|Read-only file system/);
    expect(readFileSync(join(mnt(), 'x'), 'utf8')).toBe('x');
  });

  test('abort discards the scratch; without -f it asks y/N on stdin', () => {
    s = makeStandinRepo();
    s.run(['transaction', s.repo]);
    writeFileSync(join(mnt(), 'gone'), 'g');
    const no = s.run(['abort', s.repo], 'n\n');
    expect(no.status).not.toBe(0);
    expect(no.stdout).toMatch(/\[y\/N\]/);
    expect(s.run(['list']).stdout).toMatch(/in transaction/);
    expect(s.run(['abort', s.repo], 'y\n').status).toBe(0);
    expect(existsSync(join(mnt(), 'gone'))).toBe(false);
    expect(s.run(['list']).stdout).not.toMatch(/in transaction/);
  });

  test('publish refuses while a file under the mount is held open (exit 1, report); -f publishes anyway', () => {
    s = makeStandinRepo();
    s.run(['transaction', s.repo]);
    writeFileSync(join(mnt(), 'held'), 'h');
    const fd = openSync(join(mnt(), 'held'), 'r');
    try {
      const r = s.run(['publish', s.repo]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Open file descriptors/);
      expect(r.stderr).toContain(join(mnt(), 'held'));
      expect(s.run(['list']).stdout).toMatch(/in transaction/);
    } finally {
      closeSync(fd);
    }
    expect(s.run(['publish', s.repo]).status).toBe(0);
  });

  test('fault injection: CVMFS_STANDIN_FAIL_PUBLISH=1 fails publish and keeps the transaction open', () => {
    s = makeStandinRepo();
    s.run(['transaction', s.repo]);
    const r = spawnSync(join(import.meta.dirname, 'cvmfs_server'), ['publish', s.repo], { encoding: 'utf8', env: { ...process.env, ...s.env, CVMFS_STANDIN_FAIL_PUBLISH: '1' } });
    expect(r.status).toBe(1);
    expect(s.run(['list']).stdout).toMatch(/in transaction/);
    expect(s.run(['abort', '-f', s.repo]).status).toBe(0);
  });

  test('transaction -T SRC=DST clones a published tree; exit 22 if SRC is missing, DST exists or its parent does not', () => {
    s = makeStandinRepo();
    s.run(['transaction', s.repo]);
    mkdirSync(join(mnt(), 'layer/fs'), { recursive: true });
    writeFileSync(join(mnt(), 'layer/fs/a'), 'a');
    s.run(['publish', s.repo]);
    // As the real cvmfs_server 2.12: "destination ... not on a known path".
    const unknownParent = s.run(['transaction', '-T', '/layer/fs=/flat/ab/x', s.repo]);
    expect(unknownParent.status).toBe(22);
    expect(unknownParent.stderr).toMatch(/not on a known path/);
    s.run(['transaction', s.repo]);
    mkdirSync(join(mnt(), 'flat/ab'), { recursive: true });
    s.run(['publish', s.repo]);
    expect(s.run(['transaction', '-T', '/layer/fs=/layer/fs/inside', s.repo]).status).toBe(22);
    expect(s.run(['transaction', '-T', '/layer/fs=/flat/ab/x', s.repo]).status).toBe(0);
    expect(readFileSync(join(mnt(), 'flat/ab/x/a'), 'utf8')).toBe('a');
    s.run(['publish', s.repo]);
    expect(s.run(['transaction', '-T', '/layer/fs=/flat/ab/x', s.repo]).status).toBe(22);
    expect(s.run(['transaction', '-T', '/nope=/new', s.repo]).status).toBe(22);
    expect(s.run(['list']).stdout).not.toMatch(/in transaction/);
  });

  test('ingest: tar from stdin into DIR in its own transaction, whiteouts literal, .cvmfscatalog made', () => {
    s = makeStandinRepo();
    const src = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-ingest-'));
    try {
      mkdirSync(join(src, 'etc'));
      writeFileSync(join(src, 'etc/.wh.passwd'), '');
      writeFileSync(join(src, 'hello'), 'hi');
      const tar = spawnSync('tar', ['-C', src, '-cf', '-', '.']);
      const r = spawnSync(join(import.meta.dirname, 'cvmfs_server'), ['ingest', '--catalog', '-t', '-', '-b', '.layers/ab/abc/layerfs', s.repo], {
        input: tar.stdout,
        env: { ...process.env, ...s.env },
      });
      expect(r.status).toBe(0);
      const base = join(mnt(), '.layers/ab/abc/layerfs');
      expect(readFileSync(join(base, 'hello'), 'utf8')).toBe('hi');
      expect(existsSync(join(base, 'etc/.wh.passwd'))).toBe(true);
      expect(existsSync(join(base, '.cvmfscatalog'))).toBe(true);
      expect(s.run(['list']).stdout).not.toMatch(/in transaction/);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  // Checked on the real cvmfs_server 2.12 (overlayfs union), docs/cvmfs.md "Whiteouts".
  test('publish takes a .wh.NAME written in the transaction for a whiteout: NAME goes, the marker is never published', () => {
    s = makeStandinRepo();
    s.run(['transaction', s.repo]);
    mkdirSync(join(mnt(), 'etc'));
    writeFileSync(join(mnt(), 'etc/doomed'), 'd');
    writeFileSync(join(mnt(), 'etc/kept'), 'k');
    s.run(['publish', s.repo]);
    s.run(['transaction', s.repo]);
    writeFileSync(join(mnt(), 'etc/.wh.doomed'), '');
    mkdirSync(join(mnt(), 'new'));
    writeFileSync(join(mnt(), 'new/.wh.nothing'), '');
    writeFileSync(join(mnt(), 'new/.wh..wh..opq'), '');
    const r = s.run(['publish', s.repo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("[WARNING] 'new/nothing' should be deleted, but was not found in repository.");
    expect(r.stdout).toContain("[WARNING] 'new/.wh..opq' should be deleted, but was not found in repository.");
    expect(existsSync(join(mnt(), 'etc/doomed'))).toBe(false);
    expect(existsSync(join(mnt(), 'etc/.wh.doomed'))).toBe(false);
    expect(existsSync(join(mnt(), 'etc/kept'))).toBe(true);
    expect(readdirSync(join(mnt(), 'new'))).toEqual([]);
  });

  test('ingest keeps .wh.* files and char 0:0 devices; removing such a file in a transaction fails the publish; ingest --delete works (split at ":")', () => {
    s = makeStandinRepo();
    const src = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-ingest-'));
    try {
      mkdirSync(join(src, 'l/etc'), { recursive: true });
      writeFileSync(join(src, 'l/etc/.wh.passwd'), '');
      expect(spawnSync('mknod', [join(src, 'l/etc/doomed'), 'c', '0', '0']).status).toBe(0);
      const tar = spawnSync('tar', ['-C', src, '-cf', '-', 'l/etc/.wh.passwd', 'l/etc/doomed']);
      const ingest = (args: string[], input?: Buffer) => spawnSync(join(import.meta.dirname, 'cvmfs_server'), ['ingest', ...args, s.repo], { input, env: { ...process.env, ...s.env } });
      // Checked on the real one: ingest leaves the metadata of directories that exist alone.
      s.run(['transaction', s.repo]);
      mkdirSync(join(mnt(), 'l/etc'), { recursive: true });
      utimesSync(join(mnt(), 'l/etc'), 1_000_000, 1_000_000);
      expect(s.run(['publish', s.repo]).status).toBe(0);
      expect(ingest(['-t', '-', '-b', '/'], tar.stdout).status).toBe(0);
      expect(lstatSync(join(mnt(), 'l/etc')).mtimeMs).toBe(1_000_000_000);
      expect(existsSync(join(mnt(), 'l/etc/.wh.passwd'))).toBe(true);
      expect(lstatSync(join(mnt(), 'l/etc/doomed')).isCharacterDevice()).toBe(true);
      // An unrelated transaction leaves the ingested literal marker alone.
      s.run(['transaction', s.repo]);
      writeFileSync(join(mnt(), 'other'), 'o');
      expect(s.run(['publish', s.repo]).status).toBe(0);
      expect(existsSync(join(mnt(), 'l/etc/.wh.passwd'))).toBe(true);
      s.run(['transaction', s.repo]);
      rmSync(join(mnt(), 'l'), { recursive: true });
      const failed = s.run(['publish', s.repo]);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toMatch(/Synchronization failed/);
      expect(failed.stdout).toContain("[WARNING] 'l/etc/passwd' should be deleted");
      expect(s.run(['list']).stdout).toMatch(/in transaction/);
      expect(s.run(['abort', '-f', s.repo]).status).toBe(0);
      expect(ingest(['--delete', 'l:other']).status).toBe(0);
      expect(existsSync(join(mnt(), 'l'))).toBe(false);
      expect(existsSync(join(mnt(), 'other'))).toBe(false);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
