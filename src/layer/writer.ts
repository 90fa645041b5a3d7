/**
 * The write path of `extractLayer`: tar entries → files under `dest`, with
 * synchronous fs calls (one open/write/fchown/fchmod/futimes/close per file;
 * no promise per entry). Whiteouts are ordinary files here. Every name is
 * cleaned and every parent checked to be a real directory inside `dest`
 * before anything is created or removed.
 */
import {
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  chmodSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { entryMessage, InvalidWhiteoutError, LayerError, LayerLimitError, UnsafePathError } from './errors.ts';
import { baseOf, cleanEntryName, joinRel, parentOf, whiteoutOf } from './names.ts';
import { lstatOrUndefined, resolveParentInRoot } from './root-resolve.ts';
import type { TarHandler, TarHeader } from './tar-parser.ts';
import type { ExternalLink, LayerLimits } from './types.ts';

const O_NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

interface DirMeta {
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

export interface WriterOptions {
  label: string;
  limits: LayerLimits;
  sameOwner: boolean;
  lowerRoot?: string | undefined;
  resolveExternalLink?: ((target: string) => string | undefined) | undefined;
  warn: (msg: string, fields: Record<string, unknown>) => void;
}

export class LayerWriter implements TarHandler {
  entries = 0;
  bytes = 0;
  whiteouts = 0;
  /** Layer-relative paths of the whiteout and opaque-marker entries, in tar order. */
  readonly markers: string[] = [];
  readonly skipped: { path: string; reason: string }[] = [];
  private xattrEntries = 0;
  /** Relative paths known to be real directories of this layer (not symlinks). */
  private safeDirs = new Set<string>(['']);
  /** Directories with an entry in the tar; their metadata is applied at the end, deepest first. */
  private readonly dirMeta = new Map<string, DirMeta>();
  private readonly implicit = new Set<string>();
  /** Hardlinks to lower layers: path → target and the inode of the copy written for it. */
  private readonly external = new Map<string, { target: string; ino: number }>();
  private fd = -1;
  private file: { rel: string; h: TarHeader } | null = null;

  constructor(
    private readonly dest: string,
    private readonly o: WriterOptions,
  ) {}

  private fail(Cls: new (msg: string, opts?: ErrorOptions) => LayerError, name: string, reason: string, cause?: unknown): never {
    throw new Cls(entryMessage(this.o.label, name, reason), cause === undefined ? undefined : { cause });
  }

  private abs(rel: string): string {
    return rel === '' ? this.dest : `${this.dest}/${rel}`;
  }

  entry(h: TarHeader): void {
    const { limits } = this.o;
    // A layer with millions of tiny entries exhausts inodes and time: a bomb.
    if (++this.entries > limits.maxEntries) this.fail(LayerLimitError, h.name, `more than ${limits.maxEntries} entries in the layer`);
    if (h.type === 'file') {
      this.bytes += h.size;
      // Small compressed input can expand to terabytes: stop before writing them.
      if (this.bytes > limits.maxBytes) this.fail(LayerLimitError, h.name, `layer contents exceed ${limits.maxBytes} bytes`);
    }
    if (!h.utf8) {
      // Node's fs takes names as UTF-8 strings; a name that is not UTF-8 would be written under a different name.
      this.skipped.push({ path: h.name, reason: 'name or link target is not valid UTF-8' });
      this.o.warn('skipping entry whose name is not UTF-8', { entry: h.name });
      return;
    }
    const c = cleanEntryName(h.name, limits.maxPathLength);
    if (!c.ok) this.fail(c.tooLong ? LayerLimitError : UnsafePathError, h.name, c.reason);
    const rel = c.path;
    if (h.xattrs > 0) this.xattrEntries++;
    if (rel === '') {
      // Turning the root into a file or a symlink would make later entries land elsewhere.
      if (h.type !== 'dir') this.fail(UnsafePathError, h.name, 'refusing to change the type of the layer root');
      this.dirMeta.set('', { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime });
      return;
    }
    const w = whiteoutOf(baseOf(rel));
    // Whiteouts stay literal here, but one that can never be applied (`.wh..`) or a whiteout directory
    // (whose contents the flattening would never see) is refused now rather than after publishing.
    if (w.kind === 'invalid') this.fail(InvalidWhiteoutError, h.name, w.reason);
    if (w.kind !== 'none' && h.type === 'dir') this.fail(InvalidWhiteoutError, h.name, 'whiteout is a directory');
    const parent = parentOf(rel);
    if (parent.startsWith('.wh.') || parent.includes('/.wh.')) this.fail(InvalidWhiteoutError, h.name, 'entry inside a whiteout');
    if (w.kind !== 'none') {
      this.whiteouts++;
      this.markers.push(rel);
    }
    try {
      switch (h.type) {
        case 'dir':
          this.directory(rel, h);
          break;
        case 'file':
          this.openFile(rel, h);
          break;
        case 'symlink':
          this.symlink(rel, h);
          break;
        case 'hardlink':
          this.hardlink(rel, h);
          break;
        case 'char':
        case 'block':
        case 'fifo':
          // Device nodes give access to host hardware when the tree is used as a root; CVMFS cannot hold them anyway.
          this.skipped.push({ path: rel, reason: `${h.type === 'fifo' ? 'FIFO' : `${h.type} device`} not extracted` });
          this.o.warn('skipping special file', { entry: rel, type: h.type });
          break;
      }
    } catch (err) {
      if (err instanceof LayerError) throw err;
      this.fail(LayerError, h.name, `writing ${h.type}: ${(err as Error).message}`, err);
    }
  }

  data(chunk: Buffer): void {
    if (this.fd < 0) return; // skipped entry
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
  }

  entryEnd(): void {
    if (this.fd < 0) return;
    const { rel, h } = this.file!;
    const fd = this.fd;
    this.fd = -1;
    this.file = null;
    try {
      if (this.o.sameOwner) fchownSync(fd, h.uid, h.gid);
      // chmod after chown: chown clears setuid/setgid.
      fchmodSync(fd, h.mode);
      futimesSync(fd, h.mtime, h.mtime);
    } catch (err) {
      this.fail(LayerError, rel, `setting metadata: ${(err as Error).message}`, err);
    } finally {
      closeSync(fd);
    }
  }

  /** Closes an open file after an error (the caller removes dest). */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /**
   * Makes sure every ancestor of `rel` is a real directory inside dest,
   * creating missing ones (implicit directories).
   */
  private ensureParent(rel: string, name: string): void {
    const parent = parentOf(rel);
    if (this.safeDirs.has(parent)) return;
    let p = '';
    for (const part of parent.split('/')) {
      p = joinRel(p, part);
      if (this.safeDirs.has(p)) continue;
      const st = lstatOrUndefined(this.abs(p));
      if (st === undefined) {
        mkdirSync(this.abs(p), 0o755);
        this.implicit.add(p);
      } else if (st.isSymbolicLink()) {
        // A symlink entry followed by `link/x` would write wherever the link points, outside the layer.
        this.fail(UnsafePathError, name, `writing through a symlink (${JSON.stringify(p)} is a symlink)`);
      } else if (!st.isDirectory()) {
        this.fail(UnsafePathError, name, `parent ${JSON.stringify(p)} is not a directory`);
      }
      this.safeDirs.add(p);
    }
  }

  /**
   * Runs `make` (an exclusive create: O_EXCL, mkdir, symlink, link); if the name is taken by an earlier
   * entry, removes that (keeping a directory when `keepDir`) and tries once more. Optimistic, because
   * duplicate names are rare and an lstat per entry is not free.
   */
  private create(rel: string, make: () => void, keepDir = false): void {
    try {
      make();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (this.clear(rel, keepDir) !== 'dir') make();
    }
  }

  /** Removes whatever is at `rel` so that a new entry can take its place; keeps a directory if `keepDir`. */
  private clear(rel: string, keepDir: boolean): 'dir' | 'none' | 'removed' {
    const abs = this.abs(rel);
    const st = lstatOrUndefined(abs);
    if (st === undefined) return 'none';
    if (st.isDirectory()) {
      if (keepDir) return 'dir';
      rmSync(abs, { recursive: true, force: true });
      // Cached knowledge about directories under it is void: `rel` may become a symlink next.
      this.safeDirs = new Set(['']);
      return 'removed';
    }
    unlinkSync(abs);
    this.external.delete(rel);
    return 'removed';
  }

  private directory(rel: string, h: TarHeader): void {
    this.ensureParent(rel, h.name);
    this.create(rel, () => mkdirSync(this.abs(rel), 0o700), true);
    this.safeDirs.add(rel);
    this.dirMeta.set(rel, { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime });
  }

  private openFile(rel: string, h: TarHeader): void {
    this.ensureParent(rel, h.name);
    this.create(rel, () => {
      this.fd = openSync(this.abs(rel), O_NEW_FILE, 0o600);
    });
    this.file = { rel, h };
    if (h.size === 0) return; // entryEnd follows at once
  }

  private symlink(rel: string, h: TarHeader): void {
    // A NUL or an empty target cannot be created faithfully; a NUL could also cut the target short.
    if (h.linkname === '' || h.linkname.includes('\0')) this.fail(UnsafePathError, h.name, 'invalid symlink target');
    this.ensureParent(rel, h.name);
    const abs = this.abs(rel);
    // The target is stored as is: absolute targets resolve inside the container's root, never on this host,
    // because nothing here ever follows a symlink of the tree.
    this.create(rel, () => symlinkSync(h.linkname, abs));
    if (this.o.sameOwner) lchownSync(abs, h.uid, h.gid);
    lutimesSync(abs, h.mtime, h.mtime);
  }

  private hardlink(rel: string, h: TarHeader): void {
    const t = cleanEntryName(h.linkname, this.o.limits.maxPathLength);
    // A link to `../../etc/shadow` would expose a host file inside the tree.
    if (!t.ok) this.fail(UnsafePathError, h.name, `hardlink target ${JSON.stringify(h.linkname)}: ${t.reason}`);
    const target = t.path;
    // A hardlink to itself or to the root cannot exist.
    if (target === rel || target === '') this.fail(UnsafePathError, h.name, `invalid hardlink target ${JSON.stringify(h.linkname)}`);
    this.ensureParent(rel, h.name);
    const targetSt = this.lookupTarget(target, h.name);
    const abs = this.abs(rel);
    if (targetSt !== undefined) {
      // Directories cannot be hardlinked (and a link to one would make a loop).
      if (targetSt.isDirectory()) this.fail(UnsafePathError, h.name, `hardlink target ${JSON.stringify(target)} is a directory`);
      this.create(rel, () => linkSync(this.abs(target), abs));
      const ext = this.external.get(target);
      if (ext !== undefined) this.external.set(rel, { target: ext.target, ino: targetSt.ino });
      return;
    }
    this.externalLink(rel, target, h.name);
  }

  /** lstat of a hardlink target inside this layer, refusing targets reached through a symlink. */
  private lookupTarget(target: string, name: string): Stats | undefined {
    let p = '';
    for (const part of parentOf(target).split('/')) {
      if (part === '') break;
      p = joinRel(p, part);
      if (this.safeDirs.has(p)) continue;
      const st = lstatOrUndefined(this.abs(p));
      if (st === undefined || !st.isDirectory()) {
        // Linking via a symlinked directory would reach a file outside the layer.
        if (st?.isSymbolicLink()) this.fail(UnsafePathError, name, `hardlink target through a symlink (${JSON.stringify(p)})`);
        return undefined;
      }
      this.safeDirs.add(p);
    }
    return lstatOrUndefined(this.abs(target));
  }

  /** A hardlink to a file of a lower layer: a copy here, a real link in the flat tree. */
  private externalLink(rel: string, target: string, name: string): void {
    // Resolved inside the lower tree: a lower symlink such as `etc -> /` must not hand us a host file.
    const src = this.o.lowerRoot !== undefined ? resolveParentInRoot(this.o.lowerRoot, target) : this.o.resolveExternalLink?.(target);
    if (src === undefined) {
      this.fail(UnsafePathError, name, `hardlink target ${JSON.stringify(target)} is neither in this layer nor in a lower one`);
    }
    const st = lstatOrUndefined(src);
    if (st === undefined || !(st.isFile() || st.isSymbolicLink())) {
      this.fail(UnsafePathError, name, `hardlink target ${JSON.stringify(target)} in the lower layers is not a file`);
    }
    const abs = this.abs(rel);
    this.clear(rel, false);
    if (st.isSymbolicLink()) {
      symlinkSync(readlinkSync(src), abs);
    } else {
      copyFileSync(src, abs, constants.COPYFILE_EXCL);
    }
    if (this.o.sameOwner) lchownSync(abs, st.uid, st.gid);
    if (!st.isSymbolicLink()) chmodSync(abs, st.mode & 0o7777);
    lutimesSync(abs, st.atimeMs / 1000, st.mtimeMs / 1000);
    this.external.set(rel, { target, ino: lstatSync(abs).ino });
  }

  /** Directory metadata, deepest first so that setting a child does not change its parent's mtime afterwards. */
  finish(): { externalLinks: ExternalLink[]; implicitDirs: string[] } {
    if (this.xattrEntries > 0) {
      this.o.warn('extended attributes are not restored', { entries: this.xattrEntries });
    }
    const depth = (p: string) => (p === '' ? 0 : p.split('/').length);
    const dirs = [...this.dirMeta.entries()].sort((a, b) => depth(b[0]) - depth(a[0]));
    for (const [rel, m] of dirs) {
      const abs = this.abs(rel);
      const st = lstatOrUndefined(abs);
      // A directory replaced later in the layer by a file or symlink: never chmod through a symlink.
      if (st === undefined || !st.isDirectory()) continue;
      if (this.o.sameOwner) lchownSync(abs, m.uid, m.gid);
      chmodSync(abs, m.mode);
      lutimesSync(abs, m.mtime, m.mtime);
    }
    const externalLinks: ExternalLink[] = [];
    for (const [path, { target, ino }] of this.external) {
      // Only links whose copy is still in place (not replaced by a later entry of the same name).
      if (lstatOrUndefined(this.abs(path))?.ino === ino) externalLinks.push({ path, target });
    }
    const implicitDirs = [...this.implicit].filter((p) => !this.dirMeta.has(p) && lstatOrUndefined(this.abs(p))?.isDirectory());
    if (!this.dirMeta.has('')) implicitDirs.unshift('');
    return { externalLinks: externalLinks.sort((a, b) => (a.path < b.path ? -1 : 1)), implicitDirs: implicitDirs.sort() };
  }
}
