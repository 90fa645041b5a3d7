// `cvmfs-unpack sync --target cvmfs:REPO` against the STAND-IN cvmfs_server
// (test/standin/cvmfs_server: not CernVM-FS, it enforces the real command's
// transaction rules and a read-only mount outside a transaction).
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar, simpleImage, writeOciLayout, type LayerSpec } from '../helpers/images.ts';
import { compareTrees } from '../helpers/tree-compare.ts';
import { STANDIN, makeStandinRepo, type StandinRepo } from '../publish/standin.ts';
import { snapshot } from '../publish/contract.ts';

let registry: StartedRegistry;
let s: StandinRepo | undefined;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});
afterEach(() => {
  s?.remove();
  s = undefined;
});

const cli = (env: Record<string, string>, ...argv: string[]) => runCli(argv, env);

describe('sync into a cvmfs target (stand-in cvmfs_server)', () => {
  test('publishes; the mount is read-only again afterwards', async () => {
    s = makeStandinRepo();
    const pushed = await buildAndPush(registry.host, 'cv/app:1', await simpleImage('on cvmfs'));
    await buildAndPush(registry.host, 'cv/two:1', await simpleImage('second'));
    const r = await cli(s.env, 'sync', registry.ref('cv/app:1'), registry.ref('cv/two:1'), '--target', `cvmfs:${s.repo}`);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    const root = join(s.mountRoot, s.repo);
    const cfg = pushed.configDigest.slice(7);
    expect(readlinkSync(join(root, registry.host, 'cv', 'app:1'))).toBe(`../../.flat/${cfg.slice(0, 2)}/${cfg}`);
    expect(readFileSync(join(root, registry.host, 'cv', 'app:1', 'etc', 'hello.txt'), 'utf8')).toBe('on cvmfs\n');
    expect(s.run(['list']).stdout).toBe(`${s.repo} (stratum0 / local)\n`);
    expect(readFileSync(join(root, '.layers', '.cvmfscatalog'), 'utf8')).toBe('');
    // Outside a transaction the stand-in's mount refuses writes, as CVMFS does.
    expect(() => writeFileSync(join(root, 'stray'), 'x')).toThrow(/EROFS|read-only/);
  });

  test('a failing publish aborts: the repository is unchanged and every image fails with the cause', async () => {
    s = makeStandinRepo();
    await buildAndPush(registry.host, 'cv/keep:1', await simpleImage('kept'));
    expect((await cli(s.env, 'sync', registry.ref('cv/keep:1'), '--target', `cvmfs:${s.repo}`)).code).toBe(0);
    const root = join(s.mountRoot, s.repo);
    const before = snapshot(root);
    await buildAndPush(registry.host, 'cv/new:1', await simpleImage('new'));
    // cvmfs_server runs with this process's environment: the fault is injected there.
    process.env.CVMFS_STANDIN_FAIL_PUBLISH = '1';
    const r = await cli(s.env, 'sync', registry.ref('cv/new:1'), '--target', `cvmfs:${s.repo}`).finally(() => delete process.env.CVMFS_STANDIN_FAIL_PUBLISH);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed: .*cv\/new:1: publishing cvmfs:.*publish failed/);
    expect(snapshot(root)).toEqual(before);
    expect(s.run(['list']).stdout).not.toMatch(/in transaction/);
  });

  test('a transaction left open by a crash is aborted before the next sync', async () => {
    s = makeStandinRepo();
    expect(s.run(['transaction', s.repo]).status).toBe(0);
    expect(s.run(['list']).stdout).toMatch(/in transaction/);
    await buildAndPush(registry.host, 'cv/after-crash:1', await simpleImage('after crash'));
    const r = await cli(s.env, 'sync', registry.ref('cv/after-crash:1'), '--target', `cvmfs:${s.repo}`);
    expect(r.code).toBe(0);
    expect(existsSync(join(s.mountRoot, s.repo, registry.host, 'cv', 'after-crash:1', 'etc', 'hello.txt'))).toBe(true);
    expect(s.run(['list']).stdout).not.toMatch(/in transaction/);
  });
});

describe('multi-architecture', () => {
  test('each platform under .multiarch/, the first one behind the public link', async () => {
    s = makeStandinRepo();
    const amd = await simpleImage('amd64', { architecture: 'amd64' });
    const arm = await simpleImage('arm64', { architecture: 'arm64', variant: 'v8' });
    const pushed = await buildAndPush(registry.host, 'multi/app:1', { index: [amd, arm], attestations: true });
    const r = await cli(s.env, 'sync', registry.ref('multi/app:1'), '--platform', 'linux/amd64', '--platform', 'linux/arm64/v8', '--target', `cvmfs:${s.repo}`, '--json');
    expect(r.code).toBe(0);
    const root = join(s.mountRoot, s.repo);
    const name = join(registry.host, 'multi', 'app:1');
    expect(readFileSync(join(root, name, 'etc', 'hello.txt'), 'utf8')).toBe('amd64\n');
    expect(readFileSync(join(root, '.multiarch', 'amd64', name, 'etc', 'hello.txt'), 'utf8')).toBe('amd64\n');
    expect(readFileSync(join(root, '.multiarch', 'arm64:v8', name, 'etc', 'hello.txt'), 'utf8')).toBe('arm64\n');
    expect(existsSync(join(root, '.metadata', '.multiarch', 'arm64:v8', name, 'manifest.json'))).toBe(true);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((x) => x.platform)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(results.every((x) => pushed.images.some((i) => i.manifestDigest === x.digest))).toBe(true);
    // The no-op check holds per platform.
    const again = await cli(s.env, 'sync', registry.ref('multi/app:1'), '--platform', 'linux/amd64', '--platform', 'linux/arm64/v8', '--target', `cvmfs:${s.repo}`, '--json');
    expect(again.stdout.trim().split('\n').map((l) => JSON.parse(l).status)).toEqual(['unchanged', 'unchanged']);
  });
});

describe('flat trees as clones of the bottom layer (stand-in cvmfs_server)', () => {
  /** A cvmfs_server that records its arguments, then runs the stand-in. */
  function recordingServer(): { env: Record<string, string>; calls: () => string[]; remove: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'cvmfs-server-log-'));
    const log = join(dir, 'calls');
    const wrapper = join(dir, 'cvmfs_server');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${STANDIN}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    return {
      env: { CVMFS_UNPACK_CVMFS_SERVER: wrapper },
      calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  test('layers are published first, then the flat tree starts as a clone and equals the one a dir target builds', async () => {
    s = makeStandinRepo();
    const server = recordingServer();
    const previous = process.env.CVMFS_UNPACK_CVMFS_SERVER;
    process.env.CVMFS_UNPACK_CVMFS_SERVER = server.env.CVMFS_UNPACK_CVMFS_SERVER;
    const dirTarget = mkdtempSync(join(tmpdir(), 'clone-ref-'));
    try {
      const bottom = await makeTar([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/os', content: 'base\n' },
        { name: 'bin/', type: 'directory' },
        { name: 'bin/tool', content: 'v1', mode: 0o755 },
        { name: 'bin/same', type: 'link', linkname: 'bin/tool' },
      ]);
      const upper = await makeTar([
        { name: 'etc/.wh.os', content: '' },
        { name: 'bin/tool', content: 'v2', mode: 0o4755 },
        { name: 'bin/alias', type: 'link', linkname: 'bin/same' },
      ]);
      const pushed = await buildAndPush(registry.host, 'clone/app:1', { layers: [{ tar: bottom }, { tar: upper, compression: 'zstd' }], config: { Env: ['A=1'] } });
      const r = await cli({ ...s.env, ...server.env }, 'sync', registry.ref('clone/app:1'), '--target', `cvmfs:${s.repo}`);
      expect(r.stderr).not.toMatch(/failed/);
      expect(r.code).toBe(0);
      const hex = (d: string) => d.slice(7);
      const b = hex(pushed.layerDigests[0]!);
      const c = hex(pushed.configDigest);
      const transactions = server.calls().filter((l) => l.startsWith('transaction'));
      expect(transactions).toHaveLength(2);
      expect(transactions[1]).toContain(`-T /.layers/${b.slice(0, 2)}/${b}/layerfs=/.flat/${c.slice(0, 2)}/${c}`);

      expect((await runCli(['sync', registry.ref('clone/app:1'), '--target', `dir:${dirTarget}`])).code).toBe(0);
      const flatOf = (root: string) => realpathSync(join(root, registry.host, 'clone', 'app:1'));
      expect(compareTrees(flatOf(dirTarget), flatOf(join(s.mountRoot, s.repo)))).toEqual([]);
      expect(existsSync(join(flatOf(join(s.mountRoot, s.repo)), 'etc', 'os'))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.CVMFS_UNPACK_CVMFS_SERVER;
      else process.env.CVMFS_UNPACK_CVMFS_SERVER = previous;
      server.remove();
      rmSync(dirTarget, { recursive: true, force: true });
    }
  });

  test('a bottom layer with whiteout files is not cloned (they would be literal in the flat tree)', async () => {
    s = makeStandinRepo();
    const server = recordingServer();
    const previous = process.env.CVMFS_UNPACK_CVMFS_SERVER;
    process.env.CVMFS_UNPACK_CVMFS_SERVER = server.env.CVMFS_UNPACK_CVMFS_SERVER;
    try {
      const bottom = await makeTar([{ name: 'a', content: 'a' }, { name: '.wh.ghost', content: '' }]);
      await buildAndPush(registry.host, 'clone/wh:1', { layers: [{ tar: bottom }] });
      const r = await cli({ ...s.env, ...server.env }, 'sync', registry.ref('clone/wh:1'), '--target', `cvmfs:${s.repo}`);
      expect(r.code).toBe(0);
      expect(server.calls().filter((l) => l.startsWith('transaction')).every((l) => !l.includes('-T'))).toBe(true);
      const flat = join(s.mountRoot, s.repo, registry.host, 'clone', 'wh:1');
      expect(readFileSync(join(flat, 'a'), 'utf8')).toBe('a');
      expect(existsSync(join(flat, '.wh.ghost'))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.CVMFS_UNPACK_CVMFS_SERVER;
      else process.env.CVMFS_UNPACK_CVMFS_SERVER = previous;
      server.remove();
    }
  });
});

/** Paths the Apptainer step adds where the image has none (left out of a comparison with umoci). */
const APPTAINER = ['.singularity.d', 'singularity', 'environment', '.cvmfscatalog', 'cvmfs', 'srv', 'etc/hosts', 'etc/resolv.conf', 'dev', 'proc', 'sys', 'tmp', 'var', 'home', 'root', 'etc'];

/** `umoci raw unpack` of the same layers (gzip: umoci 0.4 reads no zstd). */
async function umociOf(layers: LayerSpec[]): Promise<{ rootfs: string; remove: () => void }> {
  const work = mkdtempSync(join(tmpdir(), 'cvmfs-umoci-'));
  await writeOciLayout(join(work, 'layout'), 'img', { layers: layers.map((l) => ({ tar: l.tar, compression: 'gzip' as const })) });
  execFileSync('umoci', ['raw', 'unpack', '--image', `${join(work, 'layout')}:img`, join(work, 'rootfs')], { stdio: 'pipe' });
  return { rootfs: join(work, 'rootfs'), remove: () => rmSync(work, { recursive: true, force: true }) };
}

function equalsUmoci(flat: string, reference: string): string[] {
  const added = (p: string) => APPTAINER.some((a) => p === a || p.startsWith(`${a}/`)) && !existsSync(join(reference, p));
  return compareTrees(reference, flat, { ignore: added });
}

describe('whiteouts on a cvmfs target (stand-in with the real publish rule for .wh.* names)', () => {
  test('file, opaque-dir and dir whiteouts: the flat tree equals umoci; layer dirs keep them as char 0:0 / literal opaque marker', async () => {
    s = makeStandinRepo();
    const base = await makeTar([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/doomed', content: 'doomed\n' },
      { name: 'etc/keep', content: 'keep\n' },
      { name: 'opq/', type: 'directory' },
      { name: 'opq/old', content: 'old\n' },
      { name: 'opq/sub/', type: 'directory' },
      { name: 'opq/sub/x', content: 'x' },
      { name: 'gone/', type: 'directory' },
      { name: 'gone/a', content: 'a' },
      { name: 'gone/deep/', type: 'directory' },
      { name: 'gone/deep/b', content: 'b' },
    ]);
    const middle = await makeTar([
      { name: 'etc/.wh.doomed', content: '' },
      { name: 'opq/', type: 'directory' },
      { name: 'opq/.wh..wh..opq', content: '' },
      { name: 'opq/new', content: 'new\n' },
      { name: '.wh.gone', content: '' },
    ]);
    const top = await makeTar([{ name: 'etc/.wh.keep', content: '' }, { name: 'gone/', type: 'directory' }, { name: 'gone/again', content: 'again' }]);
    const layers: LayerSpec[] = [{ tar: base }, { tar: middle }, { tar: top }];
    const pushed = await buildAndPush(registry.host, 'wh/app:1', { layers });
    const ref = await umociOf(layers);
    try {
      const r = await cli(s.env, 'sync', registry.ref('wh/app:1'), '--target', `cvmfs:${s.repo}`);
      expect(r.stderr).not.toMatch(/failed/);
      expect(r.code).toBe(0);
      const root = join(s.mountRoot, s.repo);
      const flat = realpathSync(join(root, registry.host, 'wh', 'app:1'));
      expect(equalsUmoci(flat, ref.rootfs)).toEqual([]);
      expect(existsSync(join(flat, 'etc/doomed'))).toBe(false);
      expect(existsSync(join(flat, 'opq/old'))).toBe(false);
      expect(readFileSync(join(flat, 'gone/again'), 'utf8')).toBe('again');

      // The middle layer's dir: the publish dropped the .wh.* files; the ingest put the overlay form in.
      const hex = pushed.layerDigests[1]!.slice(7);
      const layerfs = join(root, '.layers', hex.slice(0, 2), hex, 'layerfs');
      const dev = lstatSync(join(layerfs, 'etc/doomed'));
      expect(dev.isCharacterDevice() && dev.rdev === 0).toBe(true);
      expect(lstatSync(join(layerfs, 'gone')).isCharacterDevice()).toBe(true);
      expect(existsSync(join(layerfs, 'etc/.wh.doomed'))).toBe(false);
      expect(lstatSync(join(layerfs, 'opq/.wh..wh..opq')).isFile()).toBe(true);
      expect(readFileSync(join(layerfs, 'opq/new'), 'utf8')).toBe('new\n');
      expect(existsSync(join(root, '.layers', hex.slice(0, 2), hex, '.metadata/whiteouts.stored'))).toBe(true);
      // The bottom layer has no whiteouts: nothing stored for it.
      const b = pushed.layerDigests[0]!.slice(7);
      expect(existsSync(join(root, '.layers', b.slice(0, 2), b, '.metadata/whiteouts.stored'))).toBe(false);
    } finally {
      ref.remove();
    }
  });
});

describe('taking over a repository DUCC wrote (stand-in cvmfs_server)', () => {
  test('an image with DUCC\'s metadata only (manifest.json, no sync.json): ls lists it, sync publishes nothing, gc keeps it', async () => {
    s = makeStandinRepo();
    const pushed = await buildAndPush(registry.host, 'ducc/app:1', {
      layers: [{ tar: await makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/a', content: 'a' }]) }, { tar: await makeTar([{ name: 'etc/b', content: 'b' }]) }],
    });
    expect((await cli(s.env, 'sync', registry.ref('ducc/app:1'), '--target', `cvmfs:${s.repo}`)).code).toBe(0);
    // What cvmfs_ducc leaves: the same layout, manifest.json in its form, none of our own records.
    const root = join(s.mountRoot, s.repo);
    const meta = join(root, '.metadata', registry.host, 'ducc', 'app:1');
    s.run(['transaction', s.repo]);
    for (const f of ['sync.json', 'manifest.raw.json', 'config.json']) rmSync(join(meta, f), { force: true });
    expect(s.run(['publish', s.repo]).status).toBe(0);
    expect(existsSync(join(meta, 'manifest.json'))).toBe(true);

    const ls = await cli(s.env, 'ls', '--target', `cvmfs:${s.repo}`, '--json');
    expect(ls.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ name: `${registry.host}/ducc/app:1`, configDigest: pushed.configDigest, publishedBy: 'ducc' }),
    ]);
    const wrapper = join(mkdtempSync(join(tmpdir(), 'ducc-calls-')), 'cvmfs_server');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${wrapper}.log'\nexec '${STANDIN}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const previous = process.env.CVMFS_UNPACK_CVMFS_SERVER;
    process.env.CVMFS_UNPACK_CVMFS_SERVER = wrapper;
    try {
      const again = await cli({ ...s.env, CVMFS_UNPACK_CVMFS_SERVER: wrapper }, 'sync', registry.ref('ducc/app:1'), '--target', `cvmfs:${s.repo}`, '--json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'unchanged', configDigest: pushed.configDigest });
      expect(existsSync(`${wrapper}.log`) ? readFileSync(`${wrapper}.log`, 'utf8') : '').not.toMatch(/transaction|ingest/);
    } finally {
      if (previous === undefined) delete process.env.CVMFS_UNPACK_CVMFS_SERVER;
      else process.env.CVMFS_UNPACK_CVMFS_SERVER = previous;
    }
    const gc = await cli(s.env, 'gc', '--target', `cvmfs:${s.repo}`, '--grace-period', '0s', '--json');
    expect(JSON.parse(gc.stdout)).toMatchObject({ links: [], flats: [], layers: [], chains: [] });
  });
});
