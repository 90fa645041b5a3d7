/**
 * What is published, for `GET /api/v1/images` and the status page.
 *
 * The target is the truth about *what* is published (each name's sync.json
 * under `.metadata/`, written by whoever published it: this agent, the CLI,
 * a loop); the agent's job store adds *who and when* (the job, its source
 * and identity), which the repository does not hold — identities are no
 * business of a public CVMFS repository, and writing them there would cost
 * a publish. Sizes come from each name's stored manifest (compressed layer
 * bytes, as registries show them): one small file, no tree walk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSyncRecords, METADATA_DIR, MULTIARCH_DIR } from '../repo/index.ts';
import type { ImageEvent, JobStore } from './queue.ts';

export interface ImageView {
  /** `<registry>/<repository>:<tag>` (or `@sha256:…`). */
  name: string;
  /** Manifest digest (of the primary platform). */
  digest: string;
  configDigest: string;
  platforms: string[];
  /** Absolute path of the public link: `/cvmfs/<repo>/<name>`. */
  path: string;
  /** Compressed layer bytes + config, from the stored manifest; absent when unreadable. */
  size?: number;
  /** When the content last changed (sync.json). */
  syncedAt: string;
  /** The agent job that published this digest, when this agent did. */
  syncedBy?: { job: string; url: string; source: string; identity: string };
}

/** Sums the sizes a manifest lists (layers and config). */
export function manifestSize(text: string): number | undefined {
  try {
    const m = JSON.parse(text) as { config?: { size?: unknown }; layers?: { size?: unknown }[] };
    if (!Array.isArray(m.layers)) return undefined;
    let total = typeof m.config?.size === 'number' ? m.config.size : 0;
    for (const l of m.layers) if (typeof l.size === 'number') total += l.size;
    return total;
  } catch {
    return undefined;
  }
}

/** Builds the views from sync records and the store's last changes (pure). */
export function imageViews(
  root: string,
  records: { linkPath: string; record: { manifestDigest: string; configDigest: string; platform: string; syncedAt: string } }[],
  changes: Map<string, ImageEvent>,
  sizeOf: (linkPath: string, digest: string) => number | undefined,
): ImageView[] {
  const byName = new Map<string, ImageView>();
  const extraPlatforms = new Map<string, Set<string>>();
  for (const { linkPath, record } of records) {
    if (linkPath.startsWith(`${MULTIARCH_DIR}/`)) {
      // `.multiarch/<arch>/<name>`: one more platform of <name>.
      const name = linkPath.split('/').slice(2).join('/');
      const set = extraPlatforms.get(name) ?? new Set<string>();
      set.add(record.platform);
      extraPlatforms.set(name, set);
      continue;
    }
    const view: ImageView = {
      name: linkPath,
      digest: record.manifestDigest,
      configDigest: record.configDigest,
      platforms: [record.platform],
      path: join(root, linkPath),
      syncedAt: record.syncedAt,
    };
    const size = sizeOf(linkPath, record.manifestDigest);
    if (size !== undefined) view.size = size;
    const change = changes.get(`${linkPath} ${record.manifestDigest}`);
    if (change) view.syncedBy = { job: change.jobId, url: `/api/v1/jobs/${change.jobId}`, source: change.source, identity: change.identity };
    byName.set(linkPath, view);
  }
  for (const [name, platforms] of extraPlatforms) {
    const view = byName.get(name);
    if (view) view.platforms = [...new Set([...view.platforms, ...platforms])].sort();
  }
  return [...byName.values()];
}

/** The published images of one target, re-read at most every `ttlMs` (and after each job). */
export class ImageIndex {
  private cache?: { at: number; views: ImageView[] };
  private readonly sizes = new Map<string, number | undefined>();

  constructor(
    private readonly root: string | undefined,
    private readonly store: JobStore,
    private readonly ttlMs = 5_000,
  ) {}

  invalidate(): void {
    this.cache = undefined;
  }

  list(): ImageView[] {
    if (this.root === undefined) return [];
    const now = Date.now();
    if (this.cache && now - this.cache.at < this.ttlMs) return this.cache.views;
    const root = this.root;
    const views = imageViews(root, listSyncRecords(root), this.store.lastChanges(), (linkPath, digest) => {
      if (!this.sizes.has(digest)) {
        let text: string | undefined;
        try {
          text = readFileSync(join(root, METADATA_DIR, linkPath, 'manifest.raw.json'), 'utf8');
        } catch {
          text = undefined;
        }
        this.sizes.set(digest, text === undefined ? undefined : manifestSize(text));
      }
      return this.sizes.get(digest);
    });
    this.cache = { at: now, views };
    return views;
  }

  get(name: string): ImageView | undefined {
    return this.list().find((v) => v.name === name);
  }
}
