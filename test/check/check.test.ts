// `cvmfs-unpack check` against the real registry (anonymous and htpasswd),
// with images the test builds, through the CLI's main() as a shell runs it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { freePort, startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { envVarPrefix } from '../../src/registry/index.ts';
import { formatBytes } from '../../src/common/size.ts';
import type { CheckReport } from '../../src/check/index.ts';

const work = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-check-'));
let registry: StartedRegistry;
let privateRegistry: StartedRegistry;
let proxy: FaultProxy;
let appLayer: { digest: string; size: number };
let files = 0;
/** A bare status 404 in a message (not the digits inside a port number). */
const NO_404 = /(^|[^0-9])404([^0-9]|$)/;

/** Writes a recipe file (lines joined) and returns its path. */
function recipe(...lines: string[]): string {
  const path = join(work, `recipe-${++files}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function check(args: string[], env: Record<string, string> = {}) {
  const run = await runCli(['check', ...args], { HOME: work, ...env });
  return run;
}

async function checkJson(args: string[], env: Record<string, string> = {}): Promise<{ code: number; report: CheckReport; stderr: string }> {
  const run = await check([...args, '--json'], env);
  return { code: run.code, report: JSON.parse(run.stdout) as CheckReport, stderr: run.stderr };
}

async function blobSize(reg: StartedRegistry, repo: string, digest: string): Promise<number> {
  const res = await request(`${reg.url}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' });
  await res.body.dump();
  return Number(res.headers['content-length']);
}

beforeAll(async () => {
  [registry, privateRegistry] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' })]);
  const app = await buildAndPush(registry.host, 'org/app:1.0', await simpleImage('one'));
  await buildAndPush(registry.host, 'org/app:1.1', await simpleImage('one-one'));
  await buildAndPush(registry.host, 'org/app:1.10', await simpleImage('one-ten'));
  await buildAndPush(registry.host, 'org/app:2.0', await simpleImage('two'));
  await buildAndPush(registry.host, 'multi/app:1', {
    index: [await simpleImage('amd64', { architecture: 'amd64' }), await simpleImage('arm64', { architecture: 'arm64', variant: 'v8' })],
    attestations: true,
  });
  await buildAndPush({ host: privateRegistry.host, creds: privateRegistry.creds! }, 'secret/app:1', await simpleImage('secret'));
  appLayer = { digest: app.layerDigests[0]!, size: await blobSize(registry, 'org/app', app.layerDigests[0]!) };
  proxy = await startFaultProxy(registry.url);
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all([registry?.stop(), privateRegistry?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

describe('online', () => {
  test('a valid recipe passes, with the layer count, the size and the platforms of each input', async () => {
    const file = recipe(
      'version: 1',
      'input:',
      `  - '${registry.ref('org/app:1.0')}'`,
      `  - image: '${registry.ref('multi/app:1')}'`,
      '    platforms: [linux/amd64, linux/arm64/v8]',
    );
    const text = await check([file]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${file}:3: ok: ${registry.ref('org/app:1.0')}: linux/amd64 1 layer ${formatBytes(appLayer.size)} compressed\n`);
    expect(text.stdout).toMatch(/2 inputs, 2 probed online, 0 errors, 0 warnings/);

    const { report } = await checkJson([file]);
    expect(report.inputs.map((i) => [i.line, i.ok, i.images?.map((x) => x.platform)])).toEqual([
      [3, true, ['linux/amd64']],
      [4, true, ['linux/amd64', 'linux/arm64/v8']],
    ]);
    expect(report.inputs[0]!.images![0]).toMatchObject({ layers: 1, compressedSize: appLayer.size });
  });

  test('a missing tag is an error on its line, naming the tag, not "404"', async () => {
    const file = recipe('version: 1', 'input:', `  - '${registry.ref('org/app:1.0')}'`, `  - '${registry.ref('org/app:nope')}'`, `  - '${registry.ref('org/none:1')}'`);
    const run = await check([file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file}:4: error: ${registry.ref('org/app:nope')}: the tag nope does not exist in ${registry.host}/org/app (it has 4 tags; newest: 2.0, 1.10, 1.1) [tag-missing]`);
    expect(run.stdout).toMatch(new RegExp(`${file}:5: error: .*the repository ${registry.host}/org/none does not exist`));
    expect(run.stdout).not.toMatch(NO_404);
    expect(run.stdout).toMatch(/3 inputs, 3 probed online, 2 errors/);
  });

  test('a wildcard says how many tags match and the newest; one that matches nothing is an error', async () => {
    const file = recipe('version: 1', 'input:', `  - '${registry.ref('org/app:1.*')}'`, `  - '${registry.ref('org/app:9.*')}'`);
    const { code, report } = await checkJson([file]);
    expect(code).toBe(1);
    expect(report.inputs[0]!.tags).toEqual({ matched: 3, total: 4, newest: ['1.10', '1.1', '1.0'] });
    expect(report.inputs[0]!.ok).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({ severity: 'error', check: 'wildcard-empty', line: 4, message: expect.stringContaining('matches none of the 4 tags') }),
    ]);
  });

  test('a platform the index does not have is an error listing the ones it has', async () => {
    const file = recipe(
      'version: 1',
      'input:',
      `  - image: '${registry.ref('multi/app:1')}'`,
      '    platforms: [linux/amd64, linux/s390x]',
      `  - image: '${registry.ref('org/app:1.0')}'`,
      '    platforms: [linux/arm64]',
    );
    const { code, report } = await checkJson([file]);
    expect(code).toBe(1);
    const missing = report.findings.filter((f) => f.check === 'platform-missing');
    expect(missing.map((f) => f.line)).toEqual([3, 5]);
    expect(missing[0]!.message).toContain('the image index has no linux/s390x (it has linux/amd64, linux/arm64/v8)');
    expect(missing[1]!.message).toContain('single-platform image for linux/amd64');
    // The platform that exists was still measured.
    expect(report.inputs[0]!.images!.map((i) => i.platform)).toEqual(['linux/amd64']);
  });

  test('a private repository: without credentials says so plainly, with them it passes, wrong ones are refused', async () => {
    const file = recipe('version: 1', 'input:', `  - '${privateRegistry.ref('secret/app:1')}'`);
    const prefix = envVarPrefix(privateRegistry.host);
    const without = await check([file]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(`${privateRegistry.host}/secret/app is private (or does not exist): the registry wants credentials, and no credentials for ${privateRegistry.host} are configured (set ${prefix}USERNAME`);
    expect(without.stdout).not.toMatch(NO_404);

    const withCreds = await check([file], { [`${prefix}USERNAME`]: privateRegistry.username!, [`${prefix}PASSWORD`]: privateRegistry.password! });
    expect(withCreds.stdout).toContain(`ok: ${privateRegistry.ref('secret/app:1')}`);
    expect(withCreds.code).toBe(0);
    expect(withCreds.stdout).not.toContain(privateRegistry.password!);

    const wrong = await check([file], { [`${prefix}USERNAME`]: privateRegistry.username!, [`${prefix}PASSWORD`]: 'not-the-password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(`the registry refused the credentials configured for ${privateRegistry.host}`);
  });

  test('a registry that does not answer is named, and the other inputs are still checked', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const file = recipe('version: 1', 'input:', `  - 'http://${closed}/org/app:1'`, `  - '${registry.ref('org/app:1.0')}'`);
    const { code, report } = await checkJson([file]);
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ check: 'registry', line: 3, message: expect.stringContaining(`the registry ${closed} did not answer`) })]);
    expect(report.inputs[1]!.ok).toBe(true);
  });

  test('an input the recipe lets fail (ignoreErrors) gives a warning, not an error', async () => {
    const file = recipe('version: 1', 'input:', `  - image: '${registry.ref('org/app:nope')}'`, '    ignoreErrors: true');
    const { code, report } = await checkJson([file]);
    expect(code).toBe(0);
    expect(report.findings).toEqual([expect.objectContaining({ severity: 'warning', check: 'tag-missing', message: expect.stringContaining('(ignored: ignoreErrors)') })]);
  });

  test('limits: a size above maxSize is an error, above warnSize a warning (flags win over the recipe)', async () => {
    const file = recipe('version: 1', 'check:', `  maxSize: ${appLayer.size - 1}`, 'input:', `  - '${registry.ref('org/app:1.0')}'`);
    const over = await checkJson([file]);
    expect(over.code).toBe(1);
    expect(over.report.findings).toEqual([expect.objectContaining({ check: 'size-limit', line: 5 })]);
    const warned = await checkJson([file, '--max-size', '1GB', '--warn-size', String(appLayer.size - 1)]);
    expect(warned.code).toBe(0);
    expect(warned.report.findings).toEqual([expect.objectContaining({ check: 'size-warning', severity: 'warning' })]);
    expect((await check([file, '--max-size', '1GB', '--warn-size', '1', '--strict'])).code).toBe(1);
  });
});

describe('--against', () => {
  test('probes only added and changed inputs (counted at a proxy) and lists removed ones', async () => {
    const unchanged = Array.from({ length: 40 }, (_, i) => `  - '${proxy.ref(`org/unchanged-${i}:1`)}'`);
    const base = recipe('version: 1', 'input:', ...unchanged, `  - '${proxy.ref('org/removed:1')}'`, `  - '${proxy.ref('org/app:2.0')}'`);
    const head = recipe(
      'version: 1',
      'input:',
      ...unchanged,
      `  - '${proxy.ref('org/app:1.0')}'`,
      `  - image: '${proxy.ref('org/app:2.0')}'`,
      '    platforms: [linux/amd64, linux/arm64]',
    );
    const before = proxy.requests.length;
    const { code, report } = await checkJson([head, '--against', base]);
    const seen = proxy.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(report.inputs.filter((i) => i.probed).map((i) => [i.ref, i.change])).toEqual([
      [proxy.ref('org/app:1.0'), 'added'],
      [proxy.ref('org/app:2.0'), 'changed'],
    ]);
    expect(report.removed.map((r) => r.ref)).toEqual([proxy.ref('org/removed:1')]);
    // Nothing about the 40 unchanged lines reached the registry.
    expect(seen.filter((s) => /unchanged|removed/.test(s))).toEqual([]);
    expect(seen.every((s) => /^(GET|HEAD) \/v2\/(org\/app\/|$)/.test(s))).toBe(true);
    // Each: one manifest and its config (the single-platform image's config once for both platforms), and a ping.
    expect(seen.filter((s) => s.includes('/manifests/')).sort()).toEqual(['GET /v2/org/app/manifests/1.0', 'GET /v2/org/app/manifests/2.0']);
    expect(seen.filter((s) => s.includes('/blobs/'))).toHaveLength(2);
    expect(seen.length).toBeLessThanOrEqual(5);
    // org/app:2.0 is single-platform (amd64): its new linux/arm64 is an error.
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.check)).toEqual(['platform-missing']);
  });

  test('--offline makes no request at all', async () => {
    const file = recipe('version: 1', 'input:', `  - '${proxy.ref('org/app:1.0')}'`, `  - '${proxy.ref('org/app:nope')}'`);
    const before = proxy.requests.length;
    const run = await check([file, '--offline']);
    expect(run.code).toBe(0);
    expect(proxy.requests.length).toBe(before);
    expect(run.stdout).toContain('2 inputs, checked offline, 0 errors');
  });
});

describe('--target', () => {
  test('says which inputs are published, up to date or moved, and what gc --prune would remove', async () => {
    const target = `dir:${join(work, 'target')}`;
    await buildAndPush(registry.host, 'org/moving:1', await simpleImage('first'));
    for (const image of ['org/app:1.0', 'org/moving:1', 'org/app:2.0']) {
      const sync = await runCli(['sync', registry.ref(image), '--target', target], { HOME: work });
      expect(sync.code, sync.stderr).toBe(0);
    }
    await buildAndPush(registry.host, 'org/moving:1', await simpleImage('second'));
    const file = recipe('version: 1', 'input:', `  - '${registry.ref('org/app:1.0')}'`, `  - '${registry.ref('org/moving:1')}'`, `  - '${registry.ref('org/app:1.1')}'`);
    const { code, report } = await checkJson([file, '--target', target]);
    expect(code).toBe(0);
    expect(report.inputs.map((i) => i.published?.state)).toEqual(['up-to-date', 'would-update', 'would-add']);
    expect(report.prune).toEqual([`${registry.host}/org/app:2.0`]);
    const offline = await checkJson([file, '--target', target, '--offline']);
    expect(offline.report.inputs.map((i) => i.published?.state)).toEqual(['published', 'published', 'not-published']);
  });
});

describe('offline', () => {
  test('every syntax and schema error at once, with line and column', async () => {
    const file = recipe(
      'version: 2',
      'input:',
      "  - 'centos:7'",
      '  - image: "Not A Ref"',
      '    platforms: [linux/amd64, linux]',
      '  - 42',
      'inptu: []',
    );
    const { code, report } = await checkJson([file, '--offline']);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.line, f.column, f.check])).toEqual([
      [1, 10, 'schema'],
      [4, 12, 'reference'],
      [5, 30, 'schema'],
      [6, 5, 'schema'],
      [7, 1, 'schema'],
    ]);
    expect(report.findings[0]!.message).toBe('version: expected 1, got number 2');
  });

  test('a YAML syntax error names its line and column', async () => {
    const file = recipe('version: 1', 'input:', "  - 'centos:7'", "  - 'unterminated", '  - centos:8');
    const run = await check([file, '--offline', '--format', 'github']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^${file}:4:5: error: not valid YAML: `, 'm'));
    expect(run.stdout).toMatch(/^::error file=.*,line=4,col=5,title=recipe check%3A syntax::not valid YAML/m);
  });

  test('duplicates and inputs a wildcard covers are warnings; --strict fails on them; disallowed registries are errors', async () => {
    const file = recipe('version: 1', 'input:', '  - centos:7', '  - https://registry.hub.docker.com/library/centos:7', "  - 'ghcr.io/org/tool:*'", '  - ghcr.io/org/tool:1.2');
    const { code, report } = await checkJson([file, '--offline']);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.line, f.severity, f.check])).toEqual([
      [4, 'warning', 'duplicate'],
      [6, 'warning', 'covered'],
    ]);
    expect(report.findings[1]!.message).toBe("ghcr.io/org/tool:1.2 is already covered by the wildcard ghcr.io/org/tool:* on line 5");
    expect((await check([file, '--offline', '--strict'])).code).toBe(1);
    const allowed = await checkJson([file, '--offline', '--allowed-registry', 'ghcr.io']);
    expect(allowed.code).toBe(1);
    expect(allowed.report.findings.filter((f) => f.check === 'registry-not-allowed').map((f) => f.line)).toEqual([3]);
  });

  test("the real unpacked.cern.ch wishlist passes --offline", async () => {
    const file = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'images-unpacked.cern.ch.recipe.yaml');
    const { code, report } = await checkJson([file, '--offline']);
    expect(report.errors).toBe(0);
    expect(code).toBe(0);
    expect(report.inputs.length).toBeGreaterThan(40);
    // Its one known duplicate is reported, not hidden.
    expect(report.findings.map((f) => f.check)).toContain('duplicate');
  });

  test('--format gitlab writes a code-quality report GitLab reads', async () => {
    const file = recipe('version: 1', 'input:', '  - centos:7', '  - centos:7', "  - 'bad ref'");
    const out = join(work, 'cq.json');
    const run = await check([file, '--offline', '--format', 'gitlab', '--codequality', out]);
    expect(run.code).toBe(1);
    const issues = JSON.parse(readFileSync(out, 'utf8')) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(issues.map((i) => [i.location.lines.begin, i.severity, i.check_name])).toEqual([[5, 'major', 'reference']]);
    expect(issues[0]!.location.path).toBe(file);
    expect(issues[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(run.stdout).toContain(`code-quality report: ${out} (1 issue)`);
  });

  test.each([
    [['check'], 'no recipe given'],
    [['check', 'a.yaml', '--format', 'xml'], '--format: expected text, github or gitlab'],
    [['check', 'a.yaml', '--max-size', 'lots'], '--max-size: "lots" is not a size'],
    [['check', 'a.yaml', '--codequality', 'x.json'], '--codequality goes with --format gitlab'],
    [['check', join(import.meta.dirname, 'check.test.ts'), '--against', 'no-such-base-or-revision'], '--against no-such-base-or-revision: no such file, and git show'],
  ])('bad arguments %j exit 2', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage: cvmfs-unpack check');
  });
});
