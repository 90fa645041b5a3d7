/**
 * Live progress of the running batch, per job, from the engine's events
 * (layers, bytes, phase). In memory only: progress of a batch that a crash
 * interrupted has no meaning after the restart.
 *
 * Phases: `fetching` while a layer's bytes arrive, `unpacking` once they
 * are all in and the layer is still being written, `publishing` from the
 * publisher's commit on.
 */
import type { SyncEvent } from '../convert/types.ts';
import type { JobProgress } from './queue.ts';

/** A name without its scheme: events and jobs may spell plain-HTTP registries either way. */
const bare = (name: string) => name.replace(/^https?:\/\//, '');

export class ProgressTracker {
  private readonly byJob = new Map<string, JobProgress>();
  /** Published name → the jobs of the batch that asked for it. */
  private readonly owners = new Map<string, string[]>();
  private readonly layers = new Map<string, { size: number; bytes: number; done: boolean; jobs: string[] }>();
  /** Bumped on every change: the page polls with it. */
  version = 0;

  /** A batch starts: which names each job publishes. */
  begin(jobs: { id: string; names: string[]; phase?: JobProgress['phase'] }[]): void {
    this.clear();
    for (const j of jobs) {
      this.byJob.set(j.id, { phase: j.phase ?? 'fetching', layersDone: 0, layersTotal: 0, bytes: 0, bytesTotal: 0 });
      for (const n of j.names.map(bare)) this.owners.set(n, [...(this.owners.get(n) ?? []), j.id]);
    }
    this.version++;
  }

  clear(): void {
    this.byJob.clear();
    this.owners.clear();
    this.layers.clear();
    this.version++;
  }

  get(id: string): JobProgress | undefined {
    const p = this.byJob.get(id);
    return p ? { ...p } : undefined;
  }

  observe(event: SyncEvent): void {
    if (event.type === 'publish-start') {
      for (const p of this.byJob.values()) p.phase = 'publishing';
      this.version++;
      return;
    }
    if (event.type !== 'layer-start' && event.type !== 'layer-progress' && event.type !== 'layer-done') return;
    const jobs = this.owners.get(bare(event.ref)) ?? [];
    if (jobs.length === 0) return;
    const key = `${event.ref} ${event.digest}`;
    let layer = this.layers.get(key);
    if (!layer) {
      layer = { size: event.size, bytes: 0, done: false, jobs };
      this.layers.set(key, layer);
      for (const id of jobs) {
        const p = this.byJob.get(id);
        if (!p) continue;
        p.layersTotal++;
        p.bytesTotal += event.size;
      }
    }
    const before = layer.bytes;
    if (event.type === 'layer-progress') layer.bytes = Math.max(layer.bytes, Math.min(event.bytes, layer.size || event.bytes));
    const finished = event.type === 'layer-done' && !layer.done;
    if (finished) {
      layer.done = true;
      layer.bytes = layer.size;
    }
    for (const id of jobs) {
      const p = this.byJob.get(id);
      if (!p || p.phase === 'publishing') continue;
      p.bytes += layer.bytes - before;
      if (finished) p.layersDone++;
      // All bytes of the layers seen so far are in, yet a layer is still open: it is being written.
      const open = [...this.layers.values()].filter((l) => l.jobs.includes(id) && !l.done);
      p.phase = open.length > 0 && open.every((l) => l.bytes >= l.size) ? 'unpacking' : 'fetching';
    }
    this.version++;
  }
}
