import { describe, expect, test } from 'vitest';
import { globToRegExp, matchGlob, matchesTag, parseImageRef } from '../../src/reference/index.ts';

describe('matchGlob', () => {
  test.each<[string, string, boolean]>([
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['21.2.1*', '21.2.1', true],
    ['21.2.1*', '21.2.10', true],
    ['21.2.1*', '21.2.1-el9', true],
    // '.' is literal (DUCC's regex lets it match any character)
    ['21.2.1*', '21x2x1', false],
    ['21.2.1*', '21.2.2', false],
    // anchored at both ends
    ['1.0', 'v1.0', false],
    ['1.0', '1.0.1', false],
    ['1.0', '1.0', true],
    ['*-py3', '22.07-py3', true],
    ['*-py3', '22.07-py3-geometric', false],
    ['v*.*', 'v1.2', true],
    ['v*.*', 'v12', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    // '*' spans '/' and ':' (image patterns)
    ['ghcr.io/my-org/*', 'ghcr.io/my-org/app:1.0', true],
    ['ghcr.io/my-org/*', 'ghcr.io/my-org-evil/app:1.0', false],
    ['quay.io/*/casa:*', 'quay.io/stimela/casa:1.7.1', true],
    // regex metacharacters are literal
    ['a+b', 'aab', false],
    ['a+b', 'a+b', true],
    ['(x)|y', 'y', false],
    ['(x)|y', '(x)|y', true],
    ['a?c', 'abc', false],
    ['[ab]', 'a', false],
    ['[ab]', '[ab]', true],
    ['^a$', '^a$', true],
    ['a\\d', 'a1', false],
    ['a\\d', 'a\\d', true],
    ['x{2}', 'xx', false],
    ['', '', true],
    ['', 'a', false],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    expect(matchGlob(pattern, value)).toBe(expected);
    expect(globToRegExp(pattern).test(value)).toBe(expected);
  });

  test('the regular expression is anchored', () => {
    expect(globToRegExp('a*').source).toBe('^a.*$');
  });
});

describe('matchesTag', () => {
  test.each<[string, string, boolean]>([
    ['atlas/analysisbase:21.2.1*', '21.2.15', true],
    ['atlas/analysisbase:21.2.1*', '21.2.2', false],
    ['pyhf/pyhf:*', '0.7.6', true],
    ['centos:7', '7', true],
    ['centos:7', '8', false],
  ])('%s ~ %s: %s', (input, tag, expected) => {
    expect(matchesTag(parseImageRef(input, { allowWildcard: true }), tag)).toBe(expected);
  });
});
