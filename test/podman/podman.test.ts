// The podman store (src/podman) with the REAL podman 4.3 + fuse-overlayfs + runc:
// `podman images` lists what was published, `podman run` starts it without a pull,
// whiteouts and opaque directories of upper layers hide what they should,
// on a dir target and on the stand-in cvmfs repository's read-only mount.
import { readFileSync, readlinkSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar, type ImageSpec, type TarEntry } from '../helpers/images.ts';
import { BUSYBOX } from '../repo/rootfs.ts';
import { podmanWithStore } from '../helpers/podman.ts';
import { makeStandinRepo } from '../publish/standin.ts';
import { snapshot } from '../publish/contract.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

let registry: StartedRegistry;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) c();
  await registry?.stop();
});

/** Three layers: busybox + files; whiteouts + an opaque dir + the top file; one more file. */
async function layeredImage(label: string): Promise<ImageSpec> {
  const applets = ['sh', 'cat', 'ls', 'test', 'echo'];
  const base: TarEntry[] = [
    { name: 'bin/', type: 'directory' },
    { name: 'bin/busybox', content: readFileSync(BUSYBOX), mode: 0o755 },
    ...applets.map((a): TarEntry => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc/', type: 'directory' },
    { name: 'etc/gone.txt', content: 'must be hidden\n' },
    { name: 'etc/kept.txt', content: 'kept\n' },
    { name: 'opt/', type: 'directory' },
    { name: 'opt/dir/', type: 'directory' },
    { name: 'opt/dir/old.txt', content: 'old\n' },
    { name: 'opt/dir/sub/', type: 'directory' },
    { name: 'opt/dir/sub/older.txt', content: 'older\n' },
  ];
  const upper: TarEntry[] = [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/.wh.gone.txt', content: '' },
    { name: 'opt/', type: 'directory' },
    { name: 'opt/dir/', type: 'directory' },
    { name: 'opt/dir/.wh..wh..opq', content: '' },
    { name: 'opt/dir/new.txt', content: 'new\n' },
    { name: 'top.txt', content: `${label}\n` },
  ];
  const third: TarEntry[] = [{ name: 'etc/', type: 'directory' }, { name: 'etc/third.txt', content: 'third\n' }];
  return {
    layers: [{ tar: await makeTar(base) }, { tar: await makeTar(upper) }, { tar: await makeTar(third) }],
    config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] },
  };
}

const SCRIPT = 'cat /top.txt; cat /etc/kept.txt /etc/third.txt; test -e /etc/gone.txt && echo GONE-VISIBLE; ls /opt/dir';

function expectRuns(store: string, name: string, label: string) {
  const podman = podmanWithStore(store);
  cleanups.push(() => podman.cleanup());
  const images = podman.run(['images', '--format', '{{.Repository}}:{{.Tag}}']);
  expect(images.stderr).toBe('');
  expect(images.stdout.split('\n')).toContain(name);
  const run = podman.run(['run', '--rm', '--pull=never', name, '/bin/sh', '-c', SCRIPT]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  // The top layer's file, the lower layers' kept files; the whited-out file and
  // the opaque dir's old content are hidden.
  expect(run.stdout).toBe(`${label}\nkept\nthird\nnew.txt\n`);
}

describe('podman runs published images from the podmanStore', () => {
  test('dir target', async () => {
    const pushed = await buildAndPush(registry.host, 'pod/layered:1', await layeredImage('dir target'));
    const target = mkdtempSync(join(tmpdir(), 'podman-target-'));
    cleanups.push(() => rmSync(target, { recursive: true, force: true }));
    const r = await runCli(['sync', registry.ref('pod/layered:1'), '--target', `dir:${target}`]);
    expect(r.stderr).not.toMatch(/failed:|level=warn/);
    expect(r.code).toBe(0);
    const store = join(target, 'podmanStore');
    // Layer content is never copied: each layer's diff is a link to its layerfs.
    const layerDirs = readdirSync(join(store, 'overlay')).filter((n) => n !== 'l' && !n.startsWith('.'));
    expect(layerDirs).toHaveLength(3);
    const targets = layerDirs.map((d) => resolve(join(store, 'overlay', d), readlinkSync(join(store, 'overlay', d, 'diff'))));
    expect(targets.sort()).toEqual(pushed.layerDigests.map((d) => join(target, '.layers', d.slice(7, 9), d.slice(7), 'layerfs')).sort());
    const before = snapshot(store);
    expectRuns(store, `${registry.host}/pod/layered:1`, 'dir target');
    // podman wrote nothing into the store (its container layers are in its own graphroot).
    expect(snapshot(store)).toEqual(before);
  });

  test('cvmfs target (stand-in): the store on a read-only mount', async () => {
    const s = makeStandinRepo();
    cleanups.push(() => s.remove());
    await buildAndPush(registry.host, 'pod/layered:2', await layeredImage('cvmfs target'));
    const r = await runCli(['sync', registry.ref('pod/layered:2'), '--target', `cvmfs:${s.repo}`], s.env);
    expect(r.stderr).not.toMatch(/failed:|level=warn/);
    expect(r.code).toBe(0);
    const root = join(s.mountRoot, s.repo);
    expect(existsSync(join(root, 'podmanStore', '.cvmfscatalog'))).toBe(true);
    expectRuns(join(root, 'podmanStore'), `${registry.host}/pod/layered:2`, 'cvmfs target');
    expect(s.run(['list']).stdout).toBe(`${s.repo} (stratum0 / local)\n`);
  });
});
