/**
 * The write path of `extractLayer`: tar entries → files under `dest`, with
 * synchronous fs calls (one open/write/fchown/fchmod/futimes/close per file;
 * no promise per entry). Whiteouts are ordinary files here. Every name is
 * cleaned and every parent checked to be a real directory inside `dest`
 * before anything is created or removed.
 *
 * The rule every fs change here keeps: it acts on the object the entry
 * created inside `dest`, never on whatever a path resolves to later.
 *   - Immediate changes (create, fchown/fchmod/futimes on the new file's fd,
 *     lchown/lutimes of a new symlink, link, unlink, rmdir) run right after
 *     `ensureParent` checked every ancestor with lstat (symlinks refused),
 *     and on the last component with no-follow calls (O_EXCL|O_NOFOLLOW,
 *     mkdir, symlink, link, l*-calls).
 *   - Deferred changes (directory owner/mode/times, xattrs, external-link
 *     bookkeeping at the end of the layer) keep the inode of what the entry
 *     created and re-walk from `dest` with lstat on every component, refusing
 *     symlinks (`objectAt`); directories are then changed through an fd
 *     opened O_NOFOLLOW|O_DIRECTORY and checked to be that inode.
 *   - A replaced subtree takes its pending records with it (`forget`), and
 *     the cache of verified directories is emptied on every replacement.
 * Nothing else writes into `dest` while a layer is extracted (it is a fresh
 * temporary dir of this process), so a check followed at once by the
 * change it guards sees the same object.
 */
import {
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { entryMessage, errnoText, InvalidWhiteoutError, LayerError, LayerLimitError, UnsafePathError } from './errors.ts';
import { baseOf, cleanEntryName, joinRel, parentOf, whiteoutOf } from './names.ts';
import { lstatOrUndefined, resolveParentInRoot } from './root-resolve.ts';
import type { TarHandler, TarHeader } from './tar-parser.ts';
import { fsTime, secondsOf } from './times.ts';
import type { ExternalLink, LayerLimits } from './types.ts';
import { restoreXattrs } from './xattrs.ts';

const O_NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** Opens a directory itself: a symlink in its place fails (ELOOP/ENOTDIR) instead of being followed. */
const O_DIR_NOFOLLOW = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

interface DirMeta {
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  /** The directory the entry created (or kept): deferred changes apply only to this inode. */
  ino: number;
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
  /**
   * Relative paths verified (lstat, no symlink) to be real directories of this layer. Emptied whenever
   * something that may be a directory is removed, since a name under it may then be a symlink.
   */
  private safeDirs = new Set<string>(['']);
  /** Directories with an entry in the tar; their metadata is applied at the end, deepest first. */
  private readonly dirMeta = new Map<string, DirMeta>();
  private readonly implicit = new Set<string>();
  /** Extended attributes of entries, set at the end of the layer on the inode the entry created. */
  private readonly xattrs = new Map<string, { attrs: [string, Buffer][]; ino: number }>();
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
    if (rel === '') {
      // Turning the root into a file or a symlink would make later entries land elsewhere.
      if (h.type !== 'dir') this.fail(UnsafePathError, h.name, 'refusing to change the type of the layer root');
      this.dirMeta.set('', { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime, ino: lstatSync(this.dest).ino });
      this.noteXattrs('', h);
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
      // The errno without the temporary path: the message names the entry, the path means nothing to a user.
      this.fail(LayerError, h.name, `writing ${h.type}: ${errnoText(err)}`, err);
    }
  }

  /** Remembers an entry's xattrs for the end of the layer (after chown, which clears security.capability). */
  private noteXattrs(rel: string, h: TarHeader, ino?: number): void {
    if (h.xattrs.length === 0) {
      this.xattrs.delete(rel);
      return;
    }
    this.xattrs.set(rel, { attrs: h.xattrs, ino: ino ?? lstatSync(this.abs(rel)).ino });
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
      // On the fd of the file this entry created: nothing is resolved by name again.
      if (this.o.sameOwner) fchownSync(fd, h.uid, h.gid);
      // chmod after chown: chown clears setuid/setgid.
      fchmodSync(fd, h.mode);
      futimesSync(fd, fsTime(h.mtime), fsTime(h.mtime));
      if (h.xattrs.length > 0) this.noteXattrs(rel, h, fstatSync(fd).ino);
      else this.xattrs.delete(rel);
    } catch (err) {
      this.fail(LayerError, rel, `setting metadata: ${errnoText(err)}`, err);
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
   * creating missing ones (implicit directories). Every immediate change of an entry runs after this:
   * lstat per component, symlinks refused, verified directories cached until the next replacement.
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
      // rm does not follow symlinks inside the tree it removes; the parent was checked by ensureParent.
      rmSync(abs, { recursive: true, force: true });
      // Cached knowledge about directories under it is void: `rel` may become a symlink next.
      this.safeDirs = new Set(['']);
    } else {
      unlinkSync(abs);
    }
    this.forget(rel);
    return 'removed';
  }

  /**
   * A replaced subtree takes its pending work with it: the deferred metadata, xattrs, implicit-dir and
   * external-link records of `rel` and of everything below it. Otherwise they would land on whatever
   * takes the name later (a new directory gets the old mode; a symlink leads them out of the layer).
   */
  private forget(rel: string): void {
    const under = `${rel}/`;
    const drop = (m: { delete(k: string): boolean; keys(): Iterable<string> }) => {
      m.delete(rel);
      for (const k of [...m.keys()]) if (k.startsWith(under)) m.delete(k);
    };
    drop(this.dirMeta);
    drop(this.xattrs);
    drop(this.implicit);
    drop(this.external);
  }

  private directory(rel: string, h: TarHeader): void {
    this.ensureParent(rel, h.name);
    this.create(rel, () => mkdirSync(this.abs(rel), 0o700), true);
    this.safeDirs.add(rel);
    const prev = this.dirMeta.get(rel);
    const setgid = (h.mode & 0o2000) !== 0 || (prev !== undefined && (prev.mode & 0o2000) !== 0);
    const ino = setgid ? this.setgidNow(rel, h) : lstatSync(this.abs(rel)).ino;
    this.dirMeta.set(rel, { mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime, ino });
    this.noteXattrs(rel, h, ino);
  }

  /**
   * A directory without an entry ends as mkdir would make it below its parent's final mode: with the
   * parent's setgid bit and group if the parent has setgid, else without (whatever order the entries
   * came in), as umoci's MkdirAll and the flat tree's own mkdir give it. Through an fd, by inode.
   */
  private inheritLikeMkdir(rel: string): void {
    const parent = lstatSync(this.abs(parentOf(rel)));
    const fd = openSync(this.abs(rel), O_DIR_NOFOLLOW);
    try {
      const st = fstatSync(fd);
      const inherit = (parent.mode & 0o2000) !== 0;
      const gid = inherit ? parent.gid : (process.getegid?.() ?? st.gid);
      const mode = inherit ? (st.mode & 0o7777) | 0o2000 : st.mode & 0o5777;
      if (gid !== st.gid) fchownSync(fd, -1, gid);
      if (mode !== (st.mode & 0o7777)) fchmodSync(fd, mode);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The setgid bit and group of a directory take effect at once (the rest of its mode at the end): a
   * directory made inside it later inherits both, as umoci's MkdirAll gives them (so that the layer dir
   * equals the flat tree of the layer alone). Through an fd of the directory just made or kept.
   */
  private setgidNow(rel: string, h: TarHeader): number {
    const fd = openSync(this.abs(rel), O_DIR_NOFOLLOW);
    try {
      if (this.o.sameOwner && (h.mode & 0o2000) !== 0) fchownSync(fd, -1, h.gid);
      fchmodSync(fd, 0o700 | (h.mode & 0o2000));
      return fstatSync(fd).ino;
    } finally {
      closeSync(fd);
    }
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
    // l-calls on the link just created: its target is never followed.
    if (this.o.sameOwner) lchownSync(abs, h.uid, h.gid);
    lutimesSync(abs, fsTime(h.mtime), fsTime(h.mtime));
    this.noteXattrs(rel, h);
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
      if (target.startsWith(`${rel}/`)) {
        // A link replacing a directory that holds its own target (`a` -> `a/x`): link under a temporary
        // name first, then the directory goes and the link takes its name (rename(2) follows no symlink).
        const tmp = joinRel(parentOf(rel), `.cvmfs-unpack-link.${randomBytes(6).toString('hex')}`);
        linkSync(this.abs(target), this.abs(tmp));
        this.clear(rel, false);
        renameSync(this.abs(tmp), abs);
      } else {
        // link(2) does not follow a symlink at the target's last component: it links the symlink itself.
        this.create(rel, () => linkSync(this.abs(target), abs));
      }
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
      if (this.o.sameOwner) lchownSync(abs, st.uid, st.gid);
      lutimesSync(abs, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
      this.external.set(rel, { target, ino: lstatSync(abs).ino });
      return;
    }
    // COPYFILE_EXCL creates the copy (O_EXCL: never through a symlink); its metadata goes through an fd of it.
    copyFileSync(src, abs, constants.COPYFILE_EXCL);
    const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      if (this.o.sameOwner) fchownSync(fd, st.uid, st.gid);
      fchmodSync(fd, st.mode & 0o7777);
      futimesSync(fd, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
      this.external.set(rel, { target, ino: fstatSync(fd).ino });
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The object at `rel` if every component from `dest` down to it is a real directory (lstat; a symlink
   * anywhere on the way gives undefined) — the re-walk that deferred changes use. `seen` caches verified
   * directories within one `finish`, during which nothing is removed.
   */
  private objectAt(rel: string, seen: Set<string>): Stats | undefined {
    if (rel !== '') {
      const parent = parentOf(rel);
      let p = '';
      for (const part of parent === '' ? [] : parent.split('/')) {
        p = joinRel(p, part);
        if (seen.has(p)) continue;
        if (!lstatOrUndefined(this.abs(p))?.isDirectory()) return undefined;
        seen.add(p);
      }
    }
    return lstatOrUndefined(this.abs(rel));
  }

  /** Owner, mode and times of a directory, through an fd of that very directory (checked by inode). */
  private setDirMeta(rel: string, m: DirMeta): void {
    let fd: number;
    try {
      fd = openSync(this.abs(rel), O_DIR_NOFOLLOW);
    } catch {
      return; // replaced by a symlink or removed since: not the directory the entry created
    }
    try {
      if (fstatSync(fd).ino !== m.ino) return;
      if (this.o.sameOwner) fchownSync(fd, m.uid, m.gid);
      // chmod after chown: chown clears setgid.
      fchmodSync(fd, m.mode);
      futimesSync(fd, fsTime(m.mtime), fsTime(m.mtime));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The deferred work of the layer: xattrs, then directory metadata deepest first (so that setting a
   * child does not change its parent's mtime afterwards). Each record is applied only to the inode its
   * entry created, reached by a re-walk from `dest` that refuses symlinks (`objectAt`).
   */
  finish(): { externalLinks: ExternalLink[]; implicitDirs: string[] } {
    const seen = new Set<string>(['']);
    const same = (rel: string, ino: number) => this.objectAt(rel, seen)?.ino === ino;
    const withXattrs = [...this.xattrs].filter(([rel, x]) => same(rel, x.ino)).map(([rel, x]) => ({ rel: rel === '' ? '.' : rel, attrs: x.attrs }));
    const refused = restoreXattrs(this.dest, withXattrs);
    if (refused.length > 0) this.o.warn('extended attributes not kept by the file system', { entries: withXattrs.length, refused: refused.slice(0, 5) });
    const depth = (p: string) => (p === '' ? 0 : p.split('/').length);
    const dirs = [...this.dirMeta.entries()].sort((a, b) => depth(b[0]) - depth(a[0]));
    for (const [rel, m] of dirs) {
      // A directory replaced later in the layer, or now under a symlink, is not the one the entry made.
      if (same(rel, m.ino)) this.setDirMeta(rel, m);
    }
    const externalLinks: ExternalLink[] = [];
    for (const [path, { target, ino }] of this.external) {
      // Only links whose copy is still in place (not replaced by a later entry of the same name).
      if (same(path, ino)) externalLinks.push({ path, target });
    }
    const implicitDirs = [...this.implicit].filter((p) => !this.dirMeta.has(p) && this.objectAt(p, seen)?.isDirectory());
    for (const p of [...implicitDirs].sort((a, b) => depth(a) - depth(b))) this.inheritLikeMkdir(p);
    if (!this.dirMeta.has('')) implicitDirs.unshift('');
    return { externalLinks: externalLinks.sort((a, b) => (a.path < b.path ? -1 : 1)), implicitDirs: implicitDirs.sort() };
  }
}
