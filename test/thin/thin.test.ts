// Thin images (src/thin) pushed with the registry API to the REAL docker-registry
// with htpasswd auth; read back with skopeo. The publish is on the stand-in cvmfs
// repository (test/standin), whose name the thin.json URLs carry.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, makeTar, type ImageSpec } from '../helpers/images.ts';
import { makeStandinRepo, type StandinRepo } from '../publish/standin.ts';

let input: StartedRegistry;
let output: StartedRegistry;
let s: StandinRepo;
const dirs: string[] = [];

beforeAll(async () => {
  [input, output] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' })]);
  s = makeStandinRepo();
});
afterAll(async () => {
  s?.remove();
  await Promise.all([input?.stop(), output?.stop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const CONFIG = {
  Env: ['PATH=/usr/bin:/bin', 'GREETING=hello world'],
  Entrypoint: ['/bin/greet'],
  Cmd: ['--loud'],
  WorkingDir: '/work',
  User: '1000:1000',
  Labels: { 'org.example.team': 'physics' },
};

async function twoLayers(text: string): Promise<ImageSpec> {
  return {
    layers: [
      { tar: await makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/base.txt', content: 'base\n' }]) },
      { tar: await makeTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/top.txt', content: `${text}\n` }]) },
    ],
    config: CONFIG,
  };
}

function skopeo(args: string[]): string {
  return execFileSync('skopeo', args, { encoding: 'utf8', env: { ...process.env, REGISTRY_AUTH_FILE: join(tmpdir(), 'no-such-auth.json') } });
}

/** thin.json of the thin image `ref` (read with skopeo, unpacked here). */
function thinJsonOf(ref: string): { version: string; origin: string; layers: { digest: string; url: string }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'thin-copy-'));
  dirs.push(dir);
  skopeo(['copy', '--quiet', '--src-tls-verify=false', '--src-creds', output.creds!, `docker://${ref}`, `dir:${dir}`]);
  const manifest = JSON.parse(execFileSync('cat', [join(dir, 'manifest.json')], { encoding: 'utf8' }));
  expect(manifest.layers).toHaveLength(1);
  const tar = gunzipSync(execFileSync('cat', [join(dir, manifest.layers[0].digest.slice(7))]));
  expect(tar.subarray(0, 9).toString()).toBe('thin.json');
  const size = parseInt(tar.subarray(124, 136).toString().replace(/\0.*$/, ''), 8);
  return JSON.parse(tar.subarray(512, 512 + size).toString('utf8'));
}

describe('thin images', () => {
  test('--thin-image-name: pushed after the publish, with the input config and every layer in thin.json', async () => {
    const pushed = await buildAndPush(input.host, 'phys/app:1', await twoLayers('one'));
    const thin = `${output.host}/thin/phys/app:1`;
    const r = await runCli(
      ['sync', input.ref('phys/app:1'), '--target', `cvmfs:${s.repo}`, '--thin-image-name', `http://${thin}`, '--username', output.username!],
      { ...s.env, DUCC_OUTPUT_REGISTRY_PASS: output.password! },
    );
    expect(r.stderr).not.toMatch(/failed:|level=warn/);
    expect(r.code).toBe(0);

    const inspected = JSON.parse(skopeo(['inspect', '--tls-verify=false', '--creds', output.creds!, `docker://${thin}`]));
    expect(inspected.Env).toEqual([...CONFIG.Env, 'CVMFS_IMAGE=true']);
    expect(inspected.Labels).toEqual(CONFIG.Labels);
    const config = JSON.parse(skopeo(['inspect', '--config', '--tls-verify=false', '--creds', output.creds!, `docker://${thin}`]));
    expect(config.config).toMatchObject({ Entrypoint: CONFIG.Entrypoint, Cmd: CONFIG.Cmd, WorkingDir: CONFIG.WorkingDir, User: CONFIG.User });

    expect(thinJsonOf(thin)).toEqual({
      version: '1.0',
      origin: `http://${input.host}/phys/app:1`,
      layers: pushed.layerDigests.map((d) => ({ digest: d.slice(7), url: `cvmfs://${s.repo}/.layers/${d.slice(7, 9)}/${d.slice(7)}/layerfs` })),
    });
  });

  test("a recipe's output_format and user; a wrong password fails the image clearly and the publish stays", async () => {
    await buildAndPush(input.host, 'phys/lib:2', await twoLayers('two'));
    const dir = mkdtempSync(join(tmpdir(), 'thin-recipe-'));
    dirs.push(dir);
    const recipe = join(dir, 'recipe.yaml');
    writeFileSync(
      recipe,
      [
        'version: 1',
        `user: ${output.username}`,
        `cvmfs_repo: ${s.repo}`,
        `output_format: 'http://${output.host}/thin/$(image)'`,
        'input:',
        `  - '${input.ref('phys/lib:2')}'`,
        '',
      ].join('\n'),
    );
    // As DUCC: without any credentials for the output registry, no thin image (a warning) and no failure.
    const none = await runCli(['sync', '--recipe', recipe, '--target', `cvmfs:${s.repo}`, '--json'], s.env);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/thin image not pushed: no credentials for the output registry/);
    await buildAndPush(input.host, 'phys/lib:2', await twoLayers('two, changed'));
    const bad = await runCli(['sync', '--recipe', recipe, '--target', `cvmfs:${s.repo}`], { ...s.env, DUCC_OUTPUT_REGISTRY_PASS: 'wrong-password' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`failed: .*phys/lib:2: published, but pushing the thin image http://${output.host}/thin/phys/lib:2 failed: .*401`));
    const link = join(s.mountRoot, s.repo, input.host, 'phys', 'lib:2');
    expect(readlinkSync(link)).toMatch(/^\.\.\/\.\.\/\.flat\//);
    expect(existsSync(join(link, 'etc', 'top.txt'))).toBe(true);

    // The image changed: pushed again, with the right password this time.
    await buildAndPush(input.host, 'phys/lib:2', await twoLayers('two, again'));
    const good = await runCli(['sync', '--recipe', recipe, '--target', `cvmfs:${s.repo}`], { ...s.env, DUCC_OUTPUT_REGISTRY_PASS: output.password! });
    expect(good.stderr).not.toMatch(/failed:|level=warn/);
    expect(good.code).toBe(0);
    expect(thinJsonOf(`${output.host}/thin/phys/lib:2`).origin).toBe(`http://${input.host}/phys/lib:2`);
  });
});
