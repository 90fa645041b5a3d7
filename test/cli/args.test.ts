import { describe, expect, test } from 'vitest';
import { parseCommandLine, parseDuration, UsageError } from '../../src/cli/args.ts';

describe('parseCommandLine', () => {
  test.each([
    [[], { command: 'help', topic: undefined }],
    [['--help'], { command: 'help', topic: undefined }],
    [['help', 'sync'], { command: 'help', topic: 'sync' }],
    [['sync', '--help'], { command: 'help', topic: 'sync' }],
    [['gc', '-h'], { command: 'help', topic: 'gc' }],
  ])('%j asks for help', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });

  test('sync collects images, repeated platforms and the target', () => {
    const p = parseCommandLine(['sync', 'a:1', 'b:2', '--platform', 'linux/amd64', '--platform', 'linux/arm64', '--target', 'dir:/x']);
    expect(p).toMatchObject({
      command: 'sync',
      positionals: ['a:1', 'b:2'],
      values: { platform: ['linux/amd64', 'linux/arm64'], target: 'dir:/x' },
    });
  });

  test.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['sync', '--bogus'], /bogus/],
    [['ls', 'extra'], /unexpected argument "extra"/],
    [['loop', '--interval'], /interval/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['250ms', 250],
    ['90', 90_000],
    ['1.5m', 90_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, '--interval')).toBe(ms);
  });

  test.each(['', 'soon', '15 minutes', '-1s', '1w'])('%j is refused', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(/is not a duration/);
  });
});
