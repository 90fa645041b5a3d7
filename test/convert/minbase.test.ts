// The proof on a real root file system: Debian bookworm minbase (debootstrap,
// cached) plus a hostile-ish upper layer, pulled from the real registry by
// `cvmfs-unpack sync`, must equal `umoci raw unpack` of the same image entry for
// entry, each layer dir must equal `tar -x` of its layer, and the flat tree
// must run /bin/sh under chroot with the image's environment and command.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { makeTar, pushImage, sha256 } from '../helpers/images.ts';
import { minbaseFileLayer, writeLayoutFromFiles } from '../helpers/minbase.ts';
import { compareTrees } from '../helpers/tree-compare.ts';

let registry: StartedRegistry;
let work: string;
let layout: string;
let upperTar: Buffer;
const ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GREETING=it\'s "quoted" $HOME `id` \\ end', 'MULTI=line1\nline2'];

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'minbase-e2e-'));
  const base = await minbaseFileLayer();
  // An upper layer: a whiteout, an opaque directory, a file replacing a
  // directory, a hardlink to a file of the lower layer, a setuid file.
  upperTar = await makeTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/.wh.debian_version', content: '' },
    { name: 'usr/share/doc/.wh..wh..opq', content: '' },
    { name: 'usr/share/doc/README.upper', content: 'only this remains\n' },
    { name: 'var/mail', content: 'now a file\n' },
    { name: 'usr/bin/sh-again', type: 'link', linkname: 'usr/bin/dash' },
    { name: 'usr/local/bin/tool', content: '#!/bin/sh\necho "tool ran with $# args: $*"\n', mode: 0o4755 },
  ]);
  const upperGz = gzipSync(upperTar);
  const upperPath = join(work, 'upper.tar.gz');
  writeFileSync(upperPath, upperGz);
  layout = join(work, 'oci');
  mkdirSync(layout);
  await writeLayoutFromFiles(layout, 'img', {
    layers: [base, { path: upperPath, digest: sha256(upperGz), size: upperGz.length, diffId: sha256(upperTar) }],
    config: { Env: ENV, Entrypoint: ['/usr/local/bin/tool'], Cmd: ['a b', 'c'] },
  });
  await pushImage(layout, 'img', `${registry.host}/debian/minbase:e2e`);
}, 900_000);

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const APPTAINER = ['.singularity.d', 'singularity', 'environment', '.cvmfscatalog', 'cvmfs', 'srv', 'etc/hosts', 'etc/resolv.conf', 'dev', 'proc', 'sys', 'tmp', 'var/tmp', 'home', 'root', 'etc'];

test('sync of minbase + an upper layer equals umoci, layer by layer and flattened, and runs under chroot', { timeout: 300_000 }, async () => {
  const target = join(work, 'target');
  const r = await runCli(['sync', registry.ref('debian/minbase:e2e'), '--target', `dir:${target}`, '--json']);
  expect(r.stderr).not.toMatch(/"level":"error"/);
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  expect(result.status).toBe('published');
  const flat = realpathSync(result.path as string);

  const reference = join(work, 'umoci-rootfs');
  execFileSync('umoci', ['raw', 'unpack', '--image', `${layout}:img`, reference], { stdio: 'pipe' });
  // Leave out only what the Apptainer step adds where the image has nothing.
  const added = (p: string) => APPTAINER.some((a) => p === a || p.startsWith(`${a}/`)) && !existsSync(join(reference, p));
  expect(compareTrees(reference, flat, { ignore: added })).toEqual([]);
  expect(existsSync(join(flat, 'etc', 'debian_version'))).toBe(false);

  // Each layer dir equals a plain tar -x of its layer (whiteouts literal), marker aside.
  const upperPlain = join(work, 'upper-plain');
  mkdirSync(upperPlain);
  // tar -x cannot make the hardlink to a file of the lower layer (it reports that and goes on);
  // the layer dir holds a copy of that file instead, checked below.
  spawnSync('tar', ['-x', '--numeric-owner', '-p', '-C', upperPlain], { input: upperTar });
  const upperDigest = sha256(gzipSync(upperTar));
  const upperHex = upperDigest.slice(7);
  const upperLayerfs = join(target, '.layers', upperHex.slice(0, 2), upperHex, 'layerfs');
  expect(compareTrees(upperPlain, upperLayerfs, { ignore: (p) => p === '.cvmfscatalog' || p === 'usr/bin/sh-again' })).toEqual([]);
  expect(readFileSync(join(upperLayerfs, 'usr', 'bin', 'sh-again')).equals(readFileSync(join(flat, 'usr', 'bin', 'dash')))).toBe(true);
  expect(statSync(join(flat, 'usr', 'bin', 'sh-again')).ino).toBe(statSync(join(flat, 'usr', 'bin', 'dash')).ino);
  expect(existsSync(join(upperLayerfs, 'etc', '.wh.debian_version'))).toBe(true);

  // The root file system runs: the env file gives the image's variables byte for byte,
  // and the runscript runs Entrypoint + Cmd.
  const envOut = execFileSync('/usr/sbin/chroot', [flat, '/bin/sh', '-c', '. /.singularity.d/env/10-docker2singularity.sh; printf "%s|%s" "$GREETING" "$MULTI"'], { env: {} }).toString();
  expect(envOut).toBe(`${ENV[1]!.slice('GREETING='.length)}|line1\nline2`);
  const run = execFileSync('/usr/sbin/chroot', [flat, '/bin/sh', '/.singularity.d/runscript'], { env: { PATH: '/usr/bin:/bin' } }).toString();
  expect(run).toBe('tool ran with 2 args: a b c\n');
});
