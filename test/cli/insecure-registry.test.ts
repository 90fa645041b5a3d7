// The CLI and plain-HTTP registries: loopback names need no scheme; a name
// that is not loopback, answering TLS with plain HTTP, fails at once saying
// what to set, and --insecure-registry makes it work.
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';

const host = hostname();
const hostIsLocal = await lookup(host).then(
  (a) => a.address.startsWith('127.'),
  () => false,
);

let registry: StartedRegistry;
const dir = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-insecure-'));
const saved = process.env.CVMFS_UNPACK_INSECURE_REGISTRIES;
beforeAll(async () => {
  registry = await startRegistry();
  await buildAndPush(registry, 'group/app:1.0', await simpleImage('plain http'));
});
afterAll(async () => {
  if (saved === undefined) delete process.env.CVMFS_UNPACK_INSECURE_REGISTRIES;
  else process.env.CVMFS_UNPACK_INSECURE_REGISTRIES = saved;
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: join(dir, 'none.json') });

describe('sync and plain-HTTP registries', () => {
  test('a loopback registry named without a scheme is plain HTTP', async () => {
    const target = join(dir, 'loopback');
    const run = await runCli(['sync', `${registry.host}/group/app:1.0`, '--target', `dir:${target}`], env());
    expect(run.stderr).not.toContain('TLS');
    expect(run.code).toBe(0);
    expect(readFileSync(join(target, registry.host, 'group/app:1.0', 'etc/hello.txt'), 'utf8')).toBe('plain http\n');
  });

  test.skipIf(!hostIsLocal)('a non-loopback name: the TLS error names what to set; --insecure-registry fixes it', async () => {
    const name = `${host}:${registry.host.split(':')[1]}`;
    const target = join(dir, 'named');
    const failed = await runCli(['sync', `${name}/group/app:1.0`, '--target', `dir:${target}`], env());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('wrong version number');
    expect(failed.stderr).toContain('--insecure-registry');
    const ok = await runCli(['sync', `${name}/group/app:1.0`, '--target', `dir:${target}`, '--insecure-registry', name], env());
    expect(ok.code).toBe(0);
    expect(readFileSync(join(target, name, 'group/app:1.0', 'etc/hello.txt'), 'utf8')).toBe('plain http\n');
  });
});
