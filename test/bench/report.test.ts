import { describe, expect, test } from 'vitest';
import { summarise } from '../../bench/measure.ts';
import { renderTable, renderTargets, targets } from '../../bench/report.ts';
import type { ScenarioResult } from '../../bench/scenarios.ts';

function scenario(name: string, over: Partial<ScenarioResult> = {}): ScenarioResult {
  return { name, title: name, series: [], comparisons: [], facts: {}, ...over };
}

const floorOf = (floor: number | undefined) =>
  floor === undefined ? [] : [{ label: 'cvmfs-unpack / (pigz | tar)', kind: 'ratio' as const, stats: summarise([floor, floor]) }];
const cold = (ratio: number, floor?: number) =>
  scenario('cold-minbase', { comparisons: [{ label: 'cvmfs-unpack / (skopeo + umoci)', kind: 'ratio', stats: summarise([ratio, ratio]) }, ...floorOf(floor)] });
const noop = (ms: number) => scenario('noop', { comparisons: [{ label: 'diff', kind: 'difference', stats: summarise([ms]) }] });
const big = (rssMB: number, floor?: number) =>
  scenario('cold-big', { series: [{ label: 'cvmfs-unpack sync', ms: [1000, 1100], rssBytes: [100e6, rssMB * 1e6] }], comparisons: floorOf(floor) });
const shared = (fetched: number, dirs: number) => scenario('shared', { facts: { layersFetched: fetched, layerDirsWritten: dirs, distinctLayers: 21 } });

describe('bench targets', () => {
  test.each([
    // DESIGN.md section 8 first (cold, no-op, RSS, shared base), then issue 11's (floor minbase, floor big, RSS, no-op).
    { name: 'all met', results: [cold(0.6, 1.1), noop(40), big(120, 1.15), shared(21, 21)], expected: [true, true, true, true, true, true, true, true] },
    { name: 'all missed', results: [cold(0.8, 1.5), noop(150), big(250, 2), shared(40, 21)], expected: [false, false, false, false, false, false, false, false] },
    {
      name: "DESIGN.md's met, issue 11's missed",
      results: [cold(0.6, 1.3), noop(80), big(150, 1.25), shared(21, 21)],
      expected: [true, true, true, true, false, false, false, false],
    },
    { name: 'base written twice', results: [shared(21, 22)], expected: [undefined, undefined, undefined, false, undefined, undefined, undefined, undefined] },
    { name: 'nothing measured', results: [], expected: Array(8).fill(undefined) },
    { name: 'a failed scenario counts as not measured', results: [{ ...cold(0.5, 1), error: 'sync failed' }], expected: Array(8).fill(undefined) },
  ])('$name', ({ results, expected }) => {
    expect(targets(results).map((t) => t.pass)).toEqual(expected);
  });

  test('the targets table says PASS, FAIL and n/a', () => {
    const text = renderTargets(targets([cold(0.6), noop(150)]));
    expect(text).toMatch(/cold sync \(minbase\).*0\.60 ×.*PASS/);
    expect(text).toMatch(/no-op re-sync.*\+150 ms.*FAIL/);
    expect(text).toMatch(/peak RSS.*not measured.*n\/a/);
  });

  test('the scenario table shows medians, ranges, peak RSS, failures and facts', () => {
    const text = renderTable([
      scenario('cold-big', {
        series: [{ label: 'cvmfs-unpack sync', ms: [5000, 6000, 12_000], rssBytes: [150e6, 190e6, 170e6] }],
        facts: { bytesDownloaded: 864_900_000, layersFetched: 2 },
      }),
      scenario('noop', { error: 'cvmfs-unpack sync minbase:1: exited with 1' }),
    ]);
    expect(text).toMatch(/cvmfs-unpack sync\s+6000 ms\s+5000 ms–12\.0 s\s+3\s+190\.0 MB/);
    expect(text).toContain('bytesDownloaded=864.9 MB  layersFetched=2');
    expect(text).toContain('FAILED: cvmfs-unpack sync minbase:1: exited with 1');
  });
});
