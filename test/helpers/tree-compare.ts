/**
 * Compares two directory trees entry by entry: type, permission bits
 * (setuid/setgid/sticky included), owner, size, content (sha256), symlink
 * target, hardlink groups (computed inside each tree on its own, so links to
 * files outside the tree do not count) and optionally mtimes. Returns the
 * differences as readable lines; an empty list means equal.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type NodeType = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket';

export interface TreeNode {
  type: NodeType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  sha256?: string;
  target?: string;
  mtimeNs: bigint;
  ino: bigint;
}

export interface CompareOptions {
  /** Compare mtimes (to the microsecond); default false. Directories created implicitly have the time they were made. */
  mtime?: boolean;
  /** Paths (relative, '' = root) to leave out of the comparison, with everything below them. */
  ignore?: (path: string) => boolean;
  /** Compare the root directory's own metadata; default false. */
  root?: boolean;
  /** Leave out the metadata (mode, owner, mtime) of these directories, for implicitly created ones. */
  ignoreDirMeta?: (path: string) => boolean;
  /** Leave out the mtime of these paths (e.g. directories both sides created "now"). */
  ignoreMtime?: (path: string) => boolean;
  /** Maps the second tree's mtimes (ns) before comparing, e.g. stand-ins a reference could hold → the real time. */
  mapSecondMtime?: (ns: bigint) => bigint;
  /** Accepts a mode (and owner) difference the caller knows the reason for: (path, first, second) → true. */
  acceptMode?: (path: string, a: TreeNode, b: TreeNode) => boolean;
}

function typeOf(st: ReturnType<typeof lstatSync> & object): NodeType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  return 'socket';
}

/** Every entry of the tree under `root`, by relative path ('' is the root). */
export function scanTree(root: string, ignore?: (path: string) => boolean): Map<string, TreeNode> {
  const out = new Map<string, TreeNode>();
  const walk = (rel: string) => {
    const abs = rel === '' ? root : `${root}/${rel}`;
    const st = lstatSync(abs, { bigint: true });
    const type = typeOf(lstatSync(abs));
    const node: TreeNode = {
      type,
      mode: Number(st.mode & 0o7777n),
      uid: Number(st.uid),
      gid: Number(st.gid),
      size: type === 'file' || type === 'symlink' ? Number(st.size) : 0,
      mtimeNs: st.mtimeNs,
      ino: st.ino,
    };
    if (type === 'file') node.sha256 = createHash('sha256').update(readFileSync(abs)).digest('hex');
    if (type === 'symlink') node.target = readlinkSync(abs);
    out.set(rel, node);
    if (type === 'dir') {
      for (const name of readdirSync(abs).sort()) {
        const child = rel === '' ? name : `${rel}/${name}`;
        if (ignore?.(child)) continue;
        walk(child);
      }
    }
  };
  walk('');
  return out;
}

/** For each non-directory path: the sorted list of paths of this tree sharing its inode. */
export function hardlinkGroups(tree: Map<string, TreeNode>): Map<string, string[]> {
  const byIno = new Map<bigint, string[]>();
  for (const [p, n] of tree) {
    if (n.type === 'dir') continue;
    const list = byIno.get(n.ino) ?? [];
    list.push(p);
    byIno.set(n.ino, list);
  }
  const out = new Map<string, string[]>();
  for (const list of byIno.values()) {
    list.sort();
    for (const p of list) out.set(p, list);
  }
  return out;
}

export function compareTrees(a: string, b: string, opts: CompareOptions = {}): string[] {
  const ta = scanTree(a, opts.ignore);
  const tb = scanTree(b, opts.ignore);
  const ga = hardlinkGroups(ta);
  const gb = hardlinkGroups(tb);
  const diffs: string[] = [];
  const paths = [...new Set([...ta.keys(), ...tb.keys()])].sort();
  for (const p of paths) {
    const na = ta.get(p);
    const nb = tb.get(p);
    const show = p === '' ? '/' : p;
    if (na === undefined || nb === undefined) {
      diffs.push(`${show}: only in ${na ? 'first' : 'second'} tree (${(na ?? nb)!.type})`);
      continue;
    }
    if (na.type !== nb.type) {
      diffs.push(`${show}: type ${na.type} vs ${nb.type}`);
      continue;
    }
    const skipMeta = (p === '' && !opts.root) || (na.type === 'dir' && opts.ignoreDirMeta?.(p));
    if (!skipMeta) {
      const accepted = opts.acceptMode?.(p, na, nb) === true;
      if (na.type !== 'symlink' && na.mode !== nb.mode && !accepted) diffs.push(`${show}: mode ${na.mode.toString(8)} vs ${nb.mode.toString(8)}`);
      if ((na.uid !== nb.uid || na.gid !== nb.gid) && !accepted) diffs.push(`${show}: owner ${na.uid}:${na.gid} vs ${nb.uid}:${nb.gid}`);
      if (opts.mtime && !opts.ignoreMtime?.(p)) {
        const d = na.mtimeNs - (opts.mapSecondMtime?.(nb.mtimeNs) ?? nb.mtimeNs);
        if (d > 1000n || d < -1000n) diffs.push(`${show}: mtime ${na.mtimeNs} vs ${nb.mtimeNs}`);
      }
    }
    if (na.size !== nb.size) diffs.push(`${show}: size ${na.size} vs ${nb.size}`);
    if (na.sha256 !== nb.sha256) diffs.push(`${show}: content differs`);
    if (na.target !== nb.target) diffs.push(`${show}: symlink target ${JSON.stringify(na.target)} vs ${JSON.stringify(nb.target)}`);
    const la = ga.get(p)?.join(', ');
    const lb = gb.get(p)?.join(', ');
    if (la !== lb) diffs.push(`${show}: hardlink group [${la ?? ''}] vs [${lb ?? ''}]`);
  }
  return diffs;
}
