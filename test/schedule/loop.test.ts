// The scheduled sync against the real registry: wildcards expanded from the
// registry's tags, a failing input that never blocks the others and backs
// off, and a tag moved upstream re-linked by the next cycle.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runScheduled, type CycleReport } from '../../src/schedule/loop.ts';
import { isDue, nextAttempt } from '../../src/schedule/backoff.ts';
import { parseTarget } from '../../src/publish/index.ts';
import { RegistryClient } from '../../src/registry/index.ts';
import { nullLogger } from '../../src/log/logger.ts';
import { recipeRequests } from '../../src/schedule/recipe-source.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { buildAndPush, simpleImage } from '../helpers/images.ts';

describe('backoff', () => {
  const I = 60_000;
  test.each([
    [1, I],
    [2, 2 * I],
    [3, 4 * I],
    [10, 6 * 3_600_000],
  ])('after %d failure(s) the next try is about %d ms later', (failures, wait) => {
    let state;
    for (let i = 0; i < failures; i++) state = nextAttempt(state, 0, I, 6 * 3_600_000, 'boom');
    expect(state!.failures).toBe(failures);
    expect(state!.notBefore).toBe(wait - Math.min(I / 10, 5_000));
    expect(isDue(state, wait - 5_001)).toBe(false);
    expect(isDue(state, wait)).toBe(true);
  });
});

describe('runScheduled', () => {
  let registry: StartedRegistry;
  let work: string;
  beforeAll(async () => {
    registry = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'loop-'));
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('expands wildcards, survives a failing input and follows a moved tag', { timeout: 120_000 }, async () => {
    for (const t of ['1.0', '1.1', '2.0']) await buildAndPush(registry.host, `loop/wild:${t}`, await simpleImage(`wild ${t}`));
    await buildAndPush(registry.host, 'loop/moving:latest', await simpleImage('first'));
    const recipe = join(work, 'recipe.yaml');
    writeFileSync(
      recipe,
      [
        'version: 1',
        'input:',
        `  - '${registry.ref('loop/wild:1.*')}'`,
        `  - '${registry.ref('loop/missing:1')}'`,
        `  - '${registry.ref('loop/moving:latest')}'`,
        '',
      ].join('\n'),
    );
    const target = join(work, 'target');
    const client = new RegistryClient({ retries: 0 });
    const controller = new AbortController();
    const reports: CycleReport[] = [];
    // A clock that moves one interval per cycle: the back-off is decided by it, not by the machine's speed.
    let clock = 0;
    await runScheduled({
      now: () => clock,
      source: () => recipeRequests(recipe, undefined, nullLogger, client),
      publisher: parseTarget(`dir:${target}`),
      client,
      intervalMs: 1000,
      logger: nullLogger,
      signal: controller.signal,
      onCycle: async (r) => {
        reports.push(r);
        clock += 1000;
        if (r.cycle === 1) await buildAndPush(registry.host, 'loop/moving:latest', await simpleImage('second'));
        if (r.cycle === 3) controller.abort();
      },
    });
    const name = (t: string) => registry.ref(t);
    expect(reports[0]!.updated.sort()).toEqual([name('loop/moving:latest'), name('loop/wild:1.0'), name('loop/wild:1.1')].sort());
    expect(reports[0]!.failed.map((f) => f.ref)).toEqual([name('loop/missing:1')]);
    expect(reports[0]!.failed[0]!.error).toMatch(/404|unknown/i);
    // Cycle 2: the moved tag is updated, the rest unchanged; the failing input is retried once (first back-off is one interval).
    expect(reports[1]!.updated).toEqual([name('loop/moving:latest')]);
    expect(reports[1]!.unchanged.sort()).toEqual([name('loop/wild:1.0'), name('loop/wild:1.1')].sort());
    expect(reports[1]!.failed.map((f) => f.ref)).toEqual([name('loop/missing:1')]);
    // Cycle 3: after two failures it backs off and is not tried; the others still are.
    expect(reports[2]!.skipped).toEqual([name('loop/missing:1')]);
    expect(reports[2]!.unchanged).toHaveLength(3);
    expect(readFileSync(join(target, registry.host, 'loop', 'moving:latest', 'etc', 'hello.txt'), 'utf8')).toBe('second\n');
  });
});
