/**
 * `npm run bench:check`: the speed of `cvmfs-unpack check` (the built
 * dist/cli.js), DESIGN/issue 13's budget:
 *
 *   offline   a 1,000-input wishlist (every form the parser takes: URL form,
 *             short names, ports, object items, wildcards, duplicates) with
 *             --offline; target: under 1 s, process start included
 *   online    50 new inputs (--against a base without them) probed against
 *             the loopback docker-registry, requests in flight in parallel
 *
 * Prints the median of BENCH_ROUNDS (default 5) runs of each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { buildAndPush, simpleImage } from '../test/helpers/images.ts';
import { startRegistry } from '../test/helpers/registry-server.ts';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-bench-check-'));

function wishlist(n: number): string {
  const lines = ['version: 1', 'cvmfs_repo: unpacked.example.org', 'input:'];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0: lines.push(`  - 'https://registry.hub.docker.com/group${i}/image-${i}:v${i}.0'`); break;
      case 1: lines.push(`  - 'ghcr.io/org-${i}/tool__x--y:${i}'`); break;
      case 2: lines.push(`  - 'gitlab-registry.example.org:5005/g/p${i}/img:1.${i}'`); break;
      case 3: lines.push(`  - image: 'quay.io/org/app${i}:2.${i}'`, '    platforms: [linux/amd64, linux/arm64]'); break;
      default: lines.push(`  - 'registry.example.org/wild/app${i}:${i}.*'`);
    }
  }
  lines.push(`  - 'ghcr.io/org-1/tool__x--y:1'`); // a duplicate
  return `${lines.join('\n')}\n`;
}

function median(xs: number[]): number {
  const s = xs.toSorted((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[], expectCode: number): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== expectCode) throw new Error(`check ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

try {
  execFileSync(process.execPath, [cli, '--version']); // warm V8's compile cache, as a second run would
  const big = join(work, 'wishlist-1000.yaml');
  writeFileSync(big, wishlist(1000));
  // Interleaved with `--version` (process start and the CLI's own loading), so that load on the machine shows in both.
  const offline: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < rounds; i++) {
    start.push(time(['--version'], 0));
    offline.push(time(['check', big, '--offline'], 0));
  }
  console.log(`check --offline, 1,000 inputs: median ${median(offline).toFixed(0)} ms (runs: ${offline.map((x) => x.toFixed(0)).join(', ')}; target < 1000 ms)`);
  console.log(`  of which process start (cvmfs-unpack --version): median ${median(start).toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)}`);

  const registry = await startRegistry();
  try {
    const pushed = await buildAndPush(registry.host, 'bench/app:0', await simpleImage('bench'));
    const manifest = await (await request(`${registry.url}/v2/bench/app/manifests/${pushed.manifestDigest}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })).body.arrayBuffer();
    // 50 tags of one image, by PUTting the same manifest under each.
    for (let i = 1; i <= 50; i++) {
      const res = await request(`${registry.url}/v2/bench/app/manifests/${i}`, { method: 'PUT', body: Buffer.from(manifest), headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
      await res.body.dump();
      if (res.statusCode !== 201) throw new Error(`tagging bench/app:${i}: ${res.statusCode}`);
    }
    const base = join(work, 'base.yaml');
    const head = join(work, 'head.yaml');
    writeFileSync(base, readFileSync(big, 'utf8'));
    writeFileSync(head, readFileSync(big, 'utf8') + Array.from({ length: 50 }, (_, i) => `  - '${registry.ref(`bench/app:${i + 1}`)}'`).join('\n') + '\n');
    const online = Array.from({ length: rounds }, () => time(['check', head, '--against', base], 0));
    console.log(`check --against, 50 new of 1,050 inputs (loopback registry): median ${median(online).toFixed(0)} ms (runs: ${online.map((x) => x.toFixed(0)).join(', ')})`);
  } finally {
    await registry.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
