/**
 * What the bench prints and records: the machine it ran on, a table per
 * scenario, and the DESIGN.md section 8 targets as pass/fail.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { summarise } from './measure.ts';
import type { ScenarioResult } from './scenarios.ts';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  tmpfs: string;
  skopeo: string;
  umoci: string;
  /** 1-minute load average when the bench started and when it ended: other work on the machine skews timings. */
  loadAverage: { start: number; end: number };
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  /** undefined: not measured (scenario skipped or failed). */
  pass?: boolean;
}

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}

export function machine(work: string, loadAtStart: number): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const mount = mounts.filter((m) => m[1] && (work === m[1] || work.startsWith(`${m[1]}/`))).sort((a, b) => b[1]!.length - a[1]!.length)[0];
  return {
    nproc: availableParallelism(),
    cpu,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tmpfs: mount ? `${mount[1]} (${mount[2]})` : work,
    skopeo: version('skopeo', ['--version']),
    umoci: version('umoci', ['--version']),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  };
}

const MB = 1e6;
const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMB = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

function find(results: ScenarioResult[], name: string): ScenarioResult | undefined {
  return results.find((r) => r.name === name && !r.error);
}

export function targets(results: ScenarioResult[]): Target[] {
  const out: Target[] = [];
  const cold = find(results, 'cold-minbase');
  const ratio = cold?.comparisons[0]?.stats;
  out.push({
    name: 'cold sync (minbase)',
    goal: '≤ 0.75 × (skopeo copy + umoci raw unpack)',
    measured: ratio && ratio.n ? `${ratio.median.toFixed(2)} × (min ${ratio.min.toFixed(2)}, max ${ratio.max.toFixed(2)})` : 'not measured',
    ...(ratio && ratio.n ? { pass: ratio.median <= 0.75 } : {}),
  });
  const noop = find(results, 'noop')?.comparisons[0]?.stats;
  out.push({
    name: 'no-op re-sync',
    goal: '≤ 100 ms beyond process start (node -e 0)',
    measured: noop && noop.n ? `+${Math.round(noop.median)} ms (min ${Math.round(noop.min)}, max ${Math.round(noop.max)})` : 'not measured',
    ...(noop && noop.n ? { pass: noop.median <= 100 } : {}),
  });
  const big = find(results, 'cold-big')?.series[0];
  const rss = big && big.rssBytes.length ? Math.max(...big.rssBytes) : undefined;
  out.push({
    name: 'peak RSS, ~1 GB image',
    goal: '≤ 200 MB',
    measured: rss !== undefined ? fmtMB(rss) : 'not measured',
    ...(rss !== undefined ? { pass: rss <= 200 * MB } : {}),
  });
  const shared = find(results, 'shared')?.facts;
  const measured = shared && typeof shared.layersFetched === 'number';
  out.push({
    name: 'shared base layer',
    goal: 'fetched and written once across 20 images',
    measured: measured ? `${shared.layersFetched} layers fetched, ${shared.layerDirsWritten} layer dirs, ${shared.distinctLayers} distinct layers` : 'not measured',
    ...(measured ? { pass: shared.layersFetched === shared.distinctLayers && shared.layerDirsWritten === shared.distinctLayers } : {}),
  });
  // Issue 11's tighter targets on the dir target: the floor (pigz | tar) and memory.
  for (const [scenario, label] of [['cold-minbase', 'minbase'], ['cold-big', '~1 GB image']] as const) {
    const floor = find(results, scenario)?.comparisons.find((c) => c.label.includes('pigz'))?.stats;
    out.push({
      name: `cold sync vs floor (${label})`,
      goal: '≤ 1.2 × (pigz -dc | tar -x)',
      measured: floor && floor.n ? `${floor.median.toFixed(2)} × (min ${floor.min.toFixed(2)}, max ${floor.max.toFixed(2)})` : 'not measured',
      ...(floor && floor.n ? { pass: floor.median <= 1.2 } : {}),
    });
  }
  out.push({
    name: 'peak RSS, ~1 GB image (issue 11)',
    goal: '≤ 128 MB',
    measured: rss !== undefined ? fmtMB(rss) : 'not measured',
    ...(rss !== undefined ? { pass: rss <= 128 * MB } : {}),
  });
  out.push({
    name: 'no-op re-sync (issue 11)',
    goal: '≤ 50 ms beyond process start (node -e 0)',
    measured: noop && noop.n ? `+${Math.round(noop.median)} ms` : 'not measured',
    ...(noop && noop.n ? { pass: noop.median <= 50 } : {}),
  });
  return out;
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function renderTable(results: ScenarioResult[]): string {
  const parts: string[] = [];
  for (const r of results) {
    parts.push(`\n== ${r.name}: ${r.title}`);
    if (r.error) parts.push(`   FAILED: ${r.error}`);
    const rows: string[][] = [['  ', 'variant', 'median', 'min–max', 'n', 'peak RSS']];
    for (const s of r.series) {
      if (!s.ms.length) continue;
      const st = summarise(s.ms);
      rows.push(['  ', s.label, fmtMs(st.median), `${fmtMs(st.min)}–${fmtMs(st.max)}`, String(st.n), s.rssBytes.length ? fmtMB(Math.max(...s.rssBytes)) : '']);
    }
    for (const c of r.comparisons) {
      if (!c.stats.n) continue;
      const f = (v: number) => (c.kind === 'ratio' ? `${v.toFixed(2)}×` : `${Math.round(v)} ms`);
      rows.push(['  ', c.label, f(c.stats.median), `${f(c.stats.min)}–${f(c.stats.max)}`, String(c.stats.n), '']);
    }
    if (rows.length > 1) parts.push(pad(rows));
    const facts = Object.entries(r.facts).map(([k, v]) => `${k}=${typeof v === 'number' && k.toLowerCase().includes('bytes') ? fmtMB(v) : String(v)}`);
    if (facts.length) parts.push(`   ${facts.join('  ')}`);
  }
  return parts.join('\n');
}

export function renderTargets(list: Target[]): string {
  const rows = [['  ', 'target', 'goal', 'measured', 'result']];
  for (const t of list) rows.push(['  ', t.name, t.goal, t.measured, t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'FAIL']);
  return `\n== targets (DESIGN.md section 8)\n${pad(rows)}`;
}
