/**
 * Test helper: a repository on the STAND-IN cvmfs_server (test/standin/),
 * not on CernVM-FS: it only enforces the real command's transaction rules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const STANDIN = fileURLToPath(new URL('../standin/cvmfs_server', import.meta.url));

export interface StandinRepo {
  repo: string;
  spool: string;
  mountRoot: string;
  /** The environment the stand-in (and a child process using it) needs. */
  env: Record<string, string>;
  /** Runs the stand-in directly. */
  run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string };
  remove(): void;
}

export function makeStandinRepo(): StandinRepo {
  const base = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-standin-'));
  const repo = `test-${randomBytes(4).toString('hex')}.example.org`;
  const spool = join(base, 'spool');
  const mountRoot = join(base, 'cvmfs');
  const env = {
    CVMFS_STANDIN_SPOOL: spool,
    CVMFS_STANDIN_MOUNT: mountRoot,
    CVMFS_UNPACK_CVMFS_SERVER: STANDIN,
    CVMFS_UNPACK_CVMFS_MOUNT: mountRoot,
  };
  // The Publisher runs cvmfs_server with this process's environment.
  Object.assign(process.env, env);
  const run = (args: string[], input?: string) => {
    const r = spawnSync(STANDIN, args, { encoding: 'utf8', env: { ...process.env, ...env }, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const mk = run(['mkfs', repo]);
  if (mk.status !== 0) throw new Error(`stand-in mkfs failed: ${mk.stderr}`);
  return {
    repo,
    spool,
    mountRoot,
    env,
    run,
    remove() {
      run(['rmfs', '-f', repo]);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
