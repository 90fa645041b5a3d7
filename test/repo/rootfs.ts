/**
 * Test helper: a tiny root file system that really runs under chroot, made
 * of busybox-static (Debian's package puts it at /bin/busybox).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const BUSYBOX = '/bin/busybox';

/** chroot(8) by absolute path: the child's PATH is the chroot's, not ours. */
const CHROOT = ['/usr/sbin/chroot', '/sbin/chroot', '/usr/bin/chroot'].find((p) => existsSync(p)) ?? 'chroot';

export function makeBusyboxRoot(): { root: string; base: string; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-rootfs-'));
  const root = join(base, 'root');
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'bin', 'busybox'));
  for (const applet of ['sh', 'printf', 'echo', 'cat', 'test', 'touch', 'env']) symlinkSync('busybox', join(root, 'bin', applet));
  return { root, base, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs argv inside `root` with chroot(8), with a small clean environment. */
export function chrootRun(root: string, argv: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(CHROOT, [root, ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'], // a socket on stdin makes bash read ~/.bashrc
    env: { PATH: '/bin', ...env },
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
