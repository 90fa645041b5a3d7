/**
 * The commands the bench times: `cvmfs-unpack sync` (the built dist/cli.js),
 * the `skopeo copy` + `umoci raw unpack` pair users would run instead, and
 * `pigz -dc | tar -x` of the layer files (the floor: no download, no checks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CommandError, timed, type Run } from './measure.ts';

const ResultLine = z.object({
  event: z.literal('result'),
  ref: z.string(),
  status: z.enum(['unchanged', 'updated', 'published', 'failed', 'deferred']),
  error: z.string().optional(),
  timings: z.object({
    totalMs: z.number(),
    bytesDownloaded: z.number(),
    layersFetched: z.number(),
    layersReused: z.number(),
  }),
});
export type SyncResult = z.infer<typeof ResultLine>;

export interface SyncRun extends Run {
  results: SyncResult[];
  bytesDownloaded: number;
  layersFetched: number;
  layersReused: number;
}

export interface Tools {
  /** `node dist/cli.js sync REF... --target dir:TARGET --json`; throws when an image failed. */
  sync(refs: string[], target: string, extra?: string[]): Promise<SyncRun>;
  /** `node -e 0` with the same node. */
  bareNode(): Promise<Run>;
  skopeoCopy(name: string, ociDir: string, tag: string): Promise<Run>;
  umociUnpack(ociDir: string, tag: string, rootfs: string): Promise<Run>;
  /** `pigz -dc LAYER | tar -x -C DIR` for each layer in order. */
  floor(layerPaths: string[], dir: string): Promise<Run>;
  /** The environment every tool runs in (no registry credentials). */
  env: NodeJS.ProcessEnv;
  /** Removes the temp dirs (credentials-free config dirs). */
  close(): void;
}

export function parseResults(stdout: string): SyncResult[] {
  const results: SyncResult[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = ResultLine.safeParse(value);
    if (parsed.success) results.push(parsed.data);
  }
  return results;
}

/**
 * `cli`: path of dist/cli.js (or of a .ts entry); `registry`: '127.0.0.1:PORT'. Every tool runs
 * without the user's registry credentials (empty DOCKER_CONFIG and auth file).
 */
export function createTools(cli: string, registry: string): Tools {
  const empty = mkdtempSync(join(tmpdir(), 'bench-nocreds-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: empty, REGISTRY_AUTH_FILE: join(empty, 'auth.json') };
  const node = process.execPath;
  // A TypeScript entry (BENCH_CLI=src/cli/index.ts) runs from source: slower to start, for trying the harness.
  const cliArgs = cli.endsWith('.ts') ? ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', cli] : [cli];
  // BENCH_CPU_PROF=DIR: a V8 CPU profile of every sync run into DIR (read them with bench/profile.ts).
  if (process.env.BENCH_CPU_PROF) cliArgs.unshift('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
  return {
    async sync(refs, target, extra = []) {
      const args = [...cliArgs, 'sync', ...refs.map((r) => `http://${registry}/${r}`), '--target', `dir:${target}`, '--json', ...extra];
      const run = await timed(node, args, { env, what: `cvmfs-unpack sync ${refs.join(' ')}` });
      const results = parseResults(run.stdout);
      const failed = results.filter((r) => r.status === 'failed');
      if (results.length !== refs.length || failed.length) {
        const why = failed.map((r) => `${r.ref}: ${r.error ?? 'failed'}`).join('; ') || `${results.length} result lines for ${refs.length} images; stderr: ${run.stderr.slice(-2000)}`;
        throw new CommandError(`cvmfs-unpack sync ${refs.join(' ')}: ${why}`);
      }
      const sum = (k: 'bytesDownloaded' | 'layersFetched' | 'layersReused') => results.reduce((s, r) => s + r.timings[k], 0);
      return { ...run, results, bytesDownloaded: sum('bytesDownloaded'), layersFetched: sum('layersFetched'), layersReused: sum('layersReused') };
    },
    bareNode: () => timed(node, ['-e', '0'], { env }),
    skopeoCopy: (name, ociDir, tag) =>
      timed('skopeo', ['copy', '--quiet', '--insecure-policy', '--src-tls-verify=false', '--src-no-creds', `docker://${registry}/${name}`, `oci:${ociDir}:${tag}`], { env, what: `skopeo copy ${name}` }),
    umociUnpack: (ociDir, tag, rootfs) => timed('umoci', ['raw', 'unpack', '--image', `${ociDir}:${tag}`, rootfs], { env, what: `umoci raw unpack ${tag}` }),
    floor: (layerPaths, dir) =>
      timed('bash', ['-c', 'set -o pipefail; d=$1; shift; mkdir -p "$d" && for f; do pigz -dc "$f" | tar -xf - -C "$d" || exit 1; done', 'bash', dir, ...layerPaths], { env, what: 'pigz -dc | tar -x' }),
    env,
    close: () => rmSync(empty, { recursive: true, force: true }),
  };
}
