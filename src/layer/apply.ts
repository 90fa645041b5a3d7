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
 */
import {
  chmodSync,
  constants,
  copyFileSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
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
import { InvalidWhiteoutError, LayerError, UnsafePathError } from './errors.ts';
import { baseOf, cleanEntryName, joinRel, parentOf, whiteoutOf } from './names.ts';
import { lstatOrUndefined, resolveInRoot, resolveParentInRoot } from './root-resolve.ts';
import type { ApplyOptions, ApplyResult, ExternalLink } from './types.ts';

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
  /** Not in the layer dir (a target dropped it): only its markers are applied. */
  absent?: boolean;
}

/** Metadata set on a flat directory once everything below it is done. */
interface DirFinal {
  abs: string;
  /** Seconds (fractional): a Date would cut the time to milliseconds. */
  atime: number;
  mtime: number;
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
  /** Marker names by layer directory (ApplyOptions.markers), and the directories on the way to them. */
  private readonly markersIn = new Map<string, Set<string>>();
  /** Directory names on the way to markers, by parent directory. */
  private readonly markerDirsIn = new Map<string, Set<string>>();
  private readonly markerDirs = new Set<string>();
  private readonly finals: DirFinal[] = [];
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
    const base = c.ok ? c.path.split('/').pop()! : '';
    if (!c.ok || c.path === '' || whiteoutOf(base).kind === 'none' || whiteoutOf(base).kind === 'invalid') {
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
   * The entries of a layer directory, with the markers the target did not keep as files
   * and the directories leading to markers whose directory it did not keep.
   */
  private listLayerDir(task: DirTask): Pick<Dirent, 'name' | 'isDirectory' | 'isFile' | 'isSymbolicLink' | 'isCharacterDevice'>[] {
    const list: Pick<Dirent, 'name' | 'isDirectory' | 'isFile' | 'isSymbolicLink' | 'isCharacterDevice'>[] = task.absent ? [] : readdirSync(task.layerAbs, { withFileTypes: true });
    if (this.markersIn.size === 0) return list;
    const have = new Set(list.map((d) => d.name));
    const add = (name: string, dir: boolean) => {
      if (have.has(name)) return;
      have.add(name);
      list.push({ name, isDirectory: () => dir, isFile: () => !dir, isSymbolicLink: () => false, isCharacterDevice: () => false });
    };
    for (const name of this.markersIn.get(task.rel) ?? []) add(name, false);
    for (const name of this.markerDirsIn.get(task.rel) ?? []) add(name, true);
    return list;
  }

  private get prefix(): string {
    return this.opts.label ?? `applying layer ${this.layerfs} onto ${this.flat}`;
  }

  private label(rel: string, reason: string): string {
    return `${this.prefix}: entry ${JSON.stringify(rel)}: ${reason}`;
  }

  async run(): Promise<ApplyResult> {
    mkdirSync(this.flat, { recursive: true });
    const root: DirTask = { rel: '', layerAbs: this.layerfs, flatAbs: this.flat, createAt: undefined, parent: undefined, name: '', fresh: false };
    if (this.implicit.has('')) this.rememberTimes(this.flat);
    else this.applyDirMeta(this.layerfs, this.flat);
    try {
      this.stageExternalLinks(this.opts.externalLinks ?? []);
      const stack: DirTask[] = [root];
      let sinceYield = 0;
      while (stack.length > 0) {
        const task = stack.pop()!;
        const n = this.processDir(task, stack);
        sinceYield += n;
        if (sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } catch (err) {
      if (err instanceof LayerError) throw err;
      throw new LayerError(`${this.prefix}: ${(err as Error).message}`, { cause: err });
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
  private processDir(task: DirTask, stack: DirTask[]): number {
    const list = this.listLayerDir(task);
    if (task.flatAbs !== undefined && task.rel !== '' && this.implicit.has(task.rel)) this.rememberTimes(task.flatAbs);
    const others: typeof list = [];
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
    // Opaque first: it removes the lower layers' content, then this layer's entries go in.
    if (opaque && dir !== undefined && !task.fresh) {
      for (const name of readdirSync(dir)) {
        if (dir === this.flat && name === this.stagingName) continue;
        this.remove(`${dir}/${name}`);
      }
    }
    if (dir !== undefined && !task.fresh) for (const name of whiteouts) this.remove(`${dir}/${name}`);
    for (const d of others) {
      const rel = joinRel(task.rel, d.name);
      const src = `${task.layerAbs}/${d.name}`;
      this.entries++;
      if (d.isDirectory()) {
        stack.push(this.childDir(task, d.name, rel, src));
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
      } else if (d.isCharacterDevice() && whiteouts.includes(d.name)) {
        this.entries--; // the overlay form (char 0:0) of a whiteout the markers apply
      } else {
        this.entries--;
        this.logger.warn('skipping special file in layer dir', { entry: rel });
      }
    }
    return list.length;
  }

  private childDir(parent: DirTask, name: string, rel: string, src: string): DirTask {
    const absent = parent.absent === true || (this.markerDirs.has(rel) && lstatOrUndefined(src) === undefined);
    const task: DirTask = { rel, layerAbs: src, flatAbs: undefined, createAt: undefined, parent, name, fresh: false, absent };
    // A directory the target did not keep counts as implicit: nothing of it is known but its markers.
    if (!absent && !this.implicit.has(rel)) {
      // The layer has this directory: whatever the lower layers have there (file, symlink) gives way.
      const dst = `${this.ensure(parent)}/${name}`;
      const st = parent.fresh ? undefined : lstatOrUndefined(dst);
      if (st === undefined || !st.isDirectory()) {
        if (st !== undefined) unlinkSync(dst);
        mkdirSync(dst, 0o700);
        task.fresh = true;
      }
      this.applyDirMeta(src, dst);
      task.flatAbs = dst;
      return task;
    }
    if (parent.flatAbs === undefined || parent.fresh) return task; // created when first needed
    const here = `${parent.flatAbs}/${name}`;
    const st = lstatOrUndefined(here);
    if (st?.isDirectory()) task.flatAbs = here;
    else if (st?.isSymbolicLink()) {
      // The layer only passes through this directory: follow the lower layers' symlink, inside the flat root.
      const resolved = resolveInRoot(this.flat, here.slice(this.flat.length + 1));
      if (lstatOrUndefined(resolved)?.isDirectory()) task.flatAbs = resolved;
      else task.createAt = resolved;
    }
    return task;
  }

  /** The flat directory of `task`, created (with its parents) when an entry first needs it. */
  private ensure(task: DirTask): string {
    if (task.flatAbs !== undefined) return task.flatAbs;
    const path = task.createAt ?? `${this.ensure(task.parent!)}/${task.name}`;
    const st = lstatOrUndefined(path);
    if (st === undefined) {
      mkdirSync(path, { recursive: true, mode: 0o700 });
      task.fresh = true;
      // New in the flat tree: it gets what the layer dir has (an implicit directory: 0755, root, extraction time).
      this.applyDirMeta(task.layerAbs, path);
    } else if (!st.isDirectory()) {
      throw new LayerError(this.label(task.rel, `cannot create the directory: a lower layer has a non-directory at ${JSON.stringify(path.slice(this.flat.length))}`));
    }
    task.flatAbs = path;
    return path;
  }

  /** Removes a path of the flat tree (whiteout, opaque directory) without following symlinks. */
  private remove(abs: string): void {
    const st = lstatOrUndefined(abs);
    if (st === undefined) return;
    if (st.isDirectory()) rmSync(abs, { recursive: true, force: true });
    else unlinkSync(abs);
    this.removed++;
  }

  /** Makes room for a new file or symlink: unlink (never rewrite a shared inode), or remove a directory. */
  private clear(abs: string): void {
    const st = lstatOrUndefined(abs);
    if (st === undefined) return;
    if (st.isDirectory()) rmSync(abs, { recursive: true, force: true });
    else unlinkSync(abs);
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

  private copyMeta(st: Stats, dst: string): void {
    if (this.sameOwner) lchownSync(dst, st.uid, st.gid);
    // chmod after chown: chown clears setuid/setgid. Symlinks have no mode of their own.
    if (!st.isSymbolicLink()) chmodSync(dst, st.mode & 0o7777);
    lutimesSync(dst, st.atimeMs / 1000, st.mtimeMs / 1000);
  }

  /**
   * Owner, mode and times of a layer directory onto a flat directory, at the very end: a read-only
   * mode set now would stop us (when not root) from writing the directory's entries.
   */
  private applyDirMeta(src: string, dst: string): void {
    const st = lstatSync(src);
    this.finals.push({ abs: dst, atime: st.atimeMs / 1000, mtime: st.mtimeMs / 1000, meta: { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 } });
  }

  /** A lower layer's directory whose entries change keeps its times, as in umoci. */
  private rememberTimes(abs: string): void {
    const st = lstatOrUndefined(abs);
    if (st?.isDirectory()) this.finals.push({ abs, atime: st.atimeMs / 1000, mtime: st.mtimeMs / 1000 });
  }

  /** Deepest first, so that finishing a child does not change its parent's mtime afterwards. */
  private finishDirs(): void {
    const depth = (p: string) => p.split('/').length;
    this.finals.sort((a, b) => depth(b.abs) - depth(a.abs));
    for (const f of this.finals) {
      // Never chmod through a symlink that took the directory's place.
      if (!lstatOrUndefined(f.abs)?.isDirectory()) continue;
      if (f.meta !== undefined) {
        if (this.sameOwner) lchownSync(f.abs, f.meta.uid, f.meta.gid);
        // chmod after chown: chown clears setgid.
        chmodSync(f.abs, f.meta.mode);
      }
      lutimesSync(f.abs, f.atime, f.mtime);
    }
  }
}
