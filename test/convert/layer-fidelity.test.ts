// Issue 10 end to end: `sync` into a dir target, against the real registry.
//  - A hostile layer (deferred directory metadata, then a symlink replacing the ancestor, absolute and
//    relative) changes nothing outside the target: the trees beside and above it are compared whole.
//  - The layer's `./` entry (and a top-level directory's) mtime survives the files the product adds
//    (`.cvmfscatalog` in layerfs/, the Apptainer files in the flat tree).
//  - Extended attributes (security.capability, user.*) are restored in layerfs/ and (files) in the flat tree.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { syncImages } from '../../src/convert/index.ts';
import { parseTarget } from '../../src/publish/index.ts';
import { parseImageRef } from '../../src/reference/index.ts';
import { RegistryClient } from '../../src/registry/index.ts';
import { buildAndPush } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { craftTar, type CraftEntry } from '../helpers/tar-craft.ts';
import { scanTree } from '../helpers/tree-compare.ts';

let registry: StartedRegistry;
let base: string;

beforeAll(async () => {
  registry = await startRegistry();
  base = mkdtempSync(join(tmpdir(), 'layer-fidelity-'));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(base, { recursive: true, force: true });
});

async function sync(target: string, image: string) {
  const [r] = await syncImages([{ ref: parseImageRef(registry.ref(image)) }], { publisher: parseTarget(`dir:${target}`), client: new RegistryClient({ retries: 1, retryBaseMs: 10 }) });
  return r!;
}

function only(dir: string): string {
  const [hex] = readdirSync(dir).filter((x) => x !== '.cvmfscatalog');
  const [full] = readdirSync(join(dir, hex!)).filter((x) => x !== '.cvmfscatalog');
  return join(dir, hex!, full!);
}

function snapshot(root: string, skip: (p: string) => boolean): Map<string, string> {
  return new Map([...scanTree(root, skip)].map(([p, n]) => [p, `${n.type} ${n.mode.toString(8)} ${n.uid}:${n.gid} ${n.mtimeNs} ${n.sha256 ?? ''} ${n.target ?? ''}`]));
}

describe('sync of a hostile layer changes nothing outside the target', () => {
  test.each([
    ['absolute', (world: string) => join(world, 'beside')],
    // from <target>/.layers/xx/<hex>/layerfs, six levels up is the world root; from the flat tree too
    ['relative', () => '../../../../../..'],
  ])('d/, d/b/, d/b/c/ (0777, 4321) then d -> a host directory (%s)', async (kind, link) => {
    const world = join(base, `world-${kind}`);
    const target = join(world, 'target');
    for (const d of ['beside/b/c', 'b/c', 'target']) mkdirSync(join(world, d), { recursive: true, mode: 0o755 });
    writeFileSync(join(world, 'beside/b/c/keep'), 'beside');
    utimesSync(join(world, 'b/c'), 1_000_000, 1_000_000);
    const skip = (p: string) => p === 'target';
    const before = snapshot(world, skip);
    const entries: CraftEntry[] = [
      { name: 'd/', type: 'dir' },
      { name: 'd/b/', type: 'dir' },
      { name: 'd/b/c/', type: 'dir', mode: 0o777, uid: 4321, gid: 4321, mtime: 1_600_000_000 },
      { name: 'd', type: 'symlink', linkname: link(world) },
    ];
    await buildAndPush(registry.host, `hostile/${kind}:1`, { layers: [{ tar: craftTar(entries), compression: 'gzip' }] });
    expect((await sync(target, `hostile/${kind}:1`)).status).toBe('published');
    expect(snapshot(world, skip)).toEqual(before);
    expect(lstatSync(join(only(join(target, '.layers')), 'layerfs', 'd')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(only(join(target, '.flat')), 'd')).isSymbolicLink()).toBe(true);
  });
});

describe('what the image says survives what the product adds', () => {
  test("the layer's ./ and etc/ mtimes in layerfs/ and the flat tree", async () => {
    const entries: CraftEntry[] = [
      { name: './', type: 'dir', mode: 0o755, mtime: 1_234_567_890 },
      { name: 'etc/', type: 'dir', mode: 0o755, mtime: 1_300_000_000 },
      { name: 'etc/os-release', content: 'ID=test\n', mtime: 1_300_000_000 },
      { name: 'old', content: 'before 1970\n', pax: { mtime: '-1000' } },
    ];
    await buildAndPush(registry.host, 'times/root:1', { layers: [{ tar: craftTar(entries), compression: 'gzip' }] });
    const target = join(base, 'times');
    expect((await sync(target, 'times/root:1')).status).toBe('published');
    const layerfs = join(only(join(target, '.layers')), 'layerfs');
    const flat = only(join(target, '.flat'));
    const sec = (p: string) => lstatSync(p).mtimeMs / 1000;
    expect(sec(layerfs)).toBe(1_234_567_890);
    expect(sec(flat)).toBe(1_234_567_890);
    // etc/hosts and etc/resolv.conf were added to the flat tree's etc/
    expect(lstatSync(join(flat, 'etc/hosts')).isFile()).toBe(true);
    expect(sec(join(flat, 'etc'))).toBe(1_300_000_000);
    expect(sec(join(flat, 'old'))).toBe(-1000);
  });

  test('extended attributes (security.capability, user.*) are restored in layerfs/ and the flat tree', async () => {
    // cap_net_raw+ep in the VFS v2 format, as Debian's ping carries it
    const cap = Buffer.from('0100000200200000000000000000000000000000', 'hex');
    const entries: CraftEntry[] = [
      { name: 'bin/', type: 'dir' },
      { name: 'bin/ping', content: 'ping', mode: 0o755, pax: { 'SCHILY.xattr.security.capability': cap, 'SCHILY.xattr.user.origin': 'debian' } },
      { name: 'data/', type: 'dir', pax: { 'SCHILY.xattr.user.kind': 'dir' } },
    ];
    await buildAndPush(registry.host, 'xattr/ping:1', { layers: [{ tar: craftTar(entries), compression: 'gzip' }] });
    const target = join(base, 'xattr');
    expect((await sync(target, 'xattr/ping:1')).status).toBe('published');
    const layerfs = join(only(join(target, '.layers')), 'layerfs');
    const flat = only(join(target, '.flat'));
    const attrs = (p: string) => execFileSync('getfattr', ['-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', p], { encoding: 'utf8' });
    for (const tree of [layerfs, flat]) {
      expect(attrs(join(tree, 'bin/ping'))).toContain('security.capability=0x0100000200200000000000000000000000000000');
      expect(attrs(join(tree, 'bin/ping'))).toContain(`user.origin=0x${Buffer.from('debian').toString('hex')}`);
    }
    // A directory's attributes are restored in layerfs/; the flat tree's directories are made anew and
    // do not carry them yet (files share the layer's inode, so theirs do).
    expect(attrs(join(layerfs, 'data'))).toContain(`user.kind=0x${Buffer.from('dir').toString('hex')}`);
  });
});
