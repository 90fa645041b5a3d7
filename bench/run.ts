/**
 * `npm run bench`: measures `cvmfs-unpack sync` (the built dist/cli.js)
 * against `skopeo copy` + `umoci raw unpack` and `pigz -dc | tar -x` on
 * reference images in a loopback docker-registry, prints a table and the
 * DESIGN.md section 8 targets, and writes bench/results.json.
 *
 * Environment: BENCH_ROUNDS (default 5), BENCH_BIG_ROUNDS (3),
 * BENCH_SHARED_ROUNDS (2), BENCH_ONLY (comma-separated scenario names:
 * cold-minbase, noop, update, shared, cold-big, scale, cvmfs; e.g. BENCH_ONLY=scale
 * runs the loop-at-scale one alone, see bench/scale.ts), BENCH_CVMFS_ROUNDS (3),
 * BENCH_CVMFS_REPO (test.local: the cvmfs group, bench/cvmfs.ts), BENCH_CLI (another CLI
 * entry than dist/cli.js; a .ts one runs from source, to try the harness),
 * BENCH_CPU_PROF (a directory: CPU profiles of every sync run, for
 * bench/profile.ts).
 * See docs/bench.md.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRegistry, type StartedRegistry } from '../test/helpers/registry-server.ts';
import { benchImages, imageBytes, pushAll } from './images.ts';
import { prepareLayers } from './layers.ts';
import { machine, renderTable, renderTargets, targets } from './report.ts';
import { coldScenario, noopScenario, sharedScenario, updateScenario, type BenchContext, type ScenarioResult } from './scenarios.ts';
import { createTools } from './tools.ts';
import { scaleScenario } from './scale.ts';
import { cvmfsGroup, renderCvmfs, type CvmfsGroup } from './cvmfs.ts';

const SCENARIOS = ['cold-minbase', 'noop', 'update', 'shared', 'cold-big', 'scale', 'cvmfs'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const root = join(import.meta.dirname, '..');
const say = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${v}: expected a positive integer`);
  return n;
}

function selected(): Set<ScenarioName> {
  const only = process.env.BENCH_ONLY;
  if (!only) return new Set(SCENARIOS);
  const names = only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(SCENARIOS as readonly string[]).includes(n)) throw new Error(`BENCH_ONLY: unknown scenario '${n}' (known: ${SCENARIOS.join(', ')})`);
  return new Set(names as ScenarioName[]);
}

function snapshotDist(work: string): string {
  const copy = join(work, 'dist');
  cpSync(join(root, 'dist'), copy, { recursive: true });
  return join(copy, 'cli.js');
}

/** One untimed sync: fills V8's compile cache and shows early that the CLI works. */
async function warmUp(ctx: BenchContext, image: string): Promise<void> {
  const target = mkdtempSync(join(ctx.work, 'warm-up-'));
  try {
    say('warm-up sync (not timed)');
    await ctx.tools.sync([image], target);
  } catch (err) {
    say(`warm-up sync failed: ${(err as Error).message}`);
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const builtCli = join(root, 'dist', 'cli.js');
  const cliSource = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : builtCli;
  if (!existsSync(cliSource)) throw new Error(`${cliSource} is missing: run \`npm run build\` first`);
  const rounds = intEnv('BENCH_ROUNDS', 5);
  const bigRounds = intEnv('BENCH_BIG_ROUNDS', 3);
  const sharedRounds = intEnv('BENCH_SHARED_ROUNDS', 2);
  const only = selected();
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;

  // The scale scenario builds its own small image: alone, it needs none of the reference images.
  const needsImages = [...only].some((n) => n !== 'scale');
  const layers = needsImages ? await prepareLayers(say) : undefined;
  const images = layers ? benchImages(layers) : undefined;
  let registry: StartedRegistry | undefined;
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'cvmfs-unpack-bench-'));
  const cleanup = async (): Promise<void> => {
    rmSync(work, { recursive: true, force: true });
    await registry?.stop();
  };
  const onSignal = (): void => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A copy of dist/ for this run: a rebuild during the run must not change (or break) what is measured.
  const cli = cliSource === builtCli ? snapshotDist(work) : cliSource;
  try {
    registry = await startRegistry();
    const pushMs = images ? await pushAll(registry, images, say) : 0;
    if (images) say(`pushed in ${(pushMs / 1000).toFixed(1)} s`);
    const tools = createTools(cli, registry.host);
    const ctx = { tools, images: images!, work, rounds, say } satisfies BenchContext;
    if (images) await warmUp(ctx, images.minbase.name);
    const results: ScenarioResult[] = [];
    let cvmfs: CvmfsGroup | undefined;
    const runScenario = async (name: ScenarioName, fn: () => Promise<ScenarioResult>): Promise<void> => {
      if (!only.has(name)) return;
      say(`scenario ${name}`);
      const result = await fn();
      if (result.error) say(`scenario ${name} failed: ${result.error}`);
      results.push(result);
    };
    try {
      await runScenario('cold-minbase', () => coldScenario(ctx, 'cold-minbase', images!.minbase, rounds));
      await runScenario('noop', () => noopScenario(ctx, images!.minbase));
      await runScenario('update', () => updateScenario(ctx, images!.docs1, images!.docs2));
      await runScenario('shared', () => sharedScenario(ctx, images!.shared, sharedRounds));
      await runScenario('cold-big', () => coldScenario(ctx, 'cold-big', images!.big, bigRounds));
      await runScenario('scale', () => scaleScenario({ registry: registry!, cli, work, say, env: tools.env }));
      if (only.has('cvmfs') && layers) {
        say('group cvmfs (a real stratum-0 and cvmfs_ducc)');
        cvmfs = await cvmfsGroup({ layers, registry: registry.host, cli, work, rounds: intEnv('BENCH_CVMFS_ROUNDS', 3), say });
        if (cvmfs.skipped) say(`group cvmfs skipped: ${cvmfs.skipped}`);
      }
    } finally {
      tools.close();
    }

    const m = machine(work, loadAtStart);
    if (results.length === 0 && cvmfs) {
      process.stdout.write(renderCvmfs(cvmfs));
      writeFileSync(join(root, 'bench', 'results-cvmfs.json'), `${JSON.stringify({ date: new Date().toISOString(), machine: m, cvmfs }, null, 2)}\n`);
      return cvmfs.check?.startsWith('PROBLEMS') ? 1 : 0;
    }
    const t = targets(results);
    process.stdout.write(`cvmfs-unpack bench — ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, node ${m.node}, target on ${m.tmpfs}, load ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}\n`);
    if (Math.max(m.loadAverage.start, m.loadAverage.end) > m.nproc) say('the machine was busy with other work during the run: timings are skewed (ratios less so)');
    process.stdout.write(`${renderTable(results)}\n${renderTargets(t)}\n`);
    if (cvmfs) process.stdout.write(`\n${renderCvmfs(cvmfs)}`);
    const sizes = images
      ? Object.fromEntries(
          [images.minbase, images.docs1, images.docs2, images.big, images.shared[0]!].map((img) => [img.name, { compressedBytes: imageBytes(img), layers: img.layers.length }]),
        )
      : {};
    const record = {
      date: new Date().toISOString(),
      cli: cliSource.startsWith(root) ? cliSource.slice(root.length + 1) : cliSource,
      machine: m,
      config: { rounds, bigRounds, sharedRounds, scenarios: [...only] },
      images: sizes,
      pushMs,
      totalMs: performance.now() - started,
      scenarios: results,
      targets: t,
      ...(cvmfs ? { cvmfs } : {}),
    };
    writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(record, null, 2)}\n`);
    say(`wrote bench/results.json (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
    return results.some((r) => r.error) ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
