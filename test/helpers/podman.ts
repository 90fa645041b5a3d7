/**
 * Test helper: the real podman (Debian's 4.3 with fuse-overlayfs and runc),
 * driven by a containers.conf and storage.conf of the test's own: graphroot,
 * runroot and podman's temp dir in a temp dir, the target's podmanStore as
 * the only additional image store. Facts of this machine: crun cannot start
 * containers ("cgroups in hybrid mode not supported"), runc can; the default
 * ulimits are refused, so `default_ulimits = []`; no network namespace setup.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Podman {
  run(args: string[]): { status: number | null; stdout: string; stderr: string };
  cleanup(): void;
}

export function podmanWithStore(store: string): Podman {
  const base = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-podman-'));
  for (const d of ['graph', 'run', 'tmp']) mkdirSync(join(base, d));
  writeFileSync(
    join(base, 'containers.conf'),
    [
      '[containers]',
      'default_ulimits = []',
      'netns = "none"',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "none"',
      `tmp_dir = "${join(base, 'tmp')}"`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(base, 'storage.conf'),
    [
      '[storage]',
      'driver = "overlay"',
      `graphroot = "${join(base, 'graph')}"`,
      `runroot = "${join(base, 'run')}"`,
      '[storage.options]',
      `additionalimagestores = [ "${store}" ]`,
      '[storage.options.overlay]',
      'mount_program = "/usr/bin/fuse-overlayfs"',
      '',
    ].join('\n'),
  );
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: base,
    CONTAINERS_CONF: join(base, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(base, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: join(base, 'registries.conf'),
    XDG_RUNTIME_DIR: join(base, 'run'),
  };
  writeFileSync(env.CONTAINERS_REGISTRIES_CONF, 'unqualified-search-registries = []\n');
  return {
    run(args) {
      const r = spawnSync('podman', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    cleanup() {
      spawnSync('podman', ['system', 'reset', '--force'], { env, stdio: 'ignore', timeout: 60_000 });
      rmSync(base, { recursive: true, force: true });
    },
  };
}
