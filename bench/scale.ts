/**
 * The `scale` scenario: the scheduled sync at the size of unpacked.cern.ch.
 * One small image is tagged 2,000 times (two wildcards of 1,000 tags each)
 * in the loopback registry, behind the tests' counting proxy (which also
 * pages tag lists 100 at a time, as Docker Hub does). Measured with the
 * CLI (`loop --once`): the first cycle (publishes 2,000 names), a no-op
 * cycle (time, requests by kind, peak RSS), a cycle where 10 tags moved;
 * then `ls --json` and `gc --dry-run` on 10,000 published names (the 2,000
 * and 8,000 more made by copying their metadata and links).
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedRegistry } from '../test/helpers/registry-server.ts';
import { startFaultProxy, type FaultProxy } from '../test/helpers/fault-proxy.ts';
import { buildAndPush, simpleImage } from '../test/helpers/images.ts';
import { retag } from '../test/helpers/retag.ts';
import type { Say } from './layers.ts';
import { timed, type Run } from './measure.ts';
import type { ScenarioResult, Series } from './scenarios.ts';

export const SCALE_TAGS = 2000;
const LS_IMAGES = 10_000;
const MOVED = 10;
const REPO = 'scale/app';

export interface ScaleContext {
  registry: StartedRegistry;
  cli: string;
  work: string;
  say: Say;
  env: NodeJS.ProcessEnv;
}

type Kind = 'manifest HEAD' | 'manifest GET' | 'tag list' | 'blob' | 'other';

function kindOf(method: string, path: string): Kind {
  if (path.includes('/manifests/')) return method === 'HEAD' ? 'manifest HEAD' : 'manifest GET';
  if (path.includes('/tags/list')) return 'tag list';
  if (path.includes('/blobs/')) return 'blob';
  return 'other';
}

function countKinds(proxy: FaultProxy): Record<Kind, number> {
  const out: Record<Kind, number> = { 'manifest HEAD': 0, 'manifest GET': 0, 'tag list': 0, blob: 0, other: 0 };
  for (const r of proxy.requests) out[kindOf(r.method, r.path)]++;
  return out;
}

const tagName = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, '0')}`;

/** 8,000 more names beside the 2,000 published: copies of one name's metadata dir and link, under new tags. */
function multiplyNames(target: string, registryHost: string, count: number): void {
  const repoDir = join(target, registryHost, 'scale');
  const metaDir = join(target, '.metadata', registryHost, 'scale');
  const model = readdirSync(repoDir).find((n) => n.startsWith('app:'))!;
  const link = readlinkSync(join(repoDir, model));
  mkdirSync(metaDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const name = `app:c-${String(i).padStart(5, '0')}`;
    symlinkSync(link, join(repoDir, name));
    cpSync(join(metaDir, model), join(metaDir, name), { recursive: true });
  }
}

export async function scaleScenario(ctx: ScaleContext): Promise<ScenarioResult> {
  const facts: ScenarioResult['facts'] = {};
  const series: Series[] = [];
  const record = (label: string, run: Run): void => void series.push({ label, ms: [run.ms], rssBytes: [run.rssBytes] });
  const proxy = await startFaultProxy(ctx.registry.url);
  try {
    proxy.addFault({ path: /\/tags\/list/, fault: { kind: 'paginate', pageSize: 100 }, times: Infinity });
    ctx.say(`scale: tagging one image ${SCALE_TAGS} times, and a second one for the moved tags`);
    await buildAndPush(ctx.registry.host, `${REPO}:base`, await simpleImage('scale base'));
    await buildAndPush(ctx.registry.host, `${REPO}:moved`, await simpleImage('scale moved'));
    const half = SCALE_TAGS / 2;
    await retag(ctx.registry.url, REPO, 'base', [...Array.from({ length: half }, (_, i) => tagName('a', i)), ...Array.from({ length: half }, (_, i) => tagName('b', i))]);

    const recipe = join(ctx.work, 'scale-recipe.yaml');
    writeFileSync(recipe, ['version: 1', 'input:', `  - 'http://${proxy.host}/${REPO}:a-*'`, `  - 'http://${proxy.host}/${REPO}:b-*'`, ''].join('\n'));
    const target = join(ctx.work, 'scale-target');
    mkdirSync(target);
    const loop = (what: string) =>
      timed(process.execPath, [ctx.cli, 'loop', '--recipe', recipe, '--once', '--target', `dir:${target}`, '--json'], { env: ctx.env, what });
    const cycle = async (label: string, key: string) => {
      proxy.requests.length = 0;
      const run = await loop(label);
      record(label, run);
      const kinds = countKinds(proxy);
      for (const [k, n] of Object.entries(kinds)) facts[`${key}.${k.replace(' ', '')}`] = n;
      facts[`${key}.ms`] = Math.round(run.ms);
      facts[`${key}.peakRssMB`] = Math.round(run.rssBytes / 2 ** 20);
      ctx.say(`scale: ${label}: ${(run.ms / 1000).toFixed(1)} s, ${JSON.stringify(kinds)}, peak RSS ${Math.round(run.rssBytes / 2 ** 20)} MB`);
      return { run, kinds };
    };

    await cycle(`first cycle (${SCALE_TAGS} new names)`, 'first');
    const noop = await cycle(`no-op cycle (${SCALE_TAGS} images)`, 'noop');
    ctx.say(`scale: moving ${MOVED} tags`);
    await retag(ctx.registry.url, REPO, 'moved', Array.from({ length: MOVED }, (_, i) => tagName('a', i)));
    const moved = await cycle(`cycle with ${MOVED} tags moved`, 'moved');
    facts['noop.target'] = noop.run.ms < 20_000 && noop.kinds['manifest GET'] === 0 ? 'PASS' : 'FAIL';
    facts['moved.manifestGETs=moved'] = moved.kinds['manifest GET'] === MOVED;

    ctx.say(`scale: ${LS_IMAGES} names for ls and gc`);
    multiplyNames(target, proxy.host, LS_IMAGES - SCALE_TAGS);
    const ls = await timed(process.execPath, [ctx.cli, 'ls', '--target', `dir:${target}`, '--json'], { env: ctx.env, what: 'ls --json' });
    record(`ls --json (${LS_IMAGES} images)`, ls);
    facts['ls.lines'] = ls.stdout.split('\n').filter((l) => l.startsWith('{')).length;
    facts['ls.ms'] = Math.round(ls.ms);
    facts['ls.target'] = ls.ms < 1000 ? 'PASS' : 'FAIL';
    const gc = await timed(process.execPath, [ctx.cli, 'gc', '--dry-run', '--target', `dir:${target}`], { env: ctx.env, what: 'gc --dry-run' });
    record(`gc --dry-run (${LS_IMAGES} images)`, gc);
    facts['gc.ms'] = Math.round(gc.ms);
    ctx.say(`scale: ls --json ${Math.round(ls.ms)} ms (${facts['ls.lines']} lines), gc --dry-run ${Math.round(gc.ms)} ms`);
    return { name: 'scale', title: `loop over ${SCALE_TAGS} tags matched by wildcards; ls and gc on ${LS_IMAGES} images`, series, comparisons: [], facts };
  } catch (err) {
    return { name: 'scale', title: `loop over ${SCALE_TAGS} tags`, series, comparisons: [], facts, error: (err as Error).message };
  } finally {
    await proxy.stop();
  }
}
