/**
 * Times as Node's utimes family takes them. A negative number is turned into
 * "now" by Node (`toUnixTimestamp`), so a file from before 1970 (a pax
 * `mtime=-1000`, a GNU base-256 negative mtime) would get the extraction time.
 * A numeric string is taken as it is (documented form, e.g. '-1000.5') and
 * keeps the fraction, which a `Date` would cut to milliseconds.
 */
import { closeSync, constants, fstatSync, futimesSync, lstatSync, openSync, readdirSync, type Stats } from 'node:fs';

export type FsTime = number | string;

export function fsTime(seconds: number): FsTime {
  return seconds < 0 ? String(seconds) : seconds;
}

/** Seconds (fractional) of an lstat result, for copying times from one file to another. */
export function secondsOf(ms: number): FsTime {
  return fsTime(ms / 1000);
}

/**
 * Runs `fn` (which adds files of the product's own: `.cvmfscatalog`, Apptainer's bind points) and then
 * puts back the times of `root` and of its real subdirectories one level down, so that a layer's `./`
 * entry (and `etc/`, `var/`) keep the mtime the image gave them. Each is changed through an fd opened
 * O_NOFOLLOW|O_DIRECTORY that must be the same inode as before (never through a symlink).
 */
export function keepingDirTimes<T>(root: string, fn: () => T): T {
  const before = new Map<string, Stats>();
  const note = (p: string) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) before.set(p, st);
  };
  note(root);
  for (const d of readdirSync(root, { withFileTypes: true })) if (d.isDirectory()) note(`${root}/${d.name}`);
  const out = fn();
  for (const [p, st] of before) {
    let fd: number;
    try {
      fd = openSync(p, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
    } catch {
      continue;
    }
    try {
      if (fstatSync(fd).ino === st.ino) futimesSync(fd, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
    } finally {
      closeSync(fd);
    }
  }
  return out;
}
