// gc and ls on a real dir target filled by real syncs from the real registry.
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { parseTarget } from '../../src/publish/index.ts';
import { removeEntry, replaceSymlink } from '../../src/repo/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar } from '../helpers/images.ts';

let registry: StartedRegistry;
let target: string;

const cli = (...argv: string[]) => runCli(argv);

const hex = (dg: string) => dg.replace('sha256:', '');
const flatPath = (dg: string) => join(target, '.flat', hex(dg).slice(0, 2), hex(dg));
const layerPath = (dg: string) => join(target, '.layers', hex(dg).slice(0, 2), hex(dg));

beforeAll(async () => {
  registry = await startRegistry();
  target = mkdtempSync(join(tmpdir(), 'gc-target-'));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(target, { recursive: true, force: true });
});

test('gc removes the flat tree and layer a moved tag left behind, and nothing referenced', async () => {
  const base = await makeTar([{ name: 'base', content: 'base' }]);
  const v1 = await makeTar([{ name: 'v', content: '1' }]);
  const v2 = await makeTar([{ name: 'v', content: '2' }]);
  const first = await buildAndPush(registry.host, 'gc/app:latest', { layers: [{ tar: base }, { tar: v1 }] });
  const other = await buildAndPush(registry.host, 'gc/other:1', { layers: [{ tar: base }] });
  expect((await cli('sync', registry.ref('gc/app:latest'), registry.ref('gc/other:1'), '--target', `dir:${target}`)).code).toBe(0);
  const second = await buildAndPush(registry.host, 'gc/app:latest', { layers: [{ tar: base }, { tar: v2 }] });
  expect((await cli('sync', registry.ref('gc/app:latest'), '--target', `dir:${target}`)).code).toBe(0);

  const ls = await cli('ls', '--target', `dir:${target}`, '--json');
  const listed = ls.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(listed.map((i) => [i.name, i.configDigest])).toEqual([
    [`${registry.host}/gc/app:latest`, second.configDigest],
    [`${registry.host}/gc/other:1`, other.configDigest],
  ]);
  expect(listed[0].size).toBeGreaterThan(0);

  const dry = await cli('gc', '--target', `dir:${target}`, '--grace-period', '0s', '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain(`would remove flat      ${first.configDigest}`);
  expect(dry.stdout).toContain(`would remove layer     ${first.layerDigests[1]}`);
  expect(existsSync(flatPath(first.configDigest))).toBe(true);

  const run = await cli('gc', '--target', `dir:${target}`, '--grace-period', '0s', '--json');
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ flats: [first.configDigest], layers: [first.layerDigests[1]], links: [], metadata: [] });
  expect(report.bytes).toBeGreaterThan(0);
  expect(existsSync(flatPath(first.configDigest))).toBe(false);
  expect(existsSync(layerPath(first.layerDigests[1]!))).toBe(false);
  for (const kept of [flatPath(second.configDigest), flatPath(other.configDigest), layerPath(first.layerDigests[0]!), layerPath(second.layerDigests[1]!)]) {
    expect(existsSync(kept), kept).toBe(true);
  }
});

test('gc --prune unpublishes what the recipe no longer names', async () => {
  const recipe = join(target, '..', `recipe-${process.pid}.yaml`);
  writeFileSync(recipe, `version: 1\ninput:\n  - '${registry.ref('gc/app:*')}'\n`);
  try {
    const run = await cli('gc', '--target', `dir:${target}`, '--grace-period', '0s', '--prune', '--recipe', recipe);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`removed link      ${registry.host}/gc/other:1`);
    expect(existsSync(join(target, registry.host, 'gc', 'other:1'))).toBe(false);
    expect(existsSync(join(target, registry.host, 'gc', 'app:latest', 'v'))).toBe(true);
  } finally {
    rmSync(recipe, { force: true });
  }
});

test('gc --prune without --recipe is a usage error', async () => {
  const r = await cli('gc', '--target', `dir:${target}`, '--prune');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--prune needs --recipe/);
});

test('a link removed in an aborted dir transaction is back afterwards (what gc --prune relies on)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gc-abort-'));
  try {
    const publisher = parseTarget(`dir:${root}`);
    let txn = await publisher.begin();
    replaceSymlink(join(txn.root, 'r.io', 'a:1'), '../.flat/aa/x');
    await txn.commit();
    txn = await publisher.begin();
    removeEntry(join(txn.root, 'r.io', 'a:1'));
    expect(existsSync(join(root, 'r.io', 'a:1'))).toBe(false);
    await txn.abort(new Error('test'));
    expect(readlinkSync(join(root, 'r.io', 'a:1'))).toBe('../.flat/aa/x');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
