import { describe, expect, test } from 'vitest';
import { planGc, type Inventory } from '../../src/gc/index.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const DAY = 86_400_000;
const now = 100 * DAY;
const old = now - 30 * DAY;
const fresh = now - 1000;

function inventory(over: Partial<Inventory> = {}): Inventory {
  return {
    links: [{ linkPath: 'r.io/a:1', configDigest: d('a') }],
    metadata: [
      { linkPath: 'r.io/a:1', configDigest: d('a'), layerDigests: [d('1'), d('2')], mtimeMs: old },
      { linkPath: 'r.io/gone:1', configDigest: d('b'), layerDigests: [d('1'), d('3')], mtimeMs: old },
    ],
    flats: [
      { digest: d('a'), mtimeMs: old },
      { digest: d('b'), mtimeMs: old },
    ],
    layers: [
      { digest: d('1'), mtimeMs: old },
      { digest: d('2'), mtimeMs: old },
      { digest: d('3'), mtimeMs: old },
    ],
    ...over,
  };
}

describe('planGc: chains (ours and DUCC\'s)', () => {
  test('every prefix of a kept image is live; the chains of removed images go; none goes while a layer list is unknown', async () => {
    const { chainIds } = await import('../../src/repo/index.ts');
    const kept = chainIds([d('1'), d('2')]);
    const gone = chainIds([d('1'), d('3')]);
    const chains = [...new Set([...kept, ...gone])].map((digest) => ({ digest, mtimeMs: old }));
    expect(planGc(inventory({ chains }), { now, graceMs: 7 * DAY }).chains).toEqual([gone[1]!]);
    expect(planGc(inventory({ chains: [{ digest: gone[1]!, mtimeMs: fresh }] }), { now, graceMs: 7 * DAY }).chains).toEqual([]);
    const unknown = inventory({ chains, links: [...inventory().links, { linkPath: 'r.io/nometa:1', configDigest: d('a') }] });
    const plan = planGc(unknown, { now, graceMs: 7 * DAY });
    expect(plan.chains).toEqual([]);
    expect(plan.notes.join()).toMatch(/no layer or chain is removed/);
  });
});

describe('planGc', () => {
  test('removes exactly what no link refers to', () => {
    const plan = planGc(inventory(), { now, graceMs: 7 * DAY });
    expect(plan).toMatchObject({ links: [], metadata: ['r.io/gone:1'], flats: [d('b')], layers: [d('3')] });
  });

  test.each([
    ['an unreferenced flat changed within the grace period', { flats: [{ digest: d('a'), mtimeMs: old }, { digest: d('b'), mtimeMs: fresh }] }, { flats: [] }],
    ['an unreferenced layer changed within the grace period', { layers: [{ digest: d('1'), mtimeMs: old }, { digest: d('2'), mtimeMs: old }, { digest: d('3'), mtimeMs: fresh }] }, { layers: [] }],
  ])('keeps %s', (_name, over, expected) => {
    expect(planGc(inventory(over), { now, graceMs: 7 * DAY })).toMatchObject(expected);
  });

  test('removes no layer when a published image has no readable manifest', () => {
    const inv = inventory({ metadata: [{ linkPath: 'r.io/a:1', mtimeMs: old }] });
    const plan = planGc(inv, { now, graceMs: 0 });
    expect(plan.layers).toEqual([]);
    expect(plan.notes.join()).toMatch(/layers of 1 published image\(s\) are unknown/);
    expect(plan.flats).toEqual([d('b')]);
  });

  test('with prune, unwanted links go and their flat and layers follow', () => {
    const inv = inventory({
      links: [
        { linkPath: 'r.io/a:1', configDigest: d('a') },
        { linkPath: 'r.io/gone:1', configDigest: d('b') },
      ],
    });
    const plan = planGc(inv, { now, graceMs: 7 * DAY, wanted: (l) => l === 'r.io/a:1' });
    expect(plan).toMatchObject({ links: ['r.io/gone:1'], metadata: ['r.io/gone:1'], flats: [d('b')], layers: [d('3')] });
  });

  test('a flat shared by a remaining link is kept when another link to it goes', () => {
    const inv = inventory({
      links: [
        { linkPath: 'r.io/a:1', configDigest: d('a') },
        { linkPath: 'r.io/a:latest', configDigest: d('a') },
      ],
    });
    const plan = planGc(inv, { now, graceMs: 0, wanted: (l) => l === 'r.io/a:1' });
    expect(plan.links).toEqual(['r.io/a:latest']);
    expect(plan.flats).toEqual([d('b')]);
  });
});
