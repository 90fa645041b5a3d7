/**
 * Random layer stacks for the differential test (fast-check), and the OCI
 * rule for what one layer *is*: the state its tar leaves when its entries are
 * applied in order onto nothing (a later entry of a name replaces an earlier
 * one, a directory entry over a directory merges, parents missing in the
 * layer are implicit). `normalise` writes that state back as a tar in
 * canonical order — breadth first, parents before children, whiteouts before
 * their siblings (the order the OCI spec asks writers for), names sorted: the
 * order applyLayer walks a layer dir in — implicit directories left out,
 * hardlink groups linked to their first member — so that a reference that
 * applies entries strictly in tar order (umoci) computes what the OCI rules
 * say about the stack.
 */
import fc from 'fast-check';
import type { CraftEntry } from './tar-craft.ts';

/** A small set of paths, so that names collide often; depth up to 3. */
export const PATHS = ['a', 'b', 'a/a', 'a/b', 'b/a', 'a/b/c', 'a/a/a'] as const;
const BASENAMES = ['a', 'b', 'c'];
const DIRS = ['', 'a', 'b', 'a/a', 'a/b'];
const SYMLINK_TARGETS = ['a', 'b', 'a/b', '../a', '../../..', '/', '/a', '/b/a', 'nowhere', '.', 'a/b/c', 'a/c'];
const MODES_FILE = [0o644, 0o600, 0o755, 0o4755, 0o2755, 0o444];
const MODES_DIR = [0o755, 0o700, 0o1777, 0o2755, 0o3755, 0o750];
const OWNERS = [0, 1000, 4321];
/** After 2262 (Go's UnixNano overflows there, and so does umoci), before 1970, ordinary, fractional. */
export const BIG_MTIMES = [10_000_000_000, 12_000_000_000.5];
const MTIMES = [1_600_000_000, 1_650_000_000, -1000, -86_400 * 365, ...BIG_MTIMES];

export type Compression = 'gzip' | 'zstd' | 'none';

export type GenEntry =
  | { kind: 'dir' | 'file' | 'symlink' | 'hardlink'; path: string; mode: number; uid: number; gid: number; mtime: number; pax: boolean; content: string; target: string }
  | { kind: 'whiteout'; dir: string; name: string }
  | { kind: 'opaque'; dir: string }
  | { kind: 'root'; mode: number; uid: number; gid: number; mtime: number };

export interface GenLayer {
  entries: GenEntry[];
  compression: Compression;
}

const meta = {
  uid: fc.constantFrom(...OWNERS),
  gid: fc.constantFrom(...OWNERS),
  mtime: fc.constantFrom(...MTIMES),
  pax: fc.boolean(),
};

const entryArb: fc.Arbitrary<GenEntry> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('dir' as const), path: fc.constantFrom(...PATHS), mode: fc.constantFrom(...MODES_DIR), ...meta, content: fc.constant(''), target: fc.constant('') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('file' as const), path: fc.constantFrom(...PATHS), mode: fc.constantFrom(...MODES_FILE), ...meta, content: fc.constantFrom('', 'x', 'hello\n', 'y'.repeat(700)), target: fc.constant('') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('symlink' as const), path: fc.constantFrom(...PATHS), mode: fc.constant(0o777), ...meta, content: fc.constant(''), target: fc.constantFrom(...SYMLINK_TARGETS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hardlink' as const), path: fc.constantFrom(...PATHS), mode: fc.constant(0o644), ...meta, content: fc.constant(''), target: fc.constantFrom(...PATHS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whiteout' as const), dir: fc.constantFrom(...DIRS), name: fc.constantFrom(...BASENAMES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('opaque' as const), dir: fc.constantFrom(...DIRS.slice(1)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('root' as const), mode: fc.constantFrom(0o755, 0o750), uid: fc.constant(0), gid: fc.constant(0), mtime: fc.constantFrom(...MTIMES) }) },
);

export const stackArb: fc.Arbitrary<GenLayer[]> = fc.array(
  fc.record({ entries: fc.array(entryArb, { minLength: 1, maxLength: 8 }), compression: fc.constantFrom<Compression>('gzip', 'zstd', 'none') }),
  { minLength: 1, maxLength: 3 },
);

/** One name of the layer state: what the last entry made there. */
interface Node {
  type: 'dir' | 'file' | 'symlink';
  explicit: boolean;
  entry?: CraftEntry;
  /** Files: identity of the content (hardlinks share it). */
  id?: number;
}

export interface LayerState {
  nodes: Map<string, Node>;
  /** The tar entries as given, after dropping those the writer refuses by design (see `layerState`). */
  tar: CraftEntry[];
  /** A symlink of this layer was replaced by a later entry (GNU tar's delayed symlinks then win over it). */
  symlinkReplaced: boolean;
}

const parentOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const ancestors = (p: string) => {
  const out: string[] = [];
  for (let q = parentOf(p); q !== ''; q = parentOf(q)) out.unshift(q);
  return out;
};

function craft(e: Extract<GenEntry, { path: string }>, name: string, linkname?: string): CraftEntry {
  const base: CraftEntry = { name, mode: e.mode, uid: e.uid, gid: e.gid };
  // Fractional and (sometimes) negative times as pax records; the rest in the header (base-256 beyond octal).
  if (e.pax || !Number.isInteger(e.mtime)) base.pax = { mtime: String(e.mtime) };
  else base.mtime = e.mtime;
  if (e.kind === 'dir') return { ...base, name: `${name}/`, type: 'dir' };
  if (e.kind === 'file') return { ...base, type: 'file', content: e.content };
  if (e.kind === 'symlink') return { ...base, type: 'symlink', linkname: e.target };
  return { ...base, type: 'hardlink', linkname: linkname! };
}

/**
 * The layer as a tar plus its state by the OCI rules. Entries the writer refuses on purpose are left
 * out (an entry below a name that this layer made a file or symlink: writing through a symlink is
 * refused, tar would follow it), and a hardlink whose target is not a file of this layer at that
 * point becomes a file (links into lower layers are covered by umoci.test.ts).
 */
export function layerState(layer: GenLayer): LayerState {
  const nodes = new Map<string, Node>();
  const tar: CraftEntry[] = [];
  let ids = 0;
  let symlinkReplaced = false;
  const drop = (p: string) => {
    for (const k of [...nodes.keys()]) {
      if (k !== p && !k.startsWith(`${p}/`)) continue;
      if (nodes.get(k)!.type === 'symlink') symlinkReplaced = true;
      nodes.delete(k);
    }
  };
  const blocked = (p: string) => ancestors(p).some((a) => nodes.has(a) && nodes.get(a)!.type !== 'dir');
  const implicitParents = (p: string) => {
    for (const a of ancestors(p)) if (!nodes.has(a)) nodes.set(a, { type: 'dir', explicit: false });
  };
  for (const e of layer.entries) {
    if (e.kind === 'root') {
      tar.push({ name: './', type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, pax: { mtime: String(e.mtime) } });
      nodes.set('', { type: 'dir', explicit: true, entry: tar.at(-1)! });
      continue;
    }
    if (e.kind === 'whiteout' || e.kind === 'opaque') {
      const p = e.kind === 'whiteout' ? (e.dir === '' ? `.wh.${e.name}` : `${e.dir}/.wh.${e.name}`) : `${e.dir}/.wh..wh..opq`;
      if (blocked(p)) continue;
      implicitParents(p);
      drop(p);
      const c: CraftEntry = { name: p, type: 'file', content: '', mtime: 1_600_000_000 };
      tar.push(c);
      nodes.set(p, { type: 'file', explicit: true, entry: c, id: ++ids });
      continue;
    }
    const p = e.path;
    if (blocked(p)) continue;
    if (e.kind === 'hardlink') {
      const t = nodes.get(e.target);
      if (e.target === p || t?.type !== 'file' || e.target.includes('.wh.')) {
        const c = craft({ ...e, kind: 'file', content: 'was a link' }, p);
        implicitParents(p);
        drop(p);
        tar.push(c);
        nodes.set(p, { type: 'file', explicit: true, entry: c, id: ++ids });
        continue;
      }
      implicitParents(p);
      drop(p);
      tar.push(craft(e, p, e.target));
      nodes.set(p, { type: 'file', explicit: true, entry: t.entry!, id: t.id! });
      continue;
    }
    implicitParents(p);
    const c = craft(e, p);
    tar.push(c);
    if (e.kind === 'dir') {
      const old = nodes.get(p);
      if (old?.type !== 'dir') drop(p);
      nodes.set(p, { type: 'dir', explicit: true, entry: c });
      continue;
    }
    drop(p);
    nodes.set(p, { type: e.kind, explicit: true, entry: c, id: e.kind === 'file' ? ++ids : undefined });
  }
  return { nodes, tar, symlinkReplaced };
}

/** The layer state as a tar in canonical order (see the file comment). */
export function normalise(state: LayerState): CraftEntry[] {
  const depth = (p: string) => (p === '' ? 0 : p.split('/').length);
  const wh = (p: string) => (p.split('/').at(-1)!.startsWith('.wh.') ? 0 : 1);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const parentKey = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')).split('/').join('\0') : '');
  // Breadth first: parents before children, directory by directory, a directory's whiteouts before its
  // other entries, names sorted (the order applyLayer walks a layer dir in).
  const paths = [...state.nodes.keys()].sort((a, b) => depth(a) - depth(b) || cmp(parentKey(a), parentKey(b)) || wh(a) - wh(b) || cmp(a, b));
  const out: CraftEntry[] = [];
  const first = new Map<number, string>();
  for (const p of paths) {
    const n = state.nodes.get(p)!;
    if (!n.explicit) continue;
    const e = n.entry!;
    if (p === '') out.push(e);
    else if (n.type === 'dir') out.push({ ...e, name: `${p}/` });
    else if (n.type === 'symlink') out.push({ ...e, name: p });
    else if (!first.has(n.id!)) {
      first.set(n.id!, p);
      out.push({ ...e, name: p, type: 'file' });
    } else {
      out.push({ name: p, type: 'hardlink', linkname: first.get(n.id!)! });
    }
  }
  return out;
}

/** Replaces every time after 2262 by a stand-in a reference can hold; `back` maps stand-in ns → real ns. */
export function withStandIns(tar: CraftEntry[]): { tar: CraftEntry[]; back: Map<bigint, bigint> } {
  const back = new Map<bigint, bigint>();
  const swap = (t: number) => {
    const i = BIG_MTIMES.indexOf(t);
    if (i < 0) return t;
    const stand = 1_111_111_100 + i;
    back.set(BigInt(stand) * 1_000_000_000n, BigInt(Math.round(t * 1000)) * 1_000_000n);
    return stand;
  };
  return {
    back,
    tar: tar.map((e) => {
      const c = { ...e };
      if (c.mtime !== undefined) c.mtime = swap(c.mtime);
      if (c.pax?.mtime !== undefined) c.pax = { ...c.pax, mtime: String(swap(Number(c.pax.mtime))) };
      return c;
    }),
  };
}
