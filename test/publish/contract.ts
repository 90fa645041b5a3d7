/**
 * ONE contract for every Publisher (STYLE #2): the dir and the cvmfs target
 * (against the stand-in cvmfs_server) both run it.
 */
import { describe, expect, test, beforeEach, afterEach } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublishError, tempDirIn, type Publisher } from '../../src/publish/index.ts';
import { renameIntoPlace, replaceSymlink, writeFileAtomic } from '../../src/repo/index.ts';

export interface PublisherFixture {
  /** The target spec (`dir:…`, `cvmfs:…`) a child process can open. */
  spec: string;
  /** A fresh Publisher on the target (each call: a new object, as another process would have). */
  make(): Publisher;
  /** Environment a child process needs to reach the same target. */
  env: NodeJS.ProcessEnv;
  /** Whether writing outside a transaction must fail (cvmfs: the mount is read-only). */
  readOnlyOutside: boolean;
  cleanup(): Promise<void>;
}

/** A tree as data: path → type, mode, content hash or link target. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      const rel = relative(root, p);
      if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${(st.mode & 0o7777).toString(8)}`;
        walk(p);
      } else out[rel] = `file ${(st.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(root);
  delete out['.cvmfs-unpack.lock'];
  return out;
}

/** Writes a small repository-like state in one transaction. */
async function writeBaseline(p: Publisher): Promise<void> {
  const txn = await p.begin();
  writeFileAtomic(join(txn.root, 'data/file.txt'), 'baseline\n');
  const tmp = tempDirIn(txn, join(txn.root, '.flat/ab'), 'flat');
  writeFileSync(join(tmp, 'f'), 'flat content');
  renameIntoPlace(tmp, join(txn.root, '.flat/ab/one'));
  replaceSymlink(join(txn.root, 'reg/repo:tag'), '../.flat/ab/one');
  await txn.commit();
}

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** Starts a process that opens a transaction, writes, and is then killed with SIGKILL. */
async function crashMidTransaction(fx: PublisherFixture): Promise<void> {
  const child = spawn(process.execPath, [CHILD, fx.spec], { env: { ...process.env, ...fx.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`the crash child exited early (${code}): ${err}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export function describePublisherContract(name: string, makeFixture: () => Promise<PublisherFixture>): void {
  describe(`Publisher contract: ${name}`, () => {
    let fx: PublisherFixture;
    beforeEach(async () => {
      fx = await makeFixture();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    test('commit makes what was written visible, without temporary entries', async () => {
      const p = fx.make();
      await writeBaseline(p);
      expect(readFileSync(join(p.root, 'data/file.txt'), 'utf8')).toBe('baseline\n');
      expect(readFileSync(join(p.root, 'reg/repo:tag/f'), 'utf8')).toBe('flat content');
      expect(Object.keys(snapshot(p.root)).filter((k) => k.includes('.tmp-'))).toEqual([]);
    });

    test('abort leaves the previous state intact, byte for byte', async () => {
      const p = fx.make();
      await writeBaseline(p);
      const before = snapshot(p.root);
      const txn = await p.begin();
      writeFileAtomic(join(txn.root, 'data/file.txt'), 'changed\n');
      writeFileAtomic(join(txn.root, 'data/new.txt'), 'new\n');
      replaceSymlink(join(txn.root, 'reg/repo:tag'), '../elsewhere');
      const tmp = tempDirIn(txn, join(txn.root, '.flat/ab'), 'flat');
      renameIntoPlace(tmp, join(txn.root, '.flat/ab/two'));
      tempDirIn(txn, join(txn.root, '.layers/xy'), 'layer');
      expect(readFileSync(join(txn.root, 'data/file.txt'), 'utf8')).toBe('changed\n');
      await txn.abort(new Error('test abort'));
      expect(snapshot(p.root)).toEqual(before);
    });

    test('recover() after a writer was killed mid-transaction restores a usable previous state', async () => {
      const p = fx.make();
      await writeBaseline(p);
      const before = snapshot(p.root);
      await crashMidTransaction(fx);
      const q = fx.make();
      await q.recover();
      expect(snapshot(q.root)).toEqual(before);
      // Usable: a new transaction opens and commits.
      const txn = await q.begin();
      writeFileAtomic(join(txn.root, 'data/after.txt'), 'after\n');
      await txn.commit();
      expect(readFileSync(join(q.root, 'data/after.txt'), 'utf8')).toBe('after\n');
    });

    test('two concurrent begin() serialise: the second opens only after the first commits', async () => {
      const a = fx.make();
      const b = fx.make();
      const events: string[] = [];
      const t1 = await a.begin();
      const second = b.begin().then((t) => {
        events.push('second open');
        return t;
      });
      writeFileAtomic(join(t1.root, 'data/first.txt'), '1\n');
      await new Promise((r) => setTimeout(r, 300)); // let the second one try (and wait)
      events.push('first commit');
      await t1.commit();
      const t2 = await second;
      expect(events).toEqual(['first commit', 'second open']);
      expect(readFileSync(join(t2.root, 'data/first.txt'), 'utf8')).toBe('1\n');
      await t2.abort();
    });

    test('a closed transaction refuses further use; abort twice is harmless', async () => {
      const p = fx.make();
      const txn = await p.begin();
      await txn.commit();
      await expect(txn.commit()).rejects.toBeInstanceOf(PublishError);
      expect(() => tempDirIn(txn, join(p.root, 'x'))).toThrow(PublishError);
      await txn.abort();
    });

    test('writes outside a transaction: fail on cvmfs (read-only mount); a plain dir cannot stop them', async () => {
      const p = fx.make();
      await writeBaseline(p);
      const write = () => writeFileSync(join(p.root, 'data/outside.txt'), 'x');
      const mkdir = () => mkdirSync(join(p.root, 'outside'));
      if (fx.readOnlyOutside) {
        expect(write).toThrow(/EROFS/);
        expect(mkdir).toThrow(/EROFS/);
        expect(snapshot(p.root)['data/outside.txt']).toBeUndefined();
      } else {
        write();
        expect(readFileSync(join(p.root, 'data/outside.txt'), 'utf8')).toBe('x');
      }
    });
  });
}
