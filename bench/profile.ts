/**
 * Summarises a V8 CPU profile (from `node --cpu-prof`, or a bench run with
 * BENCH_CPU_PROF=DIR): self time per function and per file, heaviest first.
 *
 *   node bench/profile.ts FILE.cpuprofile [TOP]
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Profile = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }) })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** Self time in ms per key, heaviest first. */
export function selfTimes(profile: z.infer<typeof Profile>, keyOf: (frame: { functionName: string; url: string; lineNumber: number }) => string): [string, number][] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame) return;
    const key = keyOf(frame);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function shortUrl(url: string): string {
  const i = url.search(/\/(src|node_modules|dist)\//);
  return i >= 0 ? url.slice(i + 1) : url;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const top = Number.parseInt(topArg ?? '30', 10);
  const profile = Profile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byFunction = selfTimes(profile, (f) => `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`);
  const byFile = selfTimes(profile, (f) => shortUrl(f.url) || f.functionName);
  const total = byFile.reduce((s, [, ms]) => s + ms, 0);
  const line = ([key, ms]: [string, number]) => `${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${key}`;
  process.stdout.write(`total ${total.toFixed(0)} ms sampled\n\nself time by function:\n${byFunction.slice(0, top).map(line).join('\n')}\n\nself time by file:\n${byFile.slice(0, top).map(line).join('\n')}\n`);
}

if (import.meta.main) main();
