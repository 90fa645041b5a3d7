import { describe, expect, test } from 'vitest';
import { cleanEntryName, whiteoutOf } from '../../src/layer/names.ts';

describe('cleanEntryName', () => {
  test.each([
    ['etc/passwd', 'etc/passwd'],
    ['./etc/passwd', 'etc/passwd'],
    ['/etc/passwd', 'etc/passwd'],
    ['//etc//passwd/', 'etc/passwd'],
    ['././a/./b', 'a/b'],
    ['./', ''],
    ['/', ''],
    ['.', ''],
    ['a/...', 'a/...'],
    ['..a/b..', '..a/b..'],
    ['.wh..wh..opq', '.wh..wh..opq'],
  ])('%j → %j', (raw, path) => {
    expect(cleanEntryName(raw, 4096)).toEqual({ ok: true, path });
  });

  test.each([
    ['', /empty/],
    ['..', /escapes/],
    ['../x', /escapes/],
    ['a/../b', /escapes/],
    ['/a/../../b', /escapes/],
    ['a/..', /escapes/],
    ['a\0b', /NUL/],
    [`${'x'.repeat(4097)}`, /longer than 4096/],
  ])('refuses %j', (raw, reason) => {
    const r = cleanEntryName(raw, 4096);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(reason);
  });

  test('counts the length in bytes, not characters', () => {
    expect(cleanEntryName('é'.repeat(3), 5).ok).toBe(false);
    expect(cleanEntryName('é'.repeat(2), 5).ok).toBe(true);
  });
});

describe('whiteoutOf', () => {
  test.each([
    ['file', { kind: 'none' }],
    ['.whx', { kind: 'none' }],
    ['.wh..wh..opq', { kind: 'opaque' }],
    ['.wh.file', { kind: 'whiteout', target: 'file' }],
    ['.wh..hidden', { kind: 'whiteout', target: '.hidden' }],
    ['.wh..wh.plnk', { kind: 'whiteout', target: '.wh.plnk' }],
    ['.wh.', { kind: 'invalid' }],
    ['.wh..', { kind: 'invalid' }],
    ['.wh...', { kind: 'invalid' }],
  ])('%j', (base, expected) => {
    expect(whiteoutOf(base)).toMatchObject(expected);
  });
});

describe('layer sidecar', () => {
  test('round-trips through JSON and becomes apply options', async () => {
    const { sidecarOf, parseSidecar, applyOptionsOf } = await import('../../src/layer/sidecar.ts');
    const sc = sidecarOf({ diffId: 'sha256:x', uncompressedSize: 1, entries: 1, whiteouts: 1, markers: ['etc/.wh.x'], skipped: [], externalLinks: [{ path: 'a', target: 'b' }], implicitDirs: ['', 'usr'] });
    expect(applyOptionsOf(parseSidecar(JSON.stringify(sc)))).toEqual({ externalLinks: [{ path: 'a', target: 'b' }], implicitDirs: ['', 'usr'], markers: ['etc/.wh.x'] });
    // An older sidecar with only the links: every directory then counts as explicit.
    expect(applyOptionsOf(parseSidecar('{"externalLinks":[]}'))).toEqual({ externalLinks: [] });
  });

  test.each(['[]', '{"externalLinks":[{"path":1}]}', 'not json'])('refuses %s', async (text) => {
    const { parseSidecar } = await import('../../src/layer/sidecar.ts');
    expect(() => parseSidecar(text)).toThrow(/not a valid sidecar/);
  });
});
