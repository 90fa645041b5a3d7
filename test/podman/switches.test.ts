// DUCC's --skip-flat, --skip-layers, --skip-podman on a dir target, the store's
// no-op check (a repository without a store gets one), and gc of store entries.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, simpleImage } from '../helpers/images.ts';

let registry: StartedRegistry;
const dirs: string[] = [];
beforeAll(async () => {
  registry = await startRegistry();
  await buildAndPush(registry.host, 'sw/a:1', await simpleImage('a'));
  await buildAndPush(registry.host, 'sw/b:1', await simpleImage('b'));
});
afterAll(async () => {
  await registry?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function target(): string {
  const d = mkdtempSync(join(tmpdir(), 'switches-'));
  dirs.push(d);
  return d;
}
const names = (root: string) =>
  JSON.parse(readFileSync(join(root, 'podmanStore/overlay-images/images.json'), 'utf8')).flatMap((i: { names: string[] }) => i.names).sort();
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')) : []);

describe('switches', () => {
  test('--skip-flat: layers, metadata and the store; no flat tree, no link', async () => {
    const root = target();
    const r = await runCli(['sync', registry.ref('sw/a:1'), '--target', `dir:${root}`, '--skip-flat']);
    expect(r.code).toBe(0);
    expect(entries(join(root, '.layers')).length).toBe(1);
    expect(entries(join(root, '.flat')).flatMap((xx) => entries(join(root, '.flat', xx)))).toEqual([]);
    expect(existsSync(join(root, registry.host, 'sw', 'a:1'))).toBe(false);
    expect(existsSync(join(root, '.metadata', registry.host, 'sw', 'a:1', 'manifest.json'))).toBe(true);
    expect(names(root)).toEqual([`${registry.host}/sw/a:1`]);
  });

  test('--skip-layers: the flat tree only (no layer dirs, no store)', async () => {
    const root = target();
    const r = await runCli(['sync', registry.ref('sw/a:1'), '--target', `dir:${root}`, '--skip-layers']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, registry.host, 'sw', 'a:1', 'etc', 'hello.txt'), 'utf8')).toBe('a\n');
    expect(entries(join(root, '.layers')).flatMap((xx) => entries(join(root, '.layers', xx)))).toEqual([]);
    expect(existsSync(join(root, 'podmanStore'))).toBe(false);
  });

  test('--skip-flat with --skip-layers is a usage error', async () => {
    const r = await runCli(['sync', registry.ref('sw/a:1'), '--target', `dir:${target()}`, '--skip-flat', '--skip-layers']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--skip-flat and --skip-layers together leave nothing to publish/);
  });

  test('--skip-podman, then a sync without it adds the store; gc removes the entries of a pruned image', async () => {
    const root = target();
    const both = [registry.ref('sw/a:1'), registry.ref('sw/b:1')];
    expect((await runCli(['sync', ...both, '--target', `dir:${root}`, '--skip-podman'])).code).toBe(0);
    expect(existsSync(join(root, 'podmanStore'))).toBe(false);
    const again = await runCli(['sync', ...both, '--target', `dir:${root}`, '--json']);
    expect(again.code).toBe(0);
    expect(names(root)).toEqual([`${registry.host}/sw/a:1`, `${registry.host}/sw/b:1`]);
    // Now the store is complete: a third run is a no-op.
    const noop = await runCli(['sync', ...both, '--target', `dir:${root}`, '--json']);
    expect(noop.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).status)).toEqual(['unchanged', 'unchanged']);

    const recipe = join(root, '..', `${root.split('/').at(-1)}.recipe.yaml`);
    dirs.push(recipe);
    writeFileSync(recipe, `version: 1\ninput:\n  - '${registry.ref('sw/a:1')}'\n`);
    const gc = await runCli(['gc', '--target', `dir:${root}`, '--prune', '--recipe', recipe, '--grace-period', '0s']);
    expect(gc.code).toBe(0);
    expect(names(root)).toEqual([`${registry.host}/sw/a:1`]);
    const overlay = entries(join(root, 'podmanStore/overlay')).filter((n) => n !== 'l');
    expect(overlay).toHaveLength(1);
    expect(lstatSync(join(root, 'podmanStore/overlay', overlay[0]!, 'diff')).isSymbolicLink()).toBe(true);
  });

  test('a multi-platform image: the store holds the platform behind the public link', async () => {
    const root = target();
    const pushed = await buildAndPush(registry.host, 'sw/multi:1', {
      index: [await simpleImage('amd', { architecture: 'amd64' }), await simpleImage('arm', { architecture: 'arm64' })],
    });
    const r = await runCli(['sync', registry.ref('sw/multi:1'), '--target', `dir:${root}`, '--platform', 'linux/arm64', '--platform', 'linux/amd64']);
    expect(r.code).toBe(0);
    const store = JSON.parse(readFileSync(join(root, 'podmanStore/overlay-images/images.json'), 'utf8'));
    expect(store.map((i: { id: string; names: string[] }) => [i.id, i.names])).toEqual([[pushed.images[1]!.configDigest.slice(7), [`${registry.host}/sw/multi:1`]]]);
  });
});
