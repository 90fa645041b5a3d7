/**
 * The whiteouts of layer dirs as a tar for `cvmfs_server ingest`: the one way
 * to put them into a CVMFS repository. A publish from a transaction takes
 * every `.wh.*` name (and a char 0:0 device) in the scratch area for a
 * whiteout of its own and drops it; ingest stores tar entries as they are.
 *
 * Form chosen (docs/cvmfs.md, checked on a real 2.12 stratum-0 with the
 * containerd CVMFS snapshotter and fuse-overlayfs):
 *   - `dir/.wh.NAME`   → `dir/NAME` as a char 0:0 device: the overlay whiteout that
 *                        kernel overlayfs (the snapshotter) and fuse-overlayfs honour;
 *   - `dir/.wh..wh..opq` → the literal empty file, as DUCC leaves it: fuse-overlayfs
 *                        honours it; kernel overlayfs needs an xattr CVMFS cannot store.
 * Directories are not sent: ingest leaves existing ones as they are (and never
 * an entry named `.`, which ingest keeps as a dirent that later dangles).
 */

const BLOCK = 512;
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

export interface LayerWhiteouts {
  /** The layer's `layerfs` dir, relative to the ingest base. */
  layerfs: string;
  /** Marker paths inside it (ExtractResult.markers). */
  markers: readonly string[];
  /** An empty file written by the same ingest: its presence says the whiteouts are stored. */
  stamp: string;
}

/** Tar entries (path, kind) the markers of these layers stand for. */
export function whiteoutEntries(layers: readonly LayerWhiteouts[]): { path: string; kind: 'whiteout' | 'file' }[] {
  const out: { path: string; kind: 'whiteout' | 'file' }[] = [];
  for (const l of layers) {
    out.push({ path: l.stamp, kind: 'file' });
    for (const m of l.markers) {
      const slash = m.lastIndexOf('/');
      const dir = slash < 0 ? '' : m.slice(0, slash);
      const base = m.slice(slash + 1);
      const at = (name: string) => [l.layerfs, dir, name].filter(Boolean).join('/');
      if (base === OPAQUE_MARKER) out.push({ path: at(base), kind: 'file' });
      else if (base.startsWith(WHITEOUT_PREFIX)) out.push({ path: at(base.slice(WHITEOUT_PREFIX.length)), kind: 'whiteout' });
    }
  }
  return out;
}

export function whiteoutTar(layers: readonly LayerWhiteouts[], mtime = 0): Buffer {
  const blocks: Buffer[] = [];
  for (const e of whiteoutEntries(layers)) {
    const name = Buffer.from(e.path, 'utf8');
    if (name.length > 100) blocks.push(...paxPath(e.path, mtime));
    blocks.push(header({ name: name.length > 100 ? name.subarray(0, 100) : name, type: e.kind === 'whiteout' ? '3' : '0', mode: e.kind === 'whiteout' ? 0o600 : 0o644, size: 0, mtime }));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

/** A PAX extended header carrying a path longer than the 100 bytes of the ustar name field. */
function paxPath(path: string, mtime: number): Buffer[] {
  const body = (len: number) => `${len} path=${path}\n`;
  let len = Buffer.byteLength(body(0));
  while (Buffer.byteLength(body(len)) !== len) len = Buffer.byteLength(body(len));
  const data = Buffer.from(body(len), 'utf8');
  const padded = Buffer.alloc(Math.ceil(data.length / BLOCK) * BLOCK);
  data.copy(padded);
  return [header({ name: Buffer.from('PaxHeader'), type: 'x', mode: 0o644, size: data.length, mtime }), padded];
}

function header(h: { name: Buffer; type: string; mode: number; size: number; mtime: number }): Buffer {
  const b = Buffer.alloc(BLOCK);
  h.name.copy(b, 0);
  const octal = (v: number, off: number, len: number) => b.write(v.toString(8).padStart(len - 1, '0') + '\0', off, len, 'ascii');
  octal(h.mode, 100, 8);
  octal(0, 108, 8); // uid root
  octal(0, 116, 8); // gid root
  octal(h.size, 124, 12);
  octal(h.mtime, 136, 12);
  b.write(h.type, 156, 1, 'ascii');
  b.write('ustar\u000000', 257, 8, 'ascii');
  octal(0, 329, 8); // devmajor 0
  octal(0, 337, 8); // devminor 0
  b.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return b;
}
