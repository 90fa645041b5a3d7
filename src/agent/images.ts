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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSyncRecords, METADATA_DIR, MULTIARCH_DIR, syncRecordSchema, type ListedRecord, type SyncRecord } from '../repo/index.ts';
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

/**
 * The published images of one target. The first read walks `.metadata/`
 * (about 1 s for 5,000 names here); after that each finished job refreshes
 * only the names it touched, and a full walk runs again at most every
 * `rescanMs` (to see what the CLI or a loop published beside the agent).
 */
export class ImageIndex {
  private views?: Map<string, ImageView>;
  private sorted?: ImageView[];
  private scannedAt = 0;
  private readonly sizes = new Map<string, number | undefined>();

  constructor(
    private readonly root: string | undefined,
    private readonly store: JobStore,
    private readonly rescanMs = 10 * 60_000,
  ) {}

  private sizeOf = (linkPath: string, digest: string): number | undefined => {
    if (!this.sizes.has(digest)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(this.root!, METADATA_DIR, linkPath, 'manifest.raw.json'), 'utf8');
      } catch {
        text = undefined;
      }
      this.sizes.set(digest, text === undefined ? undefined : manifestSize(text));
    }
    return this.sizes.get(digest);
  };

  /** Re-reads these names (a job published, updated or removed them). */
  refresh(names: string[]): void {
    if (this.root === undefined || this.views === undefined) return;
    const root = this.root;
    for (const name of names) {
      const records: ListedRecord[] = [];
      const primary = readRecord(join(root, METADATA_DIR, name));
      if (primary) records.push({ linkPath: name, record: primary });
      for (const arch of listDir(join(root, METADATA_DIR, MULTIARCH_DIR))) {
        const r = readRecord(join(root, METADATA_DIR, MULTIARCH_DIR, arch, name));
        if (r) records.push({ linkPath: `${MULTIARCH_DIR}/${arch}/${name}`, record: r });
      }
      const changes = new Map<string, ImageEvent>();
      for (const { record } of records) {
        const change = this.store.lastChange(name, record.manifestDigest);
        if (change) changes.set(`${name} ${record.manifestDigest}`, change);
      }
      const [view] = imageViews(root, records, changes, this.sizeOf);
      if (view) this.views.set(name, view);
      else this.views.delete(name);
    }
    this.sorted = undefined;
  }

  list(): ImageView[] {
    if (this.root === undefined) return [];
    const now = Date.now();
    if (this.views === undefined || now - this.scannedAt >= this.rescanMs) {
      const views = imageViews(this.root, listSyncRecords(this.root), this.store.lastChanges(), this.sizeOf);
      this.views = new Map(views.map((v) => [v.name, v]));
      this.scannedAt = now;
      this.sorted = undefined;
    }
    this.sorted ??= [...this.views.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sorted;
  }

  get(name: string): ImageView | undefined {
    this.list();
    return this.views?.get(name);
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readRecord(metaDir: string): SyncRecord | undefined {
  try {
    const parsed = syncRecordSchema.safeParse(JSON.parse(readFileSync(join(metaDir, 'sync.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
