/**
 * applyLayer (flatten): an extracted layer dir → onto the flat root file
 * system built from the layers below it, with OCI whiteout semantics.
 *
 * The walk goes over the layer *directory*, so a directory's opaque marker
 * and whiteouts are handled before any of its entries, whatever their order
 * in the tar was. Files and symlinks are hardlinked from the layer dir (one
 * copy of the content on disk); a flat name that is replaced is always
 * unlinked and created anew, never changed in place, because its inode is
 * shared with a layer dir.
 *
 * Symlinks of the flat tree are never followed out of it: a directory that
 * the layer has no entry for (an implicit directory) is resolved inside the
 * flat root like `securejoin` (so `etc -> /` from a lower layer and
 * `etc/passwd` in this one writes `<flat>/passwd`, as umoci does); a
 * directory the layer has an entry for replaces whatever is there.
 *
 * Every fs change acts on an object inside the flat root, never through a
 * symlink: a flat directory is used only after `verified` checked it from the
 * flat root down with lstat, refusing symlinks (cached, and the cache emptied
 * whenever a directory is removed, since a component may become a symlink;
 * a directory whose place was replaced so is resolved again inside the root);
 * new names are made with no-follow calls (link, symlink, mkdir,
 * COPYFILE_EXCL); the metadata deferred to the end (`finishDirs`) keeps the
 * inode it is for, is dropped with a removed subtree, re-walks from the root
 * refusing symlinks, and changes the directory through an fd opened
 * O_NOFOLLOW|O_DIRECTORY. Implicit directories are resolved when their turn
 * comes, not earlier, so a symlink placed by this layer meanwhile counts.
 * Nothing else writes the flat tree during an apply.
 */
import {
  chmodSync,
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
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { nullLogger, type Logger } from '../log/logger.ts';
import { errnoText, InvalidWhiteoutError, LayerError, UnsafePathError } from './errors.ts';
import { baseOf, cleanEntryName, joinRel, parentOf, whiteoutOf } from './names.ts';
import { lstatOrUndefined, resolveInRoot, resolveParentInRoot, SymlinkLoopError } from './root-resolve.ts';
import { secondsOf, type FsTime } from './times.ts';
import type { ApplyOptions, ApplyResult, ExternalLink } from './types.ts';

/** Opens a directory itself: a symlink in its place fails instead of being followed. */
const O_DIR_NOFOLLOW = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** Yield to the event loop every so many entries so that a server stays responsive. */
const YIELD_EVERY = 4096;

interface DirTask {
  rel: string;
  layerAbs: string;
  /** The directory in the flat tree, once it exists. */
  flatAbs: string | undefined;
  /** Where to create it (a symlink-resolved place) if not below the parent's flat dir. */
  createAt: string | undefined;
  parent: DirTask | undefined;
  name: string;
  /** Created empty by this apply: nothing of the lower layers to replace or remove in it. */
  fresh: boolean;
  /** Its place was reached through a symlink (its own or an ancestor's): re-resolved when the tree changes. */
  viaLink: boolean;
  /** `Applier.epoch` when its place was decided. */
  epoch: number;
  /** Not in the layer dir (a target dropped it): only its markers are applied. */
  absent?: boolean;
}

/** An entry of a layer directory as the walk sees it (a marker from the sidecar has no file). */
type LayerEntry = Pick<Dirent, 'name' | 'isDirectory' | 'isFile' | 'isSymbolicLink' | 'isCharacterDevice'>;

/** Metadata set on a flat directory once everything below it is done. */
interface DirFinal {
  /** The directory (inode) it is for: anything else at that path later is left alone. */
  ino: number;
  /** Seconds (fractional; a numeric string when negative, see times.ts). */
  atime: FsTime;
  mtime: FsTime;
  /** Owner and mode from a layer directory; absent for a lower directory whose times are restored. */
  meta?: { uid: number; gid: number; mode: number };
}

export async function applyLayer(layerfs: string, flat: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const applier = new Applier(layerfs, flat, opts);
  return applier.run();
}

class Applier {
  private entries = 0;
  private removed = 0;
  private link: boolean;
  private readonly sameOwner: boolean;
  private readonly logger: Logger;
  private readonly implicit: Set<string>;
  /** Marker names by layer directory (ApplyOptions.markers). */
  private readonly markersIn = new Map<string, Set<string>>();
  /** Directory names on the way to markers, by parent directory. */
  private readonly markerDirsIn = new Map<string, Set<string>>();
  private readonly markerDirs = new Set<string>();
  /** Deferred directory metadata by path relative to the flat root ('' = root). */
  private readonly finals = new Map<string, DirFinal>();
  /** Absolute flat paths verified to be real directories (no symlink from the flat root down). */
  private safe = new Set<string>();
  /** Bumped whenever a name of the flat tree is removed or becomes a symlink: resolutions may change. */
  private epoch = 0;
  /** Flat directory → the layer directories applied into it so far (more than one only through symlinks). */
  private readonly visits = new Map<string, DirTask[]>();
  /** Flat directories without a tar entry that this apply made. */
  private readonly made = new Set<string>();
  /** layerfs inode → flat path, to keep hardlink groups when copying. */
  private readonly copied = new Map<number, string>();
  private readonly staged = new Map<string, string>();
  private staging: string | undefined;
  private readonly stagingName = `.cvmfs-unpack-links.${randomBytes(6).toString('hex')}`;

  constructor(
    private readonly layerfs: string,
    private readonly flat: string,
    private readonly opts: ApplyOptions,
  ) {
    this.link = opts.link ?? true;
    this.sameOwner = opts.sameOwner ?? process.getuid?.() === 0;
    this.logger = opts.logger ?? nullLogger;
    // Without the list, only the root counts as implicit (its metadata then stays the flat tree's).
    this.implicit = new Set(opts.implicitDirs ?? ['']);
    for (const m of opts.markers ?? []) this.addMarker(m);
  }

  /** A marker from the sidecar (data from disk): a clean relative path whose base name is a whiteout. */
  private addMarker(raw: string): void {
    const c = cleanEntryName(raw, 4096);
    const base = c.ok ? baseOf(c.path) : '';
    const kind = whiteoutOf(base).kind;
    if (!c.ok || c.path === '' || kind === 'none' || kind === 'invalid') {
      throw new InvalidWhiteoutError(this.label(raw, 'invalid whiteout marker in the layer sidecar'));
    }
    const add = (map: Map<string, Set<string>>, dir: string, name: string) => {
      const names = map.get(dir) ?? new Set<string>();
      map.set(dir, names.add(name));
    };
    add(this.markersIn, parentOf(c.path), base);
    for (let d = parentOf(c.path); d !== ''; d = parentOf(d)) {
      this.markerDirs.add(d);
      add(this.markerDirsIn, parentOf(d), baseOf(d));
    }
  }

  /**
   * The entries of a layer directory (sorted), with the markers the target did not keep as
   * files and the directories leading to markers whose directory it did not keep.
   */
  private listLayerDir(task: DirTask): LayerEntry[] {
    const list: LayerEntry[] = task.absent ? [] : readdirSync(task.layerAbs, { withFileTypes: true });
    if (this.markersIn.size > 0) {
      const have = new Set(list.map((d) => d.name));
      const add = (name: string, dir: boolean) => {
        if (have.has(name)) return;
        have.add(name);
        list.push({ name, isDirectory: () => dir, isFile: () => !dir, isSymbolicLink: () => false, isCharacterDevice: () => false });
      };
      for (const name of this.markersIn.get(task.rel) ?? []) add(name, false);
      for (const name of this.markerDirsIn.get(task.rel) ?? []) add(name, true);
    }
    return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private get prefix(): string {
    return this.opts.label ?? `applying layer ${this.layerfs} onto ${this.flat}`;
  }

  private label(rel: string, reason: string): string {
    return `${this.prefix}: entry ${JSON.stringify(rel)}: ${reason}`;
  }

  async run(): Promise<ApplyResult> {
    mkdirSync(this.flat, { recursive: true });
    const root: DirTask = { rel: '', layerAbs: this.layerfs, flatAbs: this.flat, createAt: undefined, parent: undefined, name: '', fresh: false, viaLink: false, epoch: 0 };
    if (this.implicit.has('')) this.rememberTimes(this.flat);
    else this.applyDirMeta(this.layerfs, this.flat);
    try {
      this.stageExternalLinks(this.opts.externalLinks ?? []);
      // Breadth first, names sorted: the layer's entries go in in the canonical order (parents before
      // children, a directory's whiteouts before its entries), whatever order readdir gives; where two
      // paths of the layer reach one flat directory through lower symlinks, that order decides.
      let queue: DirTask[] = [root];
      let head = 0;
      let sinceYield = 0;
      while (head < queue.length) {
        const task = queue[head++]!;
        if (head > 4096) {
          queue = queue.slice(head);
          head = 0;
        }
        const n = this.processDir(task, queue);
        sinceYield += n;
        if (sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } catch (err) {
      if (err instanceof LayerError) throw err;
      throw new LayerError(`${this.prefix}: ${errnoText(err)}`, { cause: err });
    } finally {
      if (this.staging !== undefined) rmSync(this.staging, { recursive: true, force: true });
    }
    this.finishDirs();
    return { entries: this.entries, removed: this.removed };
  }

  /**
   * Links every lower-layer target of an external hardlink into a staging dir
   * first, so that the links get the lower layer's file even if this layer
   * replaces or removes the target (as in umoci, where the link entry came first).
   */
  private stageExternalLinks(links: ExternalLink[]): void {
    if (links.length === 0) return;
    this.staging = `${this.flat}/${this.stagingName}`;
    mkdirSync(this.staging, 0o700);
    links.forEach((l, i) => {
      const path = cleanEntryName(l.path, 4096);
      const target = cleanEntryName(l.target, 4096);
      // The sidecar is data from disk: a '..' in it must not link files from outside the flat tree.
      if (!path.ok || !target.ok || path.path === '' || target.path === '') {
        throw new UnsafePathError(this.label(l.path, `invalid external hardlink ${JSON.stringify(l)}`));
      }
      const src = resolveParentInRoot(this.flat, target.path);
      const st = lstatOrUndefined(src);
      if (st === undefined || st.isDirectory()) {
        throw new UnsafePathError(this.label(path.path, `hardlink target ${JSON.stringify(target.path)} is not a file of the lower layers`));
      }
      const staged = `${this.staging}/${i}`;
      linkSync(src, staged);
      this.staged.set(path.path, staged);
    });
  }

  /** Handles one directory of the layer: opaque marker, whiteouts, then entries; returns the number of entries. */
  private processDir(task: DirTask, queue: DirTask[]): number {
    const list = this.listLayerDir(task);
    this.locate(task);
    if (task.flatAbs !== undefined) this.current(task);
    if (task.flatAbs !== undefined && task.rel !== '' && this.implicit.has(task.rel)) this.rememberTimes(task.flatAbs);
    const others: LayerEntry[] = [];
    let opaque = false;
    const whiteouts: string[] = [];
    for (const d of list) {
      const w = whiteoutOf(d.name);
      if (w.kind === 'none') {
        others.push(d);
        continue;
      }
      const rel = joinRel(task.rel, d.name);
      // A whiteout is a marker; a directory of that name would hide entries the walk never applies.
      if (d.isDirectory()) throw new InvalidWhiteoutError(this.label(rel, 'whiteout is a directory'));
      if (w.kind === 'invalid') throw new InvalidWhiteoutError(this.label(rel, w.reason));
      if (w.kind === 'opaque') opaque = true;
      else whiteouts.push(w.target);
    }
    const dir = task.flatAbs;
    // Whiteouts and opaque markers hide the lower layers only: where two paths of this layer reach the
    // same flat directory (through lower symlinks), what the earlier one put there stays.
    const ours = dir !== undefined && (opaque || whiteouts.length > 0) ? this.placedBefore(dir) : undefined;
    // Opaque first: it removes the lower layers' content, then this layer's entries go in.
    if (opaque && dir !== undefined && !task.fresh) this.opaqueClear(dir, ours);
    if (dir !== undefined && !task.fresh) for (const name of whiteouts) if (!ours?.has(name)) this.remove(`${dir}/${name}`);
    for (const d of others) {
      const rel = joinRel(task.rel, d.name);
      const src = `${task.layerAbs}/${d.name}`;
      this.entries++;
      if (d.isDirectory()) {
        queue.push(this.childDir(task, d.name, rel, src));
        continue;
      }
      const staged = this.staged.get(rel);
      if (staged !== undefined) {
        const dst = `${this.ensure(task)}/${d.name}`;
        if (!task.fresh) this.clear(dst);
        linkSync(staged, dst);
      } else if (d.isFile() || d.isSymbolicLink()) {
        const dst = `${this.ensure(task)}/${d.name}`;
        if (!task.fresh) this.clear(dst);
        this.place(src, dst);
        // A new symlink can change where a path resolves (a name that was missing now leads elsewhere).
        if (d.isSymbolicLink()) this.epoch++;
      } else if (d.isCharacterDevice() && whiteouts.includes(d.name)) {
        this.entries--; // the overlay form (char 0:0) of a whiteout the markers apply
      } else {
        this.entries--;
        this.logger.warn('skipping special file in layer dir', { entry: rel });
      }
    }
    if (task.flatAbs !== undefined) {
      const seen = this.visits.get(task.flatAbs);
      if (seen === undefined) this.visits.set(task.flatAbs, [task]);
      else seen.push(task);
    }
    return list.length;
  }

  /**
   * Removes the lower layers' content of `dir`; a directory that this layer already put entries into
   * stays, with only its lower content removed (as umoci keeps the paths of this layer).
   */
  private opaqueClear(dir: string, ours: Set<string> | undefined): void {
    for (const name of readdirSync(dir)) {
      if (dir === this.flat && name === this.stagingName) continue;
      const abs = `${dir}/${name}`;
      if (!ours?.has(name)) this.remove(abs);
      else if (this.visits.has(abs) && lstatOrUndefined(abs)?.isDirectory()) this.opaqueClear(abs, this.placedBefore(abs));
    }
  }

  /**
   * Names that earlier directories of this layer put into the flat directory `dir`: their files,
   * symlinks and directories with an entry, and directories without one that this apply made or
   * put entries into (umoci keeps a path with this layer's entries below it).
   */
  private placedBefore(dir: string): Set<string> | undefined {
    const earlier = this.visits.get(dir);
    if (earlier === undefined) return undefined;
    const names = new Set<string>();
    for (const t of earlier) {
      for (const d of readdirSync(t.layerAbs, { withFileTypes: true })) {
        if (whiteoutOf(d.name).kind !== 'none') continue;
        const abs = `${dir}/${d.name}`;
        if (!d.isDirectory() || !this.implicit.has(joinRel(t.rel, d.name)) || this.made.has(abs) || this.visits.has(abs)) names.add(d.name);
      }
    }
    return names;
  }

  private childDir(parent: DirTask, name: string, rel: string, src: string): DirTask {
    const absent = parent.absent === true || (this.markerDirs.has(rel) && lstatOrUndefined(src) === undefined);
    const task: DirTask = { rel, layerAbs: src, flatAbs: undefined, createAt: undefined, parent, name, fresh: false, viaLink: parent.viaLink, epoch: this.epoch, absent };
    // A directory the target did not keep counts as implicit: nothing of it is known but its markers.
    if (!absent && !this.implicit.has(rel)) {
      // The layer has this directory: whatever the lower layers have there (file, symlink) gives way.
      const dst = `${this.ensure(parent)}/${name}`;
      const st = parent.fresh ? undefined : lstatOrUndefined(dst);
      if (st === undefined || !st.isDirectory()) {
        if (st !== undefined) {
          unlinkSync(dst);
          this.epoch++;
        }
        mkdirSync(dst, 0o700);
        task.fresh = true;
      }
      const meta = this.applyDirMeta(src, dst);
      // The setgid bit and group take effect at once, so that a directory made inside it inherits them
      // (as umoci's MkdirAll below a setgid directory does); the rest of the mode waits for the end.
      if ((meta.mode & 0o2000) !== 0) this.setgidNow(dst, meta.gid);
      task.flatAbs = dst;
      this.safe.add(dst);
    }
    return task;
  }

  /**
   * Where an implicit directory is in the flat tree, decided when its turn comes (an entry of this layer
   * may have replaced a lower symlink meanwhile): the lower directory, or the lower symlink's target
   * resolved inside the flat root, or nowhere yet (created when first needed).
   */
  private locate(task: DirTask): void {
    const parent = task.parent;
    if (task.flatAbs !== undefined || parent === undefined || !this.implicit.has(task.rel)) return;
    if (parent.flatAbs === undefined || parent.fresh) return; // created when first needed
    if (!this.current(parent)) return;
    const here = `${parent.flatAbs}/${task.name}`;
    const st = lstatOrUndefined(here);
    task.epoch = this.epoch;
    task.viaLink = parent.viaLink;
    if (st?.isDirectory()) task.flatAbs = here;
    else if (st?.isSymbolicLink()) {
      // The layer only passes through this directory: follow the lower layers' symlink, inside the flat root.
      // A loop is not refused yet: an entry of this layer may replace the symlink before one needs it.
      let resolved: string;
      try {
        resolved = resolveInRoot(this.flat, here.slice(this.flat.length + 1));
      } catch (err) {
        if (err instanceof SymlinkLoopError) return;
        throw err;
      }
      task.viaLink = true;
      if (lstatOrUndefined(resolved)?.isDirectory()) task.flatAbs = resolved;
      else task.createAt = resolved;
    }
  }

  /**
   * Whether the task's flat directory may be used as it is: its path has no symlink from the flat root
   * down, and, if it was reached through a symlink, nothing changed since. Otherwise it is resolved again.
   */
  private current(task: DirTask): boolean {
    if (task.flatAbs === undefined) return false;
    if ((!task.viaLink || task.epoch === this.epoch) && this.isSafe(task.flatAbs)) return true;
    this.relocate(task);
    return task.flatAbs !== undefined;
  }

  private resolve(task: DirTask, unsafe: string): string {
    try {
      return resolveInRoot(this.flat, unsafe);
    } catch (err) {
      if (err instanceof SymlinkLoopError) throw new LayerError(this.label(task.rel, 'too many levels of symbolic links in the lower layers'), { cause: err });
      throw err;
    }
  }

  /**
   * Whether every component of a flat path from the flat root down is a real directory (lstat; no
   * symlink). Verified paths are cached until a directory is removed.
   */
  private isSafe(abs: string): boolean {
    if (this.safe.has(abs)) return true;
    const rel = this.relOf(abs);
    let p = this.flat;
    for (const part of rel === '' ? [] : rel.split('/')) {
      p = `${p}/${part}`;
      if (this.safe.has(p)) continue;
      if (!lstatOrUndefined(p)?.isDirectory()) return false;
      this.safe.add(p);
    }
    this.safe.add(abs);
    return true;
  }

  /**
   * A directory whose place in the flat tree another entry of this layer replaced meanwhile (a
   * component became a symlink or file): its path is resolved again inside the flat root, as umoci
   * resolves each entry when its turn comes, never through a symlink out of the root.
   */
  private relocate(task: DirTask): void {
    const resolved = this.resolve(task, task.rel);
    task.flatAbs = undefined;
    task.fresh = false;
    task.createAt = resolved;
    task.epoch = this.epoch;
    task.viaLink = resolved !== (task.rel === '' ? this.flat : `${this.flat}/${task.rel}`);
    if (lstatOrUndefined(resolved)?.isDirectory()) {
      // resolveInRoot gives real directories for every existing component; checked all the same.
      if (!this.isSafe(resolved)) throw new UnsafePathError(this.label(task.rel, 'its directory in the flat tree is reached only through a symlink'));
      task.flatAbs = resolved;
    }
  }

  /** The flat directory of `task`, created (with its parents) when an entry first needs it. */
  private ensure(task: DirTask): string {
    if (this.current(task)) return task.flatAbs!;
    let path: string;
    if (task.createAt !== undefined && task.epoch === this.epoch) {
      path = task.createAt;
    } else {
      // Not placed yet, or placed before the tree changed: where the path leads now, inside the flat root.
      path = `${this.ensure(task.parent!)}/${task.name}`;
      task.viaLink = task.parent!.viaLink;
      if (lstatOrUndefined(path)?.isSymbolicLink()) {
        path = this.resolve(task, this.relOf(path));
        task.viaLink = true;
      }
    }
    this.makeParents(task, path);
    task.epoch = this.epoch;
    const st = lstatOrUndefined(path);
    if (st === undefined) {
      // New in the flat tree, without a tar entry: mode and group as mkdir gives them below its parent
      // here (umoci's MkdirAll: 0755, or the setgid bit and group of a setgid parent), the layer dir's times.
      mkdirSync(path, 0o755);
      task.fresh = true;
      this.made.add(path);
      this.applyDirTimes(task.layerAbs, path);
    } else if (!st.isDirectory()) {
      throw new LayerError(this.label(task.rel, `cannot create the directory: a lower layer has a non-directory at ${JSON.stringify(path.slice(this.flat.length))}`));
    }
    task.flatAbs = path;
    this.safe.add(path);
    return path;
  }

  /**
   * The missing directories above a symlink-resolved place, one at a time: 0755 like umoci's MkdirAll
   * (not the 0700 a recursive mkdir would leave), and a lower file on the way is named, not an errno.
   */
  private makeParents(task: DirTask, path: string): void {
    const rel = path.slice(this.flat.length + 1);
    const parts = rel.split('/');
    parts.pop();
    let p = this.flat;
    for (const part of parts) {
      p = `${p}/${part}`;
      if (this.safe.has(p)) continue;
      const st = lstatOrUndefined(p);
      if (st === undefined) mkdirSync(p, 0o755);
      else if (!st.isDirectory()) {
        throw new LayerError(this.label(task.rel, `cannot create the directory: a lower layer has a non-directory at ${JSON.stringify(p.slice(this.flat.length))}`));
      }
      this.safe.add(p);
    }
  }

  /** Removes a path of the flat tree (whiteout, opaque directory) without following symlinks. */
  private remove(abs: string): void {
    if (this.clear(abs)) this.removed++;
  }

  /** Makes room for a new file or symlink: unlink (never rewrite a shared inode), or remove a directory. */
  private clear(abs: string): boolean {
    const st = lstatOrUndefined(abs);
    if (st === undefined) return false;
    this.epoch++;
    if (st.isDirectory()) {
      // rm does not follow symlinks below; `abs` is in a verified directory.
      rmSync(abs, { recursive: true, force: true });
      this.forget(abs);
    } else {
      unlinkSync(abs);
    }
    return true;
  }

  /**
   * A removed subtree takes its deferred metadata with it, and verified paths under it are void (a
   * component may become a symlink next).
   */
  private forget(abs: string): void {
    this.safe = new Set();
    const rel = abs.slice(this.flat.length + 1);
    const under = `${rel}/`;
    for (const k of [...this.finals.keys()]) if (k === rel || k.startsWith(under)) this.finals.delete(k);
  }

  private place(src: string, dst: string): void {
    if (this.link) {
      try {
        linkSync(src, dst);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EXDEV') {
          this.logger.info('layer dir and flat dir are on different file systems; copying files', { flat: this.flat });
          this.link = false;
        } else if (code !== 'EMLINK' && code !== 'EPERM') throw err;
      }
    }
    this.copy(src, dst);
  }

  private copy(src: string, dst: string): void {
    const st = lstatSync(src);
    if (st.isSymbolicLink()) {
      symlinkSync(readlinkSync(src), dst);
    } else {
      // Files hardlinked within the layer stay one inode in the flat tree.
      const first = st.nlink > 1 ? this.copied.get(st.ino) : undefined;
      if (first !== undefined && lstatOrUndefined(first) !== undefined) {
        linkSync(first, dst);
        return;
      }
      copyFileSync(src, dst, constants.COPYFILE_EXCL);
      if (st.nlink > 1) this.copied.set(st.ino, dst);
    }
    this.copyMeta(st, dst);
  }

  /** On the file or symlink just created at `dst` (in a verified directory; chmod only for a file). */
  private copyMeta(st: Stats, dst: string): void {
    if (this.sameOwner) lchownSync(dst, st.uid, st.gid);
    // chmod after chown: chown clears setuid/setgid. Symlinks have no mode of their own.
    if (!st.isSymbolicLink()) chmodSync(dst, st.mode & 0o7777);
    lutimesSync(dst, secondsOf(st.atimeMs), secondsOf(st.mtimeMs));
  }

  /**
   * Owner, mode and times of a layer directory onto a flat directory, at the very end: a read-only
   * mode set now would stop us (when not root) from writing the directory's entries.
   */
  private applyDirMeta(src: string, dst: string): { uid: number; gid: number; mode: number } {
    const st = lstatSync(src);
    const meta = { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
    this.finals.set(this.relOf(dst), { ino: lstatSync(dst).ino, atime: secondsOf(st.atimeMs), mtime: secondsOf(st.mtimeMs), meta });
    return meta;
  }

  private applyDirTimes(src: string, dst: string): void {
    const st = lstatSync(src);
    this.finals.set(this.relOf(dst), { ino: lstatSync(dst).ino, atime: secondsOf(st.atimeMs), mtime: secondsOf(st.mtimeMs) });
  }

  /** Group and setgid bit of a directory just made or kept (in a verified directory), through an fd of it. */
  private setgidNow(abs: string, gid: number): void {
    const fd = openSync(abs, O_DIR_NOFOLLOW);
    try {
      if (this.sameOwner) fchownSync(fd, -1, gid);
      fchmodSync(fd, (fstatSync(fd).mode & 0o777) | 0o700 | 0o2000);
    } finally {
      closeSync(fd);
    }
  }

  /** A lower layer's directory whose entries change keeps its times, as in umoci (an explicit entry's metadata wins). */
  private rememberTimes(abs: string): void {
    const rel = this.relOf(abs);
    if (this.finals.has(rel)) return;
    const st = lstatOrUndefined(abs);
    if (st?.isDirectory()) this.finals.set(rel, { ino: st.ino, atime: secondsOf(st.atimeMs), mtime: secondsOf(st.mtimeMs) });
  }

  private relOf(abs: string): string {
    return abs === this.flat ? '' : abs.slice(this.flat.length + 1);
  }

  /**
   * Deepest first, so that finishing a child does not change its parent's mtime afterwards. Each record
   * reaches its directory by a re-walk from the flat root that refuses symlinks, and changes it through an
   * fd of it (O_NOFOLLOW) that must be the recorded inode: never a host directory behind a symlink.
   */
  private finishDirs(): void {
    const depth = (p: string) => (p === '' ? 0 : p.split('/').length);
    const list = [...this.finals].sort((a, b) => depth(b[0]) - depth(a[0]));
    const seen = new Set<string>();
    for (const [rel, f] of list) {
      if (!this.walkable(rel, seen)) continue;
      let fd: number;
      try {
        fd = openSync(rel === '' ? this.flat : `${this.flat}/${rel}`, O_DIR_NOFOLLOW);
      } catch {
        continue; // not a directory any more (replaced by a symlink or file)
      }
      try {
        if (fstatSync(fd).ino !== f.ino) continue;
        if (f.meta !== undefined) {
          if (this.sameOwner) fchownSync(fd, f.meta.uid, f.meta.gid);
          // chmod after chown: chown clears setgid.
          fchmodSync(fd, f.meta.mode);
        }
        futimesSync(fd, f.atime, f.mtime);
      } finally {
        closeSync(fd);
      }
    }
  }

  /** Every ancestor of `rel` is a real directory (lstat from the flat root; a symlink on the way: false). */
  private walkable(rel: string, seen: Set<string>): boolean {
    if (rel === '') return true;
    const parts = rel.split('/');
    parts.pop();
    let p = '';
    for (const part of parts) {
      p = p === '' ? part : `${p}/${part}`;
      if (seen.has(p)) continue;
      if (!lstatOrUndefined(`${this.flat}/${p}`)?.isDirectory()) return false;
      seen.add(p);
    }
    return true;
  }
}
