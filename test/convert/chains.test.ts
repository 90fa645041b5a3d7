// Chains (issue 11): which trees a flat tree is built from on a cloning target, and
// that an update on the STAND-IN cvmfs_server writes only what changed.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chainIds, planTrees } from '../../src/convert/chains.ts';
import { chainDir } from '../../src/repo/index.ts';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar, writeOciLayout, type LayerSpec } from '../helpers/images.ts';
import { compareTrees } from '../helpers/tree-compare.ts';
import { STANDIN, makeStandinRepo, type StandinRepo } from '../publish/standin.ts';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

describe('chain IDs are DUCC\'s (docker-api/util.go GetChainIDs)', () => {
  test('sha256 of the first digest string, then of "<previous chain ID> <digest>"', () => {
    const ids = chainIds([D('a'), D('b'), D('c')]);
    expect(ids[0]).toBe(sha(D('a')));
    expect(ids[1]).toBe(sha(`${ids[0]} ${D('b')}`));
    expect(ids[2]).toBe(sha(`${ids[1]} ${D('c')}`));
    // A prefix has the same chain IDs whatever follows it.
    expect(chainIds([D('a'), D('b'), D('d')]).slice(0, 2)).toEqual(ids.slice(0, 2));
  });
});

describe('planTrees', () => {
  const L = [D('1'), D('2'), D('3'), D('4')];
  const ids = chainIds(L);
  const bottom = '.layers/11/1111/layerfs';
  const flat = '.flat/ff/ffff';
  const plan = (n: number, existing: string[], bottomClone: string | undefined) =>
    planTrees({ layers: L.slice(0, n), flat, bottomClone, exists: (rel) => existing.includes(rel) });

  test.each([
    ['flat present: nothing', 4, [flat], bottom, []],
    ['one layer: a clone of it', 1, [], bottom, [{ dst: flat, src: bottom, layers: [], flat: true }]],
    ['two layers: clone of the bottom + the top', 2, [], bottom, [{ dst: flat, src: bottom, layers: [1], flat: true }]],
    [
      'cold, four layers: the chain of three from the bottom, then the flat tree from it',
      4, [], bottom,
      [{ dst: chainDir(ids[2]!), src: bottom, layers: [1, 2], flat: false }, { dst: flat, src: chainDir(ids[2]!), layers: [3], flat: true }],
    ],
    ['update of the top layer: a clone of the kept chain + the new top', 4, [chainDir(ids[2]!)], bottom, [{ dst: flat, src: chainDir(ids[2]!), layers: [3], flat: true }]],
    ['a chain of all layers (DUCC wrote it): only the Apptainer files', 4, [chainDir(ids[3]!)], bottom, [{ dst: flat, src: chainDir(ids[3]!), layers: [], flat: true }]],
    [
      'a shorter chain is there: the kept chain starts from it',
      4, [chainDir(ids[1]!)], bottom,
      [{ dst: chainDir(ids[2]!), src: chainDir(ids[1]!), layers: [2], flat: false }, { dst: flat, src: chainDir(ids[2]!), layers: [3], flat: true }],
    ],
    [
      'bottom layer with whiteouts, nothing to clone: the chain is built from nothing',
      3, [], undefined,
      [{ dst: chainDir(ids[1]!), layers: [0, 1], flat: false }, { dst: flat, src: chainDir(ids[1]!), layers: [2], flat: true }],
    ],
    ['two layers, nothing to clone: the flat tree from nothing', 2, [], undefined, [{ dst: flat, layers: [0, 1], flat: true }]],
  ])('%s', (_name, n, existing, bottomClone, expected) => {
    expect(plan(n, existing, bottomClone)).toEqual(expected);
  });
});

describe('updates on a cvmfs target (stand-in cvmfs_server)', () => {
  let registry: StartedRegistry;
  let s: StandinRepo | undefined;
  let work: string;
  beforeAll(async () => {
    registry = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'chains-'));
  });
  afterAll(async () => {
    s?.remove();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** `umoci raw unpack` of an image of these layers. */
  async function umoci(name: string, layers: LayerSpec[]): Promise<string> {
    await writeOciLayout(join(work, `${name}-layout`), 'img', { layers: layers.map((l) => ({ tar: l.tar, compression: 'gzip' as const })) });
    execFileSync('umoci', ['raw', 'unpack', '--image', `${join(work, `${name}-layout`)}:img`, join(work, `${name}-rootfs`)], { stdio: 'pipe' });
    return join(work, `${name}-rootfs`);
  }
  const APPTAINER = ['.singularity.d', 'singularity', 'environment', '.cvmfscatalog', 'cvmfs', 'srv', 'etc/hosts', 'etc/resolv.conf', 'dev', 'proc', 'sys', 'tmp', 'var', 'home', 'root', 'etc'];
  const equalsUmoci = (tree: string, reference: string, apptainer: boolean) =>
    compareTrees(reference, tree, { ignore: (p) => p === '.cvmfscatalog' || (apptainer && APPTAINER.some((a) => p === a || p.startsWith(`${a}/`)) && !existsSync(join(reference, p))) });

  test('cold: the chain of all but the top layer is kept and equals umoci of that prefix; an update of the top layer is one transaction that clones it and fetches one layer', { timeout: 180_000 }, async () => {
    s = makeStandinRepo();
    const log = join(work, 'calls');
    const wrapper = join(work, 'cvmfs_server');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${STANDIN}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const env = { ...s.env, CVMFS_UNPACK_CVMFS_SERVER: wrapper };
    const previous = process.env.CVMFS_UNPACK_CVMFS_SERVER;
    process.env.CVMFS_UNPACK_CVMFS_SERVER = wrapper;
    const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    try {
      const lower: LayerSpec[] = [
        { tar: await makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/os', content: 'base\n' }, { name: 'etc/old', content: 'old\n' }, { name: 'bin/', type: 'directory' }, { name: 'bin/tool', content: 'v1' }]) },
        { tar: await makeTar([{ name: 'etc/.wh.old', content: '' }, { name: 'lib/', type: 'directory' }, { name: 'lib/a', content: 'a1' }]) },
        { tar: await makeTar([{ name: 'bin/tool', content: 'v2' }, { name: 'lib/b', content: 'b' }, { name: 'lib/c', type: 'link', linkname: 'lib/a' }]) },
      ];
      const top1: LayerSpec = { tar: await makeTar([{ name: 'app/', type: 'directory' }, { name: 'app/version', content: '1' }, { name: 'lib/.wh.b', content: '' }, { name: 'bin/', type: 'directory' }, { name: 'bin/.wh..wh..opq', content: '' }, { name: 'bin/new', content: 'n' }]) };
      const top2: LayerSpec = { tar: await makeTar([{ name: 'app/', type: 'directory' }, { name: 'app/version', content: '2' }, { name: '.wh.bin', content: '' }]) };
      const v1 = await buildAndPush(registry.host, 'chain/app:1', { layers: [...lower, top1] });
      const sync = async () => {
        const r = await runCli(['sync', registry.ref('chain/app:1'), '--target', `cvmfs:${s!.repo}`, '--json'], env);
        expect(r.stderr).not.toMatch(/"level":"error"/);
        expect(r.code).toBe(0);
        return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { status: string; timings: { layersFetched: number }; path: string };
      };
      const root = join(s.mountRoot, s.repo);
      const cold = await sync();
      expect(cold.timings.layersFetched).toBe(4);
      const ids = chainIds(v1.layerDigests);
      const chain = join(root, chainDir(ids[2]!));
      expect(equalsUmoci(chain, await umoci('prefix3', lower), false)).toEqual([]);
      expect(equalsUmoci(realpathSync(cold.path), await umoci('v1', [...lower, top1]), true)).toEqual([]);
      const b = v1.layerDigests[0]!.slice(7);
      const c3 = ids[2]!.slice(7);
      const f1 = v1.configDigest.slice(7);
      expect(calls().filter((l) => l.startsWith('transaction'))).toEqual([
        expect.not.stringContaining('-T'),
        expect.stringContaining(`-T /.layers/${b.slice(0, 2)}/${b}/layerfs=/.chains/${c3.slice(0, 2)}/${c3}`),
        expect.stringContaining(`-T /.chains/${c3.slice(0, 2)}/${c3}=/.flat/${f1.slice(0, 2)}/${f1}`),
      ]);

      // The update: the same tag, only the top layer differs.
      writeFileSync(log, '');
      const layersBefore = readdirSync(join(root, '.layers')).flatMap((xx) => (xx.length === 2 ? readdirSync(join(root, '.layers', xx)) : []));
      const v2 = await buildAndPush(registry.host, 'chain/app:1', { layers: [...lower, top2] });
      const update = await sync();
      expect(update.timings.layersFetched).toBe(1);
      const f2 = v2.configDigest.slice(7);
      // One transaction: the clone of the chain, the new layer fetched into it and applied; then
      // the new layer's whiteouts by one ingest.
      expect(calls().filter((l) => l.startsWith('transaction') || l.startsWith('ingest'))).toEqual([
        expect.stringContaining(`-T /.chains/${c3.slice(0, 2)}/${c3}=/.flat/${f2.slice(0, 2)}/${f2}`),
        expect.stringMatching(/^ingest -t - -b \//),
      ]);
      const t4 = v2.layerDigests[3]!.slice(7);
      expect(lstatSync(join(root, '.layers', t4.slice(0, 2), t4, 'layerfs', 'bin')).isCharacterDevice()).toBe(true);
      const layersAfter = readdirSync(join(root, '.layers')).flatMap((xx) => (xx.length === 2 ? readdirSync(join(root, '.layers', xx)) : []));
      expect(layersAfter.filter((l) => !layersBefore.includes(l))).toEqual([v2.layerDigests[3]!.slice(7)]);
      expect(readdirSync(join(root, '.chains')).filter((x) => x.length === 2).flatMap((xx) => readdirSync(join(root, '.chains', xx)).filter((n) => n !== '.cvmfscatalog'))).toEqual([c3]);
      expect(equalsUmoci(realpathSync(update.path), await umoci('v2', [...lower, top2]), true)).toEqual([]);
      // The chain it was cloned from is unchanged: still the prefix image.
      expect(equalsUmoci(chain, join(work, 'prefix3-rootfs'), false)).toEqual([]);

      // gc: the old flat tree and top layer go (that one by ingest --delete: its literal opaque marker
      // cannot be removed in a transaction), the chain (a prefix of the kept image) stays.
      const gc = await runCli(['gc', '--target', `cvmfs:${s.repo}`, '--grace-period', '0s', '--json'], env);
      expect(gc.code).toBe(0);
      expect(JSON.parse(gc.stdout)).toMatchObject({ flats: [v1.configDigest], layers: [v1.layerDigests[3]], chains: [] });
      expect(existsSync(chain)).toBe(true);
      expect(calls().some((l) => l.startsWith(`ingest --delete .layers/${v1.layerDigests[3]!.slice(7, 9)}/`))).toBe(true);
      expect(existsSync(join(root, '.flat', f1.slice(0, 2), f1))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.CVMFS_UNPACK_CVMFS_SERVER;
      else process.env.CVMFS_UNPACK_CVMFS_SERVER = previous;
    }
  });
});
