/**
 * The bench's `cvmfs` group: cvmfs-unpack against the real `cvmfs_ducc` on a
 * real CernVM-FS stratum-0 (docs/cvmfs.md "Benchmark"). Runs only where
 * `cvmfs_server`, `cvmfs_ducc` and the repository ($BENCH_CVMFS_REPO, default
 * test.local) are present, and says so plainly otherwise.
 *
 * Scenarios, each round in alternating order, the repository emptied
 * (untimed) before every timed run, medians of per-round ratios:
 *   cold-minbase   minbase:1 (1 layer)                     ours | DUCC | floor
 *   cold-5         five:1 (minbase + 3 middle + top)       ours | DUCC | floor
 *   update         five:1 published, then the tag moved to five:2 (new top layer)
 *   noop           the same again: nothing changed (and no revision published)
 *   shared-20      shared-00..19:1 (minbase + one small layer each)  ours (one run) | DUCC (20 runs) | floor
 * DUCC runs `convert-single-image --skip-thin-image --skip-podman` (cvmfs-unpack
 * runs with --skip-podman, so neither writes a podman store). The floor: `cvmfs_server transaction`,
 * `tar -xzf` of the image's distinct layers into the mount, `publish`.
 * `cvmfs_server check` must be clean at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pushFileImage, type FileImageSpec, type FileLayer } from '../test/helpers/minbase.ts';
import type { BenchLayers, Say } from './layers.ts';
import { median, ratioStats, rotate, timed, type Stats } from './measure.ts';

const CONFIG: FileImageSpec['config'] = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['bash'] };

export interface CvmfsRow {
  scenario: string;
  oursMs: number[];
  duccMs: number[];
  floorMs: number[];
  vsDucc: Stats;
  vsFloor?: Stats;
  facts: Record<string, number | string | boolean>;
}

export interface CvmfsGroup {
  skipped?: string;
  repo?: string;
  rows: CvmfsRow[];
  check?: string;
}

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Why the group cannot run here, or undefined. */
export function cvmfsSkipReason(repo: string): string | undefined {
  if (!which('cvmfs_server')) return 'no cvmfs_server on PATH (a real CernVM-FS stratum-0: ../shared/tools/build-real-cvmfs.sh)';
  if (!which('cvmfs_ducc')) return 'no cvmfs_ducc on PATH';
  const list = spawnSync('cvmfs_server', ['list'], { encoding: 'utf8' });
  if (!list.stdout.split('\n').some((l) => l.split(' ')[0] === repo)) return `no repository ${repo} (cvmfs_server list; set BENCH_CVMFS_REPO)`;
  if (process.getuid?.() !== 0) return 'not root (cvmfs_server and cvmfs_ducc need it here)';
  return undefined;
}

const run = (cmd: string, args: string[], input?: string) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  return r.stdout;
};

/** The repository's revision (the manifest's `S` line, served by the stratum-0's Apache). */
function revision(repo: string): number {
  const out = execFileSync('curl', ['-fsS', `http://127.0.0.1/cvmfs/${repo}/.cvmfspublished`]).toString('latin1');
  const line = out.split('\n').find((l) => l.startsWith('S'));
  return Number.parseInt(line?.slice(1) ?? 'NaN', 10);
}

/** Everything below the mount but new_repository removed, untimed (DUCC's literal .wh.* layers by ingest --delete). */
function emptyRepo(repo: string): void {
  const mnt = `/cvmfs/${repo}`;
  const entries = run('ls', ['-A', mnt]).split('\n').filter((e) => e && e !== 'new_repository' && e !== '.cvmfscatalog' && e !== '.cvmfsdirtab');
  if (entries.length === 0) return;
  const noColon = entries.filter((e) => !e.includes(':'));
  if (noColon.length) run('cvmfs_server', ['ingest', '--delete', noColon.join(':'), repo]);
  const rest = run('ls', ['-A', mnt]).split('\n').filter((e) => e && e !== 'new_repository' && e !== '.cvmfscatalog' && e !== '.cvmfsdirtab');
  if (rest.length === 0) return;
  run('cvmfs_server', ['transaction', repo]);
  try {
    for (const e of rest) rmSync(join(mnt, e), { recursive: true, force: true });
    run('cvmfs_server', ['publish', repo]);
  } catch (err) {
    spawnSync('cvmfs_server', ['abort', '-f', repo]);
    throw err;
  }
}

export async function cvmfsGroup(opts: { layers: BenchLayers; registry: string; cli: string; work: string; rounds: number; say: Say }): Promise<CvmfsGroup> {
  const repo = process.env.BENCH_CVMFS_REPO || 'test.local';
  const skip = cvmfsSkipReason(repo);
  if (skip) return { skipped: skip, rows: [] };
  const { layers, registry, say } = opts;
  const five1 = [layers.minbase, layers.shared[16]!, layers.shared[17]!, layers.docs1, layers.shared[18]!];
  const five2 = [...five1.slice(0, 4), layers.shared[19]!];
  say('cvmfs: pushing five:1, five:2 (and re-using minbase:1, shared-NN:1)');
  await pushFileImage(registry, 'five:1', { layers: five1, config: CONFIG });
  await pushFileImage(registry, 'five:2', { layers: five2, config: CONFIG });
  const retag = (from: string, to: string) =>
    run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${registry}/${from}`, `docker://${registry}/${to}`]);

  const ducTmp = mkdtempSync(join(opts.work, 'ducc-tmp-'));
  const ours = async (refs: string[]) => {
    const r = await timed(process.execPath, [opts.cli, 'sync', ...refs.map((x) => `http://${registry}/${x}`), '--target', `cvmfs:${repo}`, '--json', '--skip-podman'], { what: 'cvmfs-unpack sync (cvmfs)' });
    if (/"status":"failed"/.test(r.stdout)) throw new Error(`cvmfs-unpack sync ${refs.join(' ')}: ${r.stdout.split('\n').find((l) => /"status":"failed"/.test(l))}`);
    return r;
  };
  const ducc = async (refs: string[]) => {
    const t0 = performance.now();
    for (const r of refs) {
      const out = await timed('cvmfs_ducc', ['convert-single-image', '-t', ducTmp, '--skip-thin-image', '--skip-podman', `http://${registry}/${r}`, repo], { what: `cvmfs_ducc ${r}` });
      // cvmfs_ducc exits 0 even when a step failed.
      if (/level=error/.test(out.stdout + out.stderr)) throw new Error(`cvmfs_ducc ${r}: ${(out.stdout + out.stderr).split('\n').find((l) => /level=error/.test(l))}`);
    }
    return { ms: performance.now() - t0 };
  };
  const floor = (ls: FileLayer[][]) => {
    const t0 = performance.now();
    run('cvmfs_server', ['transaction', repo]);
    try {
      ls.forEach((image, i) => {
        const dir = `/cvmfs/${repo}/floor/${i}`;
        run('mkdir', ['-p', dir]);
        for (const l of image) run('tar', ['-xzf', l.path, '-C', dir]);
      });
      run('cvmfs_server', ['publish', repo]);
    } catch (err) {
      spawnSync('cvmfs_server', ['abort', '-f', repo]);
      throw err;
    }
    return { ms: performance.now() - t0 };
  };

  const rows: CvmfsRow[] = [];
  const row = (scenario: string): CvmfsRow => {
    const r: CvmfsRow = { scenario, oursMs: [], duccMs: [], floorMs: [], vsDucc: ratioStats([], []), facts: {} };
    rows.push(r);
    return r;
  };
  const finish = (r: CvmfsRow) => {
    r.vsDucc = ratioStats(r.oursMs, r.duccMs);
    if (r.floorMs.length) r.vsFloor = ratioStats(r.oursMs, r.floorMs);
    say(`cvmfs: ${r.scenario}: ours ${(median(r.oursMs) / 1000).toFixed(2)} s, DUCC ${(median(r.duccMs) / 1000).toFixed(2)} s, ratio ${r.vsDucc.median.toFixed(2)}${r.vsFloor ? `, vs floor ${r.vsFloor.median.toFixed(2)}` : ''}`);
  };

  const shared = layers.shared.map((_, i) => `shared-${String(i).padStart(2, '0')}:1`);
  const cold: [string, string[], FileLayer[][]][] = [
    ['cold-minbase', ['minbase:1'], [[layers.minbase]]],
    ['cold-5', ['five:1'], [five1]],
    ['shared-20', shared, [[layers.minbase], ...layers.shared.map((l) => [l])]],
  ];
  // BENCH_CVMFS_ONLY: some of cold-minbase, cold-5, update (with noop), shared-20.
  const only = new Set((process.env.BENCH_CVMFS_ONLY || 'cold-minbase,cold-5,update,shared-20').split(',').map((x) => x.trim()));
  const coldRows = async (names: string[]) => {
    for (const [name, refs, floorLayers] of cold) {
      if (!names.includes(name) || !only.has(name)) continue;
      const r = row(name);
      for (let round = 0; round < opts.rounds; round++) {
        for (const v of rotate(['ours', 'ducc', 'floor'] as const, round)) {
          emptyRepo(repo);
          if (v === 'ours') r.oursMs.push((await ours(refs)).ms);
          else if (v === 'ducc') r.duccMs.push((await ducc(refs)).ms);
          else r.floorMs.push(floor(floorLayers).ms);
        }
      }
      finish(r);
    }
  };
  try {
    await coldRows(['cold-minbase', 'cold-5']);
    // The update before the 20 images: the one target at 0.3×, and DUCC's 20 runs take long.
    if (only.has('update')) await updateRows();
    await coldRows(['shared-20']);
    emptyRepo(repo);
    const check = spawnSync('cvmfs_server', ['check', repo], { encoding: 'utf8' });
    return { repo, rows, check: check.status === 0 && /no problems found/.test(check.stdout) ? 'no problems found' : `PROBLEMS: ${check.stdout.slice(-500)}` };
  } finally {
    rmSync(ducTmp, { recursive: true, force: true });
    if (existsSync(`/cvmfs/${repo}/floor`)) emptyRepo(repo);
  }

  async function updateRows(): Promise<void> {
    const upd = row('update');
    const noop = row('noop');
    let noopRevisions = 0;
    for (let round = 0; round < opts.rounds; round++) {
      for (const v of rotate(['ours', 'ducc'] as const, round)) {
        const go = v === 'ours' ? ours : ducc;
        emptyRepo(repo);
        retag('five:1', 'five:cur');
        await go(['five:cur']);
        retag('five:2', 'five:cur');
        (v === 'ours' ? upd.oursMs : upd.duccMs).push((await go(['five:cur'])).ms);
        const before = revision(repo);
        (v === 'ours' ? noop.oursMs : noop.duccMs).push((await go(['five:cur'])).ms);
        if (v === 'ours') noopRevisions += revision(repo) - before;
      }
    }
    noop.facts.oursNoopRevisions = noopRevisions;
    finish(upd);
    finish(noop);
  }
}

/** The group's table (markdown). */
export function renderCvmfs(g: CvmfsGroup): string {
  if (g.skipped) return `cvmfs group skipped: ${g.skipped}\n`;
  const s = (ms: number[]) => (ms.length ? `${(median(ms) / 1000).toFixed(2)} s` : '–');
  const lines = [
    `cvmfs group on a real stratum-0 (${g.repo}), medians of per-round ratios`,
    '| scenario | cvmfs-unpack | cvmfs_ducc | floor | ours / DUCC | ours / floor |',
    '|---|---|---|---|---|---|',
    ...g.rows.map((r) => `| ${r.scenario} | ${s(r.oursMs)} | ${s(r.duccMs)} | ${s(r.floorMs)} | ${r.vsDucc.median.toFixed(2)}× | ${r.vsFloor ? `${r.vsFloor.median.toFixed(2)}×` : '–'} |`),
    `no-op revisions published by cvmfs-unpack: ${g.rows.find((r) => r.scenario === 'noop')?.facts.oursNoopRevisions ?? '?'}; cvmfs_server check: ${g.check}`,
  ];
  return `${lines.join('\n')}\n`;
}
