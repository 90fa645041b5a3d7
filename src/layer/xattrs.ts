/**
 * Extended attributes of a layer's entries (pax `SCHILY.xattr.*`), restored
 * as umoci does: `security.capability` (e.g. Debian's `ping`), ACLs, `user.*`.
 * Node has no xattr call, so one `setfattr --restore` per layer sets them all
 * (the `attr` package); the file system decides what it keeps (tmpfs and ext4
 * keep `security.*` and `trusted.*` for root; CVMFS records them when the
 * repository has `CVMFS_INCLUDE_XATTRS=true`, the setting its docs give for
 * container images). What is refused is reported, not fatal.
 */
import { spawnSync } from 'node:child_process';

export interface XattrRecord {
  /** Relative path inside the layer dir, checked by the caller to be the object the entry created. */
  rel: string;
  attrs: [string, Buffer][];
}

/** getfattr's dump quoting: bytes that would break the line format as `\ooo`. */
function quote(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += b <= 0x20 || b >= 0x7f || b === 0x5c || b === 0x3d ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
  }
  return out;
}

/**
 * Sets the attributes (no symlink followed at the last component, `-h`) with `cwd` as the root the
 * paths are relative to. Returns one line per attribute that could not be set, or why none could.
 */
export function restoreXattrs(cwd: string, records: XattrRecord[]): string[] {
  if (records.length === 0) return [];
  const dump = records
    .map((r) => `# file: ${quote(r.rel)}\n${r.attrs.map(([k, v]) => `${quote(k)}=0x${v.toString('hex')}\n`).join('')}\n`)
    .join('');
  const res = spawnSync('setfattr', ['-h', '--restore=-'], { cwd, input: dump, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (res.error !== undefined) return [`setfattr could not run (${(res.error as NodeJS.ErrnoException).code ?? res.error.message}; install the attr package)`];
  if (res.status === 0) return [];
  return res.stderr.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/^setfattr: /, ''));
}
