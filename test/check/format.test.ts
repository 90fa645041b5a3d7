// The renderers of a check report: pure functions over a CheckReport.
import { describe, expect, test } from 'vitest';
import { annotation } from '../../src/check/github.ts';
import { codeQuality } from '../../src/check/gitlab.ts';
import { repoPath } from '../../src/check/text.ts';
import type { CheckReport, Finding } from '../../src/check/index.ts';

describe('repoPath', () => {
  test.each([
    ['recipe.yaml', undefined, 'recipe.yaml'],
    ['./recipe.yaml', undefined, 'recipe.yaml'],
    ['/home/runner/work/w/w/lists/recipe.yaml', '/home/runner/work/w/w', 'lists/recipe.yaml'],
    ['/home/runner/work/w/w/recipe.yaml', '/home/runner/work/w/w/', 'recipe.yaml'],
    ['/elsewhere/recipe.yaml', '/builds/group/wishlist', '/elsewhere/recipe.yaml'],
  ])('%s in %s is %s', (file, workspace, expected) => {
    expect(repoPath(file, workspace)).toBe(expected);
  });
});

describe('GitHub annotations', () => {
  test.each<[Finding, string]>([
    [{ severity: 'error', check: 'schema', message: 'a: b', line: 3, column: 7 }, '::error file=r.yaml,line=3,col=7,title=recipe check%3A schema::a: b'],
    [{ severity: 'warning', check: 'duplicate', message: '100% sure\nsecond line', line: 9 }, '::warning file=r.yaml,line=9,title=recipe check%3A duplicate::100%25 sure%0Asecond line'],
    [{ severity: 'warning', check: 'base-invalid', message: 'no line' }, '::warning file=r.yaml,title=recipe check%3A base-invalid::no line'],
  ])('%j', (finding, expected) => {
    expect(annotation('r.yaml', finding)).toBe(expected);
  });

  test('a file name with a comma or colon is escaped as a property', () => {
    expect(annotation('a,b:c.yaml', { severity: 'error', check: 'x', message: 'm', line: 1 })).toMatch(/^::error file=a%2Cb%3Ac\.yaml,line=1,/);
  });
});

describe('GitLab code quality', () => {
  const report = (findings: Finding[]): CheckReport => ({ file: '/builds/g/w/recipe.yaml', offline: true, inputs: [], findings, removed: [], errors: 0, warnings: 0 });

  test('fingerprints are unique per issue and do not change when the line moves', () => {
    const dup = (line: number): Finding => ({ severity: 'warning', check: 'duplicate', message: 'same', line });
    const a = codeQuality(report([dup(3), dup(5)]), '/builds/g/w');
    const b = codeQuality(report([dup(4), dup(6)]), '/builds/g/w');
    expect(new Set(a.map((i) => i.fingerprint)).size).toBe(2);
    expect(a.map((i) => i.fingerprint)).toEqual(b.map((i) => i.fingerprint));
    expect(a.map((i) => [i.location.path, i.location.lines.begin, i.severity])).toEqual([
      ['recipe.yaml', 3, 'minor'],
      ['recipe.yaml', 5, 'minor'],
    ]);
  });
});
