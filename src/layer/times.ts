/**
 * Times as Node's utimes family takes them. A negative number is turned into
 * "now" by Node (`toUnixTimestamp`), so a file from before 1970 (a pax
 * `mtime=-1000`, a GNU base-256 negative mtime) would get the extraction time.
 * A numeric string is taken as it is (documented form, e.g. '-1000.5') and
 * keeps the fraction, which a `Date` would cut to milliseconds.
 */
export type FsTime = number | string;

export function fsTime(seconds: number): FsTime {
  return seconds < 0 ? String(seconds) : seconds;
}

/** Seconds (fractional) of an lstat result, for copying times from one file to another. */
export function secondsOf(ms: number): FsTime {
  return fsTime(ms / 1000);
}
