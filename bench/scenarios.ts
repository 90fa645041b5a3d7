/**
 * The bench's scenarios. Each runs its variants interleaved (A/B/C, then
 * B/C/A, …) for a number of rounds; setup and clean-up are not timed. Every
 * tree is written below `work` (tmpfs).
 *
 *   cold      cvmfs-unpack sync into an empty target vs skopeo copy + umoci
 *             raw unpack vs pigz -dc | tar -x of the layer files
 *   noop      re-sync of an unchanged image vs a bare `node -e 0`
 *   update    docs:1 published, then docs:2 (only the top layer differs)
 *   shared    20 images on one base layer in one sync vs 20 × skopeo + umoci
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchImage, BenchImages } from './images.ts';
import type { Say } from './layers.ts';
import { diffStats, ratioStats, rotate, type Run, type Stats } from './measure.ts';
import type { SyncRun, Tools } from './tools.ts';

export interface Series {
  label: string;
  ms: number[];
  rssBytes: number[];
}

export interface Comparison {
  label: string;
  kind: 'ratio' | 'difference';
  stats: Stats;
}

export interface ScenarioResult {
  name: string;
  title: string;
  series: Series[];
  comparisons: Comparison[];
  facts: Record<string, number | string | boolean>;
  error?: string;
}

export interface BenchContext {
  tools: Tools;
  images: BenchImages;
  /** A directory on tmpfs for targets and unpacked trees. */
  work: string;
  rounds: number;
  say: Say;
}

type Variant = 'cvmfs' | 'skopeo' | 'floor' | 'node';

function series(label: string): Series {
  return { label, ms: [], rssBytes: [] };
}

function add(s: Series, run: Pick<Run, 'ms' | 'rssBytes'>): void {
  s.ms.push(run.ms);
  s.rssBytes.push(run.rssBytes);
}

/** Runs `fn` in a fresh directory below `work`, removed afterwards. */
async function inFreshDir<T>(ctx: BenchContext, name: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(ctx.work, `${name}-`));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function emptyTarget(dir: string): string {
  const target = join(dir, 'target');
  mkdirSync(target);
  return target;
}

/** Number of `.layers/<xx>/<hex>` directories in a dir target. */
export function layerDirs(target: string): number {
  const root = join(target, '.layers');
  if (!existsSync(root)) return 0;
  const dirs = (path: string) => readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  return dirs(root).reduce((n, xx) => n + dirs(join(root, xx.name)).length, 0);
}

function sum(runs: Run[]): Pick<Run, 'ms' | 'rssBytes'> {
  return { ms: runs.reduce((s, r) => s + r.ms, 0), rssBytes: Math.max(...runs.map((r) => r.rssBytes)) };
}

/**
 * Runs `variants` in rotated order for `rounds` rounds. A variant that fails
 * is dropped from later rounds (the others go on); returns the errors, if any.
 */
async function interleave(ctx: BenchContext, rounds: number, variants: Variant[], run: (v: Variant, round: number) => Promise<void>): Promise<string | undefined> {
  const failed = new Map<Variant, string>();
  for (let r = 0; r < rounds; r++) {
    for (const v of rotate(variants, r)) {
      if (failed.has(v)) continue;
      try {
        await run(v, r);
      } catch (err) {
        failed.set(v, (err as Error).message);
        ctx.say(`  ${v} failed: ${(err as Error).message}`);
      }
    }
    ctx.say(`  round ${r + 1}/${rounds} done`);
    if (failed.size === variants.length) break;
  }
  return failed.size ? [...failed.values()].join('; ') : undefined;
}

export async function coldScenario(ctx: BenchContext, name: string, img: BenchImage, rounds: number): Promise<ScenarioResult> {
  const cv = series('cvmfs-unpack sync');
  const sk = series('skopeo copy');
  const um = series('umoci raw unpack');
  const su = series('skopeo + umoci');
  const fl = series('pigz -dc | tar -x');
  const facts: ScenarioResult['facts'] = {};
  const error = await interleave(ctx, rounds, ['cvmfs', 'skopeo', 'floor'], (v) =>
    inFreshDir(ctx, v, async (dir) => {
      if (v === 'cvmfs') {
        const run = await ctx.tools.sync([img.name], emptyTarget(dir));
        add(cv, run);
        facts.bytesDownloaded = run.bytesDownloaded;
        facts.layersFetched = run.layersFetched;
      } else if (v === 'skopeo') {
        const copy = await ctx.tools.skopeoCopy(img.name, join(dir, 'oci'), 'img');
        const unpack = await ctx.tools.umociUnpack(join(dir, 'oci'), 'img', join(dir, 'rootfs'));
        add(sk, copy);
        add(um, unpack);
        add(su, sum([copy, unpack]));
      } else {
        add(fl, await ctx.tools.floor(img.layers.map((l) => l.path), join(dir, 'rootfs')));
      }
    }),
  );
  return {
    name,
    title: `cold sync of ${img.name} into an empty tmpfs target`,
    series: [cv, sk, um, su, fl],
    comparisons: [
      { label: 'cvmfs-unpack / (skopeo + umoci)', kind: 'ratio', stats: ratioStats(cv.ms, su.ms) },
      { label: 'cvmfs-unpack / (pigz | tar)', kind: 'ratio', stats: ratioStats(cv.ms, fl.ms) },
    ],
    facts,
    ...(error ? { error } : {}),
  };
}

export async function noopScenario(ctx: BenchContext, img: BenchImage): Promise<ScenarioResult> {
  const cv = series('cvmfs-unpack sync (no-op)');
  const bare = series('node -e 0');
  const facts: ScenarioResult['facts'] = {};
  const error = await inFreshDir(ctx, 'noop', async (dir) => {
    const target = emptyTarget(dir);
    try {
      await ctx.tools.sync([img.name], target);
    } catch (err) {
      return (err as Error).message;
    }
    return interleave(ctx, ctx.rounds, ['cvmfs', 'node'], async (v) => {
      if (v === 'node') {
        add(bare, await ctx.tools.bareNode());
        return;
      }
      const run = await ctx.tools.sync([img.name], target);
      add(cv, run);
      facts.status = run.results.map((r) => r.status).join(',');
      facts.bytesDownloaded = run.bytesDownloaded;
    });
  });
  return {
    name: 'noop',
    title: `re-sync of the unchanged ${img.name}`,
    series: [cv, bare],
    comparisons: [{ label: 'cvmfs-unpack − node -e 0 (ms)', kind: 'difference', stats: diffStats(cv.ms, bare.ms) }],
    facts,
    ...(error ? { error } : {}),
  };
}

export async function updateScenario(ctx: BenchContext, from: BenchImage, to: BenchImage): Promise<ScenarioResult> {
  const cv = series('cvmfs-unpack sync');
  const su = series('skopeo copy + umoci (incremental copy, full unpack)');
  const facts: ScenarioResult['facts'] = {};
  const error = await interleave(ctx, ctx.rounds, ['cvmfs', 'skopeo'], (v) =>
    inFreshDir(ctx, v, async (dir) => {
      if (v === 'cvmfs') {
        const target = emptyTarget(dir);
        await ctx.tools.sync([from.name], target);
        const run: SyncRun = await ctx.tools.sync([to.name], target);
        add(cv, run);
        facts.layersFetched = run.layersFetched;
        facts.layersReused = run.layersReused;
        facts.bytesDownloaded = run.bytesDownloaded;
        facts.topLayerBytes = to.layers.at(-1)!.size;
      } else {
        const oci = join(dir, 'oci');
        await ctx.tools.skopeoCopy(from.name, oci, 'from');
        const copy = await ctx.tools.skopeoCopy(to.name, oci, 'to');
        const unpack = await ctx.tools.umociUnpack(oci, 'to', join(dir, 'rootfs'));
        add(su, sum([copy, unpack]));
      }
    }),
  );
  return {
    name: 'update',
    title: `update ${from.name} -> ${to.name} (only the top layer changed)`,
    series: [cv, su],
    comparisons: [{ label: 'cvmfs-unpack / (skopeo + umoci)', kind: 'ratio', stats: ratioStats(cv.ms, su.ms) }],
    facts,
    ...(error ? { error } : {}),
  };
}

export async function sharedScenario(ctx: BenchContext, images: BenchImage[], rounds: number): Promise<ScenarioResult> {
  const cv = series(`cvmfs-unpack sync (${images.length} images, one run)`);
  const su = series(`${images.length} × (skopeo copy + umoci raw unpack)`);
  const facts: ScenarioResult['facts'] = {};
  const expectedLayers = new Set(images.flatMap((i) => i.layers.map((l) => l.digest))).size;
  const error = await interleave(ctx, rounds, ['cvmfs', 'skopeo'], (v) =>
    inFreshDir(ctx, v, async (dir) => {
      if (v === 'cvmfs') {
        const target = emptyTarget(dir);
        const run = await ctx.tools.sync(images.map((i) => i.name), target);
        add(cv, run);
        facts.images = run.results.length;
        facts.distinctLayers = expectedLayers;
        facts.layersFetched = run.layersFetched;
        facts.layersReused = run.layersReused;
        facts.bytesDownloaded = run.bytesDownloaded;
        facts.layerDirsWritten = layerDirs(target);
      } else {
        const oci = join(dir, 'oci');
        const runs: Run[] = [];
        for (const [i, img] of images.entries()) {
          runs.push(await ctx.tools.skopeoCopy(img.name, oci, `t${i}`));
          runs.push(await ctx.tools.umociUnpack(oci, `t${i}`, join(dir, `rootfs-${i}`)));
        }
        add(su, sum(runs));
      }
    }),
  );
  return {
    name: 'shared',
    title: `${images.length} images sharing one base layer, one target`,
    series: [cv, su],
    comparisons: [{ label: 'cvmfs-unpack / (skopeo + umoci)', kind: 'ratio', stats: ratioStats(cv.ms, su.ms) }],
    facts,
    ...(error ? { error } : {}),
  };
}
