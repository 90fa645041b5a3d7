import { describe, expect, test } from 'vitest';
import { diffStats, median, ratioStats, rotate, summarise } from '../../bench/measure.ts';
import { parseResults } from '../../bench/tools.ts';

describe('bench statistics', () => {
  test.each([
    { values: [3], expected: 3 },
    { values: [5, 1, 3], expected: 3 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [], expected: Number.NaN },
  ])('median of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toEqual(expected);
  });

  test('summarise gives median, min, max and count', () => {
    expect(summarise([10, 30, 20])).toEqual({ median: 20, min: 10, max: 30, n: 3 });
  });

  test.each([
    { a: [1, 2, 3], b: [2, 2, 2], expected: { median: 1, min: 0.5, max: 1.5, n: 3 } },
    { a: [1, 2], b: [1, 0], expected: { median: 1, min: 1, max: 1, n: 1 } },
    { a: [4, 4, 4], b: [2], expected: { median: 2, min: 2, max: 2, n: 1 } },
  ])('ratioStats pairs rounds: $a / $b', ({ a, b, expected }) => {
    expect(ratioStats(a, b)).toEqual(expected);
  });

  test('diffStats pairs rounds', () => {
    expect(diffStats([150, 130, 170], [50, 40, 60])).toEqual({ median: 100, min: 90, max: 110, n: 3 });
  });

  test.each([
    { round: 0, expected: ['a', 'b', 'c'] },
    { round: 1, expected: ['b', 'c', 'a'] },
    { round: 2, expected: ['c', 'a', 'b'] },
    { round: 4, expected: ['b', 'c', 'a'] },
  ])('rotate by round $round', ({ round, expected }) => {
    expect(rotate(['a', 'b', 'c'], round)).toEqual(expected);
  });
});

describe('reading sync --json output', () => {
  const timings = { totalMs: 812, bytesDownloaded: 60_580_898, layersFetched: 1, layersReused: 0 };

  test('keeps result lines, skips logs and malformed lines', () => {
    const stdout = [
      JSON.stringify({ time: 't', level: 'info', msg: 'layer done' }),
      JSON.stringify({ event: 'result', ref: 'r/minbase:1', status: 'published', digest: 'sha256:ab', timings }),
      '{not json',
      JSON.stringify({ event: 'result', ref: 'r/x:1', status: 'failed', error: 'boom', timings: { ...timings, bytesDownloaded: 0, layersFetched: 0 } }),
      JSON.stringify({ event: 'result', ref: 'r/y:1', status: 'weird', timings }),
      '',
    ].join('\n');
    const results = parseResults(stdout);
    expect(results.map((r) => [r.ref, r.status])).toEqual([
      ['r/minbase:1', 'published'],
      ['r/x:1', 'failed'],
    ]);
    expect(results[0]!.timings).toEqual(timings);
    expect(results[1]!.error).toBe('boom');
  });
});
