// The scheduled sync within a registry's pull limits, against the real
// registry behind the tests' counting proxy: change detection by HEAD (no
// manifest GET for an unchanged image, single- or multi-platform), 429 with
// Retry-After and Docker Hub's ratelimit headers waited out without failing
// images, a used-up pull limit carrying images to the next cycle, and a
// paged wildcard listed once per cycle however many inputs name it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { runScheduled, type CycleReport } from '../../src/schedule/loop.ts';
import { syncImages } from '../../src/convert/index.ts';
import { parseTarget } from '../../src/publish/index.ts';
import { parseImageRef } from '../../src/reference/index.ts';
import { CredentialStore, RateLimitedError, RegistryClient, parseRateLimitHeader } from '../../src/registry/index.ts';
import { RegistryPacer } from '../../src/registry/rate-limit.ts';
import { nullLogger } from '../../src/log/logger.ts';
import { Metrics } from '../../src/agent/metrics.ts';
import { recipeRequests } from '../../src/schedule/recipe-source.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { retag } from '../helpers/retag.ts';

const MANIFESTS = /\/manifests\//;

test.each([
  ['76;w=21600', { value: 76, windowSeconds: 21600 }],
  ['100', { value: 100 }],
  [' 0 ; w=60', { value: 0, windowSeconds: 60 }],
  ['many', undefined],
  [undefined, undefined],
])('ratelimit header %j', (header, parsed) => {
  expect(parseRateLimitHeader(header)).toEqual(parsed);
});

describe('RegistryPacer (a clock of its own, no waiting allowed)', () => {
  const what = { action: 'fetching manifest r/a:1', method: 'GET', url: 'https://r/v2/a/manifests/1' };
  const hub = { 'ratelimit-limit': '100;w=3600', 'ratelimit-remaining': '2;w=3600' };

  test('pulls go while some are left, then one per window/limit; HEADs and blobs are not held back', async () => {
    let clock = 1_000_000;
    const pacer = new RegistryPacer(nullLogger, () => clock);
    pacer.observe('r', 200, hub, undefined);
    await pacer.before('r', 'manifest-get', 0, undefined, what);
    await pacer.before('r', 'manifest-get', 0, undefined, what);
    const err = await pacer.before('r', 'manifest-get', 0, undefined, what).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAt).toBe(clock + 36_000);
    expect((err as RateLimitedError).message).toMatch(/^fetching manifest r\/a:1: the pull limit of r is used up \(100 per 3600 s\)/);
    await pacer.before('r', 'manifest-head', 0, undefined, what);
    await pacer.before('r', 'blob', 0, undefined, what);
    await pacer.before('other', 'manifest-get', 0, undefined, what);
    clock += 36_000;
    await pacer.before('r', 'manifest-get', 0, undefined, what);
    const [state] = pacer.states();
    expect(state).toMatchObject({ registry: 'r', limit: 100, windowSeconds: 3600, remaining: 0, carried: 1 });
    expect(state!.requests).toMatchObject({ 'manifest-get': 3, 'manifest-head': 1, blob: 1 });
  });

  test('a 429 with Retry-After holds back every request to that registry only, until then', async () => {
    let clock = 5_000;
    const pacer = new RegistryPacer(nullLogger, () => clock);
    pacer.observe('r', 429, {}, 5_000);
    for (const kind of ['manifest-head', 'tags', 'blob'] as const) {
      await expect(pacer.before('r', kind, 1_000, undefined, what)).rejects.toMatchObject({ retryAt: 10_000, registry: 'r' });
    }
    await pacer.before('s', 'manifest-get', 0, undefined, what);
    clock = 10_000;
    await pacer.before('r', 'manifest-get', 0, undefined, what);
    expect(pacer.states().find((x) => x.registry === 'r')).toMatchObject({ limited: 1, carried: 3 });
  });
});

describe('the loop within pull limits', () => {
  let registry: StartedRegistry;
  let proxy: FaultProxy;
  let work: string;
  let client: RegistryClient;
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startFaultProxy(registry.url);
    work = mkdtempSync(join(tmpdir(), 'ratelimit-'));
    await buildAndPush(registry.host, 'rl/single:1', await simpleImage('single'));
    await buildAndPush(registry.host, 'rl/multi:1', {
      index: [
        { ...(await simpleImage('amd64')), architecture: 'amd64' },
        { ...(await simpleImage('arm64')), architecture: 'arm64' },
      ],
    });
  }, 120_000);
  beforeEach(async () => {
    proxy.clearFaults();
    proxy.requests.length = 0;
    await client?.close();
    client = new RegistryClient({ retries: 3, retryBaseMs: 1, tagPageSize: 10 });
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.stop();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a second sync of unchanged images makes no manifest GET (HEAD only), single- and multi-platform', { timeout: 60_000 }, async () => {
    const publisher = parseTarget(`dir:${join(work, 'head')}`);
    const requests = [
      { ref: parseImageRef(proxy.ref('rl/single:1')) },
      { ref: parseImageRef(proxy.ref('rl/multi:1')), platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] },
    ];
    const first = await syncImages(requests, { publisher, client });
    expect(first.map((r) => r.status)).toEqual(Array(3).fill(expect.stringMatching(/published|updated/)));
    expect(proxy.count(MANIFESTS, 'GET')).toBeGreaterThan(0);

    proxy.requests.length = 0;
    const second = await syncImages(requests, { publisher, client });
    expect(second.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(proxy.count(MANIFESTS, 'GET')).toBe(0);
    // One HEAD per unit: the single image, and the index once per platform.
    expect(proxy.count(MANIFESTS, 'HEAD')).toBe(3);
    expect(proxy.count(/\/blobs\//)).toBe(0);

    // A tag moved upstream is seen by the HEAD and fetched.
    await buildAndPush(registry.host, 'rl/single:1', await simpleImage('single, moved'));
    proxy.requests.length = 0;
    const third = await syncImages(requests.slice(0, 1), { publisher, client });
    expect(third.map((r) => r.status)).toEqual([expect.stringMatching(/published|updated/)]);
    expect(proxy.count(MANIFESTS, 'GET')).toBe(1);
  });

  const loopOnce = async (recipeLines: string[], target: string, cycles: number, between?: (cycle: number) => void | Promise<void>) => {
    const recipe = join(work, `recipe-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(recipe, ['version: 1', 'input:', ...recipeLines.map((l) => `  - '${l}'`), ''].join('\n'));
    const reports: CycleReport[] = [];
    const controller = new AbortController();
    await runScheduled({
      source: () => recipeRequests(recipe, undefined, nullLogger, client),
      publisher: parseTarget(`dir:${join(work, target)}`),
      client,
      intervalMs: 1000,
      logger: nullLogger,
      signal: controller.signal,
      onCycle: async (r) => {
        reports.push(r);
        await between?.(r.cycle);
        if (r.cycle === cycles) controller.abort();
      },
    });
    return reports;
  };

  test('a 429 with Retry-After pauses the registry, then the image succeeds (not failed)', { timeout: 60_000 }, async () => {
    proxy.addFault({ method: 'GET', path: MANIFESTS, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const [report] = await loopOnce([proxy.ref('rl/single:1')], 'retry-after', 1);
    expect(report!.failed).toEqual([]);
    expect(report!.updated).toEqual([proxy.ref('rl/single:1')]);
    expect(proxy.requests.filter((r) => MANIFESTS.test(r.path)).map((r) => r.fault ?? r.method).slice(0, 2)).toEqual(['status', 'GET']);
    const state = client.rateLimits().find((s) => s.registry === proxy.host)!;
    expect(state.limited).toBe(1);
    expect(state.waitedMs).toBeGreaterThanOrEqual(900);
  });

  test("Docker Hub's ratelimit headers on a 429: waits for the window to give a pull back, then succeeds", { timeout: 60_000 }, async () => {
    // 2 pulls per 2 s: one comes back every second; no Retry-After, as Docker Hub sends.
    proxy.addFault({ method: 'GET', path: MANIFESTS, fault: { kind: 'status', status: 429, headers: { 'ratelimit-limit': '2;w=2', 'ratelimit-remaining': '0;w=2' } } });
    const [report] = await loopOnce([proxy.ref('rl/single:1')], 'hub-429', 1);
    expect(report!.failed).toEqual([]);
    expect(report!.updated).toHaveLength(1);
    const state = client.rateLimits().find((s) => s.registry === proxy.host)!;
    expect(state).toMatchObject({ limit: 2, windowSeconds: 2, limited: 1 });
    expect(state.waitedMs).toBeGreaterThanOrEqual(900);
  });

  test('a used-up pull limit carries a moved image to the next cycle instead of failing it', { timeout: 90_000 }, async () => {
    await buildAndPush(registry.host, 'rl/carry:1', await simpleImage('carry one'));
    const name = proxy.ref('rl/carry:1');
    // Cycle 1: the first pull is answered with "none left of 100 per 6 h".
    proxy.addFault({ method: 'GET', path: MANIFESTS, fault: { kind: 'headers', headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' } } });
    const reports = await loopOnce([proxy.ref('rl/carry:1')], 'carry', 3, async (cycle) => {
      if (cycle === 1) {
        await buildAndPush(registry.host, 'rl/carry:1', await simpleImage('carry two'));
        // Cycle 2's HEAD still says none left.
        proxy.addFault({ method: 'HEAD', path: MANIFESTS, fault: { kind: 'headers', headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' } } });
      }
      if (cycle === 2) {
        // The window moved on: cycle 3's HEAD says some are left again.
        proxy.addFault({ method: 'HEAD', path: MANIFESTS, fault: { kind: 'headers', headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '5;w=21600' } } });
      }
    });
    expect(reports[0]!.updated).toEqual([name]);
    expect(reports[1]!).toMatchObject({ updated: [], unchanged: [], failed: [], deferred: [name] });
    expect(reports[2]!).toMatchObject({ updated: [name], failed: [], deferred: [] });
    const state = client.rateLimits().find((s) => s.registry === proxy.host)!;
    expect(state.carried).toBe(1);
    expect(state.remaining).toBe(4);
    // The agent's /metrics shows the same (the agent hands its client's rateLimits() to Metrics).
    const metrics = new Metrics();
    metrics.registries(() => client.rateLimits());
    const text = metrics.render();
    const reg = proxy.host;
    expect(text).toContain(`cvmfs_unpack_registry_ratelimit_remaining{registry="${reg}"} 4`);
    expect(text).toContain(`cvmfs_unpack_registry_ratelimit_limit{registry="${reg}"} 100`);
    expect(text).toContain(`cvmfs_unpack_registry_carried_total{registry="${reg}"} 1`);
    expect(text).toMatch(new RegExp(`cvmfs_unpack_registry_requests_total\\{registry="${reg}",kind="manifest-get"\\} 2\n`));
    expect(text).toMatch(new RegExp(`cvmfs_unpack_registry_requests_total\\{registry="${reg}",kind="manifest-head"\\} 2\n`));
  });

  test('a one-shot sync reports a used-up pull limit as a failure naming when to retry', { timeout: 30_000 }, async () => {
    await buildAndPush(registry.host, 'rl/oneshot:1', await simpleImage('oneshot'));
    await buildAndPush(registry.host, 'rl/oneshot:2', await simpleImage('oneshot two'));
    const publisher = parseTarget(`dir:${join(work, 'oneshot')}`);
    // The first pull is told "none left of 1 per hour"; the second is not sent at all.
    proxy.addFault({ method: 'GET', path: MANIFESTS, fault: { kind: 'headers', headers: { 'ratelimit-limit': '1;w=3600', 'ratelimit-remaining': '0;w=3600' } } });
    const [a] = await syncImages([{ ref: parseImageRef(proxy.ref('rl/oneshot:1')) }], { publisher, client });
    expect(a!.status).not.toBe('failed');
    const [r] = await syncImages([{ ref: parseImageRef(proxy.ref('rl/oneshot:2')) }], { publisher, client });
    expect(r!.status).toBe('failed');
    expect(r!.error).toMatch(/pull limit .* is used up .*try again after/);
    expect(r!.retryAt).toBeDefined();
    expect(proxy.count(/oneshot\/manifests\/2/)).toBe(0);
    await expect(client.fetchManifest(parseImageRef(proxy.ref('rl/oneshot:2')))).rejects.toBeInstanceOf(RateLimitedError);
    expect(client.rateLimits().find((x) => x.registry === proxy.host)!.requests['manifest-get']).toBe(1);
  });

  test('a wildcard over many paged tags is listed once per cycle, however many inputs name the repository', { timeout: 90_000 }, async () => {
    await buildAndPush(registry.host, 'rl/paged:base', await simpleImage('paged'));
    const tags = Array.from({ length: 25 }, (_, i) => `1.${i}`);
    await retag(registry.url, 'rl/paged', 'base', tags);
    proxy.addFault({ path: /\/tags\/list/, fault: { kind: 'paginate', pageSize: 100 }, times: Infinity });
    const reports = await loopOnce([proxy.ref('rl/paged:1.1*'), proxy.ref('rl/paged:1.2*'), proxy.ref('rl/paged:base')], 'paged', 2);
    // 25 tags + base at 10 a page: 3 pages per cycle, 2 cycles.
    expect(proxy.count(/\/tags\/list/)).toBe(6);
    expect(proxy.requests.filter((r) => /\/tags\/list/.test(r.path)).map((r) => /[?&]n=10/.test(r.path))).toEqual(Array(6).fill(true));
    const expected = 11 + 6 + 1; // 1.1 and 1.10–1.19, 1.2 and 1.20–1.24, and base
    expect(reports[0]!.updated.length + reports[0]!.unchanged.length).toBe(expected);
    expect(reports[1]!.unchanged).toHaveLength(expected);
    expect(reports[1]!.failed).toEqual([]);
  });
});

describe('tokens in the loop', () => {
  let reg: StartedRegistry;
  let work: string;
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token' });
    work = mkdtempSync(join(tmpdir(), 'ratelimit-token-'));
    await buildAndPush(reg, 'tok/loop:base', await simpleImage('token loop'));
    await retag(reg.url, 'tok/loop', 'base', ['1.0', '1.1', '1.2', '1.3'], 1, reg.creds);
  }, 120_000);
  afterAll(async () => {
    await reg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('one token per repository scope for two cycles of concurrent checks (tag list, HEADs, GETs, blobs)', { timeout: 60_000 }, async () => {
    const recipe = join(work, 'recipe.yaml');
    writeFileSync(recipe, ['version: 1', 'input:', `  - '${reg.ref('tok/loop:1.*')}'`, ''].join('\n'));
    const client = new RegistryClient({ credentials: new CredentialStore([[reg.host, { username: reg.username!, password: reg.password! }]]), retryBaseMs: 1 });
    const before = reg.tokenServer!.requests.filter((r) => r.scopes.includes('repository:tok/loop:pull')).length;
    const controller = new AbortController();
    const reports: CycleReport[] = [];
    await runScheduled({
      source: () => recipeRequests(recipe, undefined, nullLogger, client),
      publisher: parseTarget(`dir:${join(work, 'target')}`),
      client,
      intervalMs: 1000,
      logger: nullLogger,
      signal: controller.signal,
      onCycle: (r) => {
        reports.push(r);
        if (r.cycle === 2) controller.abort();
      },
    });
    await client.close();
    expect(reports[0]!.updated).toHaveLength(4);
    expect(reports[1]!.unchanged).toHaveLength(4);
    expect(reg.tokenServer!.requests.filter((r) => r.scopes.includes('repository:tok/loop:pull')).length - before).toBe(1);
    expect(client.tokenRequests).toBe(1);
  });
});
