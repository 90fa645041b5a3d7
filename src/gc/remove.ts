/**
 * Removal on request (`POST /api/v1/remove`): the public links of named
 * images, and their metadata, go at once in one transaction; their content
 * (flat trees, layers) stays for `gc`, which removes it once nothing links
 * to it and the grace period has passed. An image another name still links
 * to is therefore never harmed: only names are removed here.
 *
 * The flat trees of removed names are touched, so that the grace period
 * counts from the removal (a job still running from that tree, or a cache,
 * has that long).
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, rmSync, utimesSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import type { Publisher } from '../publish/index.ts';
import { FLAT_DIR, METADATA_DIR, MULTIARCH_DIR, removeEntry } from '../repo/index.ts';
import { matchGlob, parseImageRef, type ImageRef } from '../reference/index.ts';
import type { Logger } from '../log/logger.ts';

export interface RemovalTarget {
  registry: string;
  repository: string;
  /** Tag globs and digests (`sha256:…`) to remove. */
  patterns: string[];
}

export interface RemovedName {
  /** `<registry>/<repository>:<tag>` */
  name: string;
  /** The flat tree it pointed to (`sha256:…`), when it was a link into `.flat/`. */
  configDigest?: string;
  /** Further `.multiarch/<arch>` links of the name that were removed. */
  platforms: string[];
}

/**
 * Parses the requested names (full references; the tag may be a wildcard)
 * and checks they all belong to one repository. Throws with the reason.
 */
export function parseRemoval(images: string[]): { target: RemovalTarget; refs: ImageRef[] } {
  if (images.length === 0) throw new Error('name at least one image');
  const refs = images.map((i) => parseImageRef(i, { allowWildcard: true, defaultTag: 'latest' }));
  const first = refs[0]!;
  for (const r of refs) {
    if (r.registry !== first.registry || r.repository !== first.repository) {
      throw new Error(`all images of one removal must be of one repository: ${first.registry}/${first.repository} and ${r.registry}/${r.repository} differ`);
    }
  }
  const patterns = refs.map((r) => r.digest ?? r.tag!);
  return { target: { registry: first.registry, repository: first.repository, patterns }, refs };
}

/** The published names (`repo:tag` / `repo@sha256:…` entries) of one repository directory that match. */
export function matchNames(entries: string[], base: string, patterns: string[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    let suffix: string | undefined;
    if (e.startsWith(`${base}:`)) suffix = e.slice(base.length + 1);
    else if (e.startsWith(`${base}@`)) suffix = e.slice(base.length + 1);
    if (suffix === undefined || suffix === '') continue;
    if (patterns.some((p) => (p.startsWith('sha256:') ? e === `${base}@${p}` : !suffix.startsWith('sha256:') && matchGlob(p, suffix)))) out.push(e);
  }
  return out.sort();
}

function names(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** What `removeNames` would remove, read from the repository (no change). */
export function planRemoval(root: string, target: RemovalTarget): string[] {
  const repoDir = join(root, target.registry, dirname(target.repository));
  const base = basename(target.repository);
  const found = new Set<string>();
  for (const e of matchNames(names(repoDir), base, target.patterns)) found.add(e);
  // Names published only under .multiarch/ (or whose metadata outlived the link) count too.
  for (const arch of names(join(root, MULTIARCH_DIR))) {
    for (const e of matchNames(names(join(root, MULTIARCH_DIR, arch, target.registry, dirname(target.repository))), base, target.patterns)) found.add(e);
  }
  for (const e of matchNames(names(join(root, METADATA_DIR, target.registry, dirname(target.repository))), base, target.patterns)) found.add(e);
  const prefix = dirname(`${target.registry}/${target.repository}`);
  return [...found].sort().map((e) => `${prefix}/${e}`);
}

function flatOf(linkAbs: string, root: string): string | undefined {
  try {
    if (!lstatSync(linkAbs).isSymbolicLink()) return undefined;
    const target = resolve(dirname(linkAbs), readlinkSync(linkAbs));
    const rel = target.slice(join(root, FLAT_DIR).length + 1).split('/');
    return target.startsWith(join(root, FLAT_DIR) + '/') && rel.length === 2 ? `sha256:${rel[1]}` : undefined;
  } catch {
    return undefined;
  }
}

/** Metadata of a removed name: a half-removed one only means a re-sync would not be a no-op. */
function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/**
 * Removes the links and metadata of every name matching `target` in one
 * transaction; returns what was removed (empty: nothing matched, and no
 * transaction was opened). `allowed` is checked for each concrete name
 * before anything changes.
 */
export async function removeNames(opts: {
  publisher: Publisher;
  target: RemovalTarget;
  allowed?: (name: string) => boolean;
  logger?: Logger;
  now?: Date;
}): Promise<RemovedName[]> {
  const { publisher, target } = opts;
  const planned = planRemoval(publisher.root, target);
  const refused = planned.filter((n) => opts.allowed && !opts.allowed(n));
  if (refused.length) throw new Error(`removing ${refused.join(', ')}: no policy rule allows removing ${refused.length === 1 ? 'it' : 'them'}`);
  if (planned.length === 0) return [];
  const txn = await publisher.begin(opts.logger ? { logger: opts.logger } : {});
  const removed: RemovedName[] = [];
  try {
    const root = txn.root;
    const now = opts.now ?? new Date();
    for (const name of planned) {
      const item: RemovedName = { name, platforms: [] };
      const flat = flatOf(join(root, name), root);
      if (flat) item.configDigest = flat;
      const touched = new Set<string>(flat ? [flat] : []);
      removeEntry(join(root, name));
      removeTree(join(root, METADATA_DIR, name));
      for (const arch of names(join(root, MULTIARCH_DIR))) {
        const link = join(root, MULTIARCH_DIR, arch, name);
        const archFlat = flatOf(link, root);
        if (archFlat) touched.add(archFlat);
        if (existsSync(link) || archFlat) {
          removeEntry(link);
          item.platforms.push(arch);
        }
        removeTree(join(root, METADATA_DIR, MULTIARCH_DIR, arch, name));
      }
      // The grace period of gc counts from now for the content these names used.
      for (const digest of touched) {
        const hex = digest.slice('sha256:'.length);
        const dir = join(root, FLAT_DIR, hex.slice(0, 2), hex);
        if (existsSync(dir)) utimesSync(dir, now, now);
      }
      removed.push(item);
    }
    await txn.commit();
  } catch (err) {
    await txn.abort(err).catch(() => {});
    throw new Error(`removing ${planned.join(', ')} from ${publisher.describe()}`, { cause: err });
  }
  return removed;
}
