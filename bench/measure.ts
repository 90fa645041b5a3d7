/**
 * Running one timed command and summarising repeated samples.
 *
 *   timed      spawns a command under GNU time (`/usr/bin/time -f %M`), returns
 *              wall time (measured here), peak RSS and the captured output
 *   summarise  median, min and max of samples
 *   ratioStats the same over per-round ratios a[i] / b[i]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Run {
  ms: number;
  /** Peak resident set size in bytes (of the process and its waited-for children). */
  rssBytes: number;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  override name = 'CommandError';
}

const GNU_TIME = '/usr/bin/time';

/** Runs `cmd args` under GNU time; throws CommandError (with stderr's tail) on a non-zero exit. */
export async function timed(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; what?: string } = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const rssFile = join(dir, 'rss');
  try {
    const child = spawn(GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const start = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    const ms = performance.now() - start;
    const stdout = Buffer.concat(out).toString();
    const stderr = Buffer.concat(err).toString();
    if (code !== 0) {
      const tail = stderr.trim().split('\n').slice(-15).join('\n');
      throw new CommandError(`${opts.what ?? cmd}: \`${cmd} ${args.join(' ')}\` exited with ${code}: ${tail}`);
    }
    const kb = Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10);
    return { ms, rssBytes: Number.isFinite(kb) ? kb * 1024 : 0, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarise(values: number[]): Stats {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** Statistics of the per-round ratios a[i] / b[i] (rounds where both ran). */
export function ratioStats(a: number[], b: number[]): Stats {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (b[i]! > 0) ratios.push(a[i]! / b[i]!);
  return summarise(ratios);
}

/** Statistics of the per-round differences a[i] - b[i]. */
export function diffStats(a: number[], b: number[]): Stats {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) diffs.push(a[i]! - b[i]!);
  return summarise(diffs);
}

/** Rotates `items` by `round` so that no variant always runs first (A/B interleaving). */
export function rotate<T>(items: T[], round: number): T[] {
  const k = items.length ? round % items.length : 0;
  return [...items.slice(k), ...items.slice(0, k)];
}
