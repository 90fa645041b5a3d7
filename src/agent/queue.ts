/**
 * The durable job store: one SQLite database (Node's built-in node:sqlite)
 * in the state directory. A job is committed (synchronous=FULL) before the
 * agent answers 202, so an accepted request survives a crash. The database
 * is opened in exclusive locking mode: one agent per state directory.
 *
 * Life of a job: queued → running → succeeded | failed. A job found
 * `running` at start-up was interrupted; it is queued again (up to
 * maxAttempts runs). Identical queued requests (same image, tags, platform)
 * are one job. A job held back by a registry's rate limit goes from running
 * back to queued with `notBefore` (and the reason in `waiting`): it is not
 * claimed before then, also after a restart.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { QueueFullError } from './errors.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRequest {
  /** Normalised reference (formatImageRef), e.g. 'ghcr.io/org/app:1.0'. */
  image: string;
  extraTags: string[];
  /** 'os/arch[/variant]', or several joined by ','; absent = the engine's default. */
  platform?: string;
  /**
   * A removal job (POST /api/v1/remove): the names or tag patterns of one
   * repository to take back; `image` then names the repository.
   */
  remove?: string[];
}

/** Progress of a running job (in memory, from the engine's events). */
export interface JobProgress {
  phase: 'fetching' | 'unpacking' | 'publishing' | 'removing';
  layersDone: number;
  layersTotal: number;
  bytes: number;
  bytesTotal: number;
}

/** One line of an image's history: a job's result for that name. */
export interface ImageEvent {
  name: string;
  status: string;
  digest?: string;
  configDigest?: string;
  platform?: string;
  path?: string;
  /** Bytes of the layers as the registry stores them (compressed), when known. */
  size?: number;
  jobId: string;
  source: string;
  identity: string;
  at: number;
}

export interface JobImage {
  ref: string;
  status: string;
  digest?: string;
  path?: string;
  error?: string;
}

export interface Job {
  id: string;
  status: JobStatus;
  request: JobRequest;
  /** 'api', 'seed', 'webhook:distribution', 'webhook:harbor', 'recipe'. */
  source: string;
  /** Who asked first (secret-free, see describeIdentity). */
  identity: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  attempts: number;
  /** How many further requests were merged into this job. */
  merged: number;
  images: JobImage[];
  error?: string;
  /** A queued job carried by a registry's rate limit: not run before then (ms since the epoch). */
  notBefore?: number;
  /** Why it waits ("waiting for registry X's rate limit until T"). */
  waiting?: string;
  /** How many times a rate limit carried it. */
  deferrals: number;
}

/** The identity of a request for merging: same image, same set of tags, same platform. */
export function mergeKey(req: JobRequest): string {
  if (req.remove) return `remove ${[...new Set(req.remove)].sort().join(' ')}`;
  const tags = [...new Set(req.extraTags)].sort().join(',');
  return `${req.image} ${tags} ${req.platform ?? ''}`;
}

export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
}

interface Row {
  id: string;
  status: string;
  request: string;
  source: string;
  identity: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  attempts: number;
  merged: number;
  images: string | null;
  error: string | null;
  not_before: number | null;
  waiting: string | null;
  deferrals: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  merge_key TEXT NOT NULL,
  request TEXT NOT NULL,
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  images TEXT,
  error TEXT,
  not_before INTEGER,
  waiting TEXT,
  deferrals INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs (merge_key, status);
CREATE TABLE IF NOT EXISTS image_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  digest TEXT,
  config_digest TEXT,
  platform TEXT,
  path TEXT,
  size INTEGER,
  job_id TEXT NOT NULL,
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS image_events_by_name ON image_events (name, seq);
`;

interface EventRow {
  name: string;
  status: string;
  digest: string | null;
  config_digest: string | null;
  platform: string | null;
  path: string | null;
  size: number | null;
  job_id: string;
  source: string;
  identity: string;
  at: number;
}

function fromEventRow(r: EventRow): ImageEvent {
  const e: ImageEvent = { name: r.name, status: r.status, jobId: r.job_id, source: r.source, identity: r.identity, at: r.at };
  if (r.digest !== null) e.digest = r.digest;
  if (r.config_digest !== null) e.configDigest = r.config_digest;
  if (r.platform !== null) e.platform = r.platform;
  if (r.path !== null) e.path = r.path;
  if (r.size !== null) e.size = r.size;
  return e;
}

export interface EnqueueResult {
  job: Job;
  /** True when the request joined an already queued identical job. */
  merged: boolean;
}

export class JobStore {
  private readonly db: DatabaseSync;
  private readonly now: () => number;

  private constructor(db: DatabaseSync, now: () => number) {
    this.db = db;
    this.now = now;
  }

  /** Opens (creating) `<dir>/jobs.sqlite`; throws StateLockedError when another agent holds it. */
  static open(dir: string, opts: { now?: () => number } = {}): JobStore {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'jobs.sqlite');
    const db = new DatabaseSync(file, { timeout: 0 });
    try {
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('PRAGMA journal_mode = WAL');
      // Every commit reaches the disk before the agent answers.
      db.exec('PRAGMA synchronous = FULL');
      db.exec('BEGIN IMMEDIATE; COMMIT;');
      db.exec(SCHEMA);
      // A job store from before rate-limit deferral: add its columns.
      const columns = new Set((db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name));
      if (!columns.has('not_before')) db.exec('ALTER TABLE jobs ADD COLUMN not_before INTEGER; ALTER TABLE jobs ADD COLUMN waiting TEXT; ALTER TABLE jobs ADD COLUMN deferrals INTEGER NOT NULL DEFAULT 0;');
    } catch (err) {
      db.close();
      if (/locked|busy/i.test((err as Error).message)) {
        throw new StateLockedError(`opening the job store ${file}: another agent is using this state directory`, { cause: err });
      }
      throw new Error(`opening the job store ${file}: ${(err as Error).message}`, { cause: err });
    }
    return new JobStore(db, opts.now ?? Date.now);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /**
   * Records a request: joins a queued identical job, or adds one. With
   * `maxQueued`, a new job beyond that many queued ones is refused
   * (QueueFullError); merging always succeeds.
   */
  enqueue(request: JobRequest, meta: { source: string; identity: string }, maxQueued?: number): EnqueueResult {
    const key = mergeKey(request);
    return this.tx(() => {
      const existing = this.db
        .prepare("SELECT * FROM jobs WHERE merge_key = ? AND status = 'queued' ORDER BY seq LIMIT 1")
        .get(key) as Row | undefined;
      if (existing) {
        this.db.prepare('UPDATE jobs SET merged = merged + 1 WHERE id = ?').run(existing.id);
        return { job: fromRow({ ...existing, merged: existing.merged + 1 }), merged: true };
      }
      if (maxQueued !== undefined && this.countByStatus('queued') >= maxQueued) throw new QueueFullError(30);
      const id = randomUUID();
      this.db
        .prepare('INSERT INTO jobs (id, status, merge_key, request, source, identity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, 'queued', key, JSON.stringify(request), meta.source, meta.identity, this.now());
      return { job: this.get(id)!, merged: false };
    });
  }

  /** Whether a request would merge into a queued job (then it costs nothing against the rate limit). */
  wouldMerge(request: JobRequest): boolean {
    return this.db.prepare("SELECT 1 FROM jobs WHERE merge_key = ? AND status = 'queued' LIMIT 1").get(mergeKey(request)) !== undefined;
  }

  /** Jobs, newest first; `statuses` filters; `before` (a job id) pages on. */
  list(opts: { statuses?: JobStatus[]; limit: number; before?: string }): Job[] {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (opts.statuses?.length) {
      where.push(`status IN (${opts.statuses.map(() => '?').join(',')})`);
      args.push(...opts.statuses);
    }
    if (opts.before) {
      where.push('seq < COALESCE((SELECT seq FROM jobs WHERE id = ?), -1)');
      args.push(opts.before);
    }
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, opts.limit) as unknown as Row[]).map(fromRow);
  }

  /** Records what a finished job did to each name (the images API's history and "synced by"). */
  recordImageEvents(events: ImageEvent[]): void {
    if (events.length === 0) return;
    this.tx(() => {
      const insert = this.db.prepare(
        'INSERT INTO image_events (name, status, digest, config_digest, platform, path, size, job_id, source, identity, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of events) {
        insert.run(e.name, e.status, e.digest ?? null, e.configDigest ?? null, e.platform ?? null, e.path ?? null, e.size ?? null, e.jobId, e.source, e.identity, e.at);
      }
    });
  }

  /** The history of one name, newest first. */
  imageHistory(name: string, limit: number): ImageEvent[] {
    return (this.db.prepare('SELECT * FROM image_events WHERE name = ? ORDER BY seq DESC LIMIT ?').all(name, limit) as unknown as EventRow[]).map(fromEventRow);
  }

  /** The latest event that published or updated `name` to `digest`. */
  lastChange(name: string, digest: string): ImageEvent | undefined {
    const row = this.db
      .prepare("SELECT * FROM image_events WHERE name = ? AND digest = ? AND status IN ('published', 'updated') ORDER BY seq DESC LIMIT 1")
      .get(name, digest) as EventRow | undefined;
    return row ? fromEventRow(row) : undefined;
  }

  /** The latest event of each name that changed it (published or updated), keyed by name and manifest digest. */
  lastChanges(): Map<string, ImageEvent> {
    const rows = this.db
      .prepare(
        "SELECT e.* FROM image_events e JOIN (SELECT MAX(seq) AS seq FROM image_events WHERE status IN ('published', 'updated') GROUP BY name, digest) m ON e.seq = m.seq",
      )
      .all() as unknown as EventRow[];
    return new Map(rows.map((r) => [`${r.name} ${r.digest ?? ''}`, fromEventRow(r)]));
  }

  get(id: string): Job | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /**
   * Takes up to `limit` queued jobs, oldest first, and marks them running.
   * A batch is of one kind: syncs, or removals; it ends where the kind
   * changes, so that a removal runs after the syncs queued before it.
   */
  claimBatch(limit: number): Job[] {
    return this.tx(() => {
      const queued = this.db
        .prepare("SELECT id, request FROM jobs WHERE status = 'queued' AND (not_before IS NULL OR not_before <= ?) ORDER BY seq LIMIT ?")
        .all(this.now(), limit) as { id: string; request: string }[];
      const isRemoval = (r: { request: string }) => (JSON.parse(r.request) as JobRequest).remove !== undefined;
      const kind = queued[0] ? isRemoval(queued[0]) : false;
      const end = queued.findIndex((r) => isRemoval(r) !== kind);
      const rows = end === -1 ? queued : queued.slice(0, end);
      const at = this.now();
      const update = this.db.prepare("UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, not_before = NULL, waiting = NULL WHERE id = ?");
      for (const r of rows) update.run(at, r.id);
      return rows.map((r) => this.get(r.id)!);
    });
  }

  finish(id: string, outcome: { status: 'succeeded' | 'failed'; images: JobImage[]; error?: string }): Job {
    this.db
      .prepare('UPDATE jobs SET status = ?, finished_at = ?, images = ?, error = ? WHERE id = ?')
      .run(outcome.status, this.now(), JSON.stringify(outcome.images), outcome.error ?? null, id);
    return this.get(id)!;
  }

  /**
   * A running job carried by a registry's rate limit: queued again, not to be
   * claimed before `notBefore`; the run is not counted against maxAttempts
   * (that bound is for crashes). The images done so far are kept.
   */
  defer(id: string, carry: { notBefore: number; waiting: string; images: JobImage[] }): Job {
    this.db
      .prepare("UPDATE jobs SET status = 'queued', started_at = NULL, attempts = MAX(attempts - 1, 0), not_before = ?, waiting = ?, images = ?, deferrals = deferrals + 1 WHERE id = ?")
      .run(carry.notBefore, carry.waiting, JSON.stringify(carry.images), id);
    return this.get(id)!;
  }

  /** When the earliest carried job becomes due (ms since the epoch), if any waits. */
  nextDue(): number | undefined {
    const row = this.db.prepare("SELECT MIN(not_before) AS t FROM jobs WHERE status = 'queued' AND not_before IS NOT NULL").get() as { t: number | null };
    return row.t ?? undefined;
  }

  /** Puts running jobs back in the queue without counting the run (an orderly stop interrupted them). */
  requeue(ids: string[]): void {
    this.tx(() => {
      const update = this.db.prepare("UPDATE jobs SET status = 'queued', started_at = NULL, attempts = MAX(attempts - 1, 0) WHERE id = ? AND status = 'running'");
      for (const id of ids) update.run(id);
    });
  }

  /**
   * At start-up: jobs left `running` by a crash are queued again, or failed
   * when they have used up `maxAttempts` runs (a job that crashes the agent
   * must not crash it forever).
   */
  recoverInterrupted(maxAttempts: number): { requeued: Job[]; failed: Job[] } {
    return this.tx(() => {
      const rows = this.db.prepare("SELECT * FROM jobs WHERE status = 'running' ORDER BY seq").all() as unknown as Row[];
      const requeued: Job[] = [];
      const failed: Job[] = [];
      for (const row of rows) {
        if (row.attempts >= maxAttempts) {
          const error = `interrupted ${row.attempts} times (the agent stopped while it ran); giving up`;
          this.db.prepare("UPDATE jobs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?").run(this.now(), error, row.id);
          failed.push(this.get(row.id)!);
        } else {
          this.db.prepare("UPDATE jobs SET status = 'queued', started_at = NULL WHERE id = ?").run(row.id);
          requeued.push(this.get(row.id)!);
        }
      }
      return { requeued, failed };
    });
  }

  /** Queued jobs carried by a registry's rate limit (waiting for their notBefore). */
  countCarried(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued' AND not_before IS NOT NULL").get() as { n: number }).n;
  }

  countByStatus(status: JobStatus): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE status = ?').get(status) as { n: number };
    return row.n;
  }

  /** Deletes finished jobs (and image history) older than `ageMs`; returns how many jobs. */
  prune(ageMs: number): number {
    const result = this.db
      .prepare("DELETE FROM jobs WHERE status IN ('succeeded', 'failed') AND finished_at < ?")
      .run(this.now() - ageMs as SQLInputValue);
    // The history outlives jobs tenfold: "who published this image" is asked long after.
    this.db.prepare('DELETE FROM image_events WHERE at < ?').run(this.now() - ageMs * 10);
    return Number(result.changes);
  }
}

function fromRow(row: Row): Job {
  const job: Job = {
    id: row.id,
    status: row.status as JobStatus,
    request: JSON.parse(row.request) as JobRequest,
    source: row.source,
    identity: row.identity,
    createdAt: row.created_at,
    attempts: row.attempts,
    merged: row.merged,
    images: row.images ? (JSON.parse(row.images) as JobImage[]) : [],
    deferrals: row.deferrals,
  };
  if (row.not_before !== null) job.notBefore = row.not_before;
  if (row.waiting !== null) job.waiting = row.waiting;
  if (row.started_at !== null) job.startedAt = row.started_at;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  if (row.error !== null) job.error = row.error;
  return job;
}
