// Pure parts of the status API, removal and traffic rules, as tables.
import { describe, expect, test } from 'vitest';
import { parseLimit, parseStates, pageImages } from '../../src/agent/api.ts';
import { loadConfig } from '../../src/agent/config.ts';
import { imageViews, manifestSize, type ImageView } from '../../src/agent/images.ts';
import { escapeHtml, renderStatusPage } from '../../src/agent/page.ts';
import { mayRemove, type Identity } from '../../src/agent/policy.ts';
import { ProgressTracker } from '../../src/agent/progress.ts';
import { matchNames, parseRemoval } from '../../src/gc/remove.ts';
import { isPlainHttpRegistry } from '../../src/reference/index.ts';
import type { PolicyRule } from '../../src/agent/config.ts';

const ci: Identity = { kind: 'oidc', issuer: 'https://gitlab.example.org', subject: 'p', claims: { project_path: 'group/app' } };
const policy: PolicyRule[] = [
  { match: { project_path: 'group/*' }, images: ['reg.example.org/group/*'], remove: ['reg.example.org/group/app:feature-*', 'reg.example.org/group/tool:*'] },
  { match: { secret: true }, images: ['*'] },
];

describe('who may remove what', () => {
  test.each([
    ['a tag the pattern covers', ['reg.example.org/group/app:feature-1'], true],
    ['the same pattern', ['reg.example.org/group/app:feature-*'], true],
    ['a narrower pattern', ['reg.example.org/group/app:feature-1*'], true],
    ['a wider pattern', ['reg.example.org/group/app:*'], false],
    ['a pattern reaching past the literal part', ['reg.example.org/group/app:*feature-1'], false],
    ['a tag outside the pattern', ['reg.example.org/group/app:1.0'], false],
    ['any tag of a repository allowed whole', ['reg.example.org/group/tool:*'], true],
    ['one allowed and one not', ['reg.example.org/group/app:feature-1', 'reg.example.org/group/app:1.0'], false],
  ])('%s', (_name, names, allowed) => {
    expect(mayRemove(policy, ci, names)).toBe(allowed);
  });

  test('no remove patterns: denied (publishing rights do not imply removal)', () => {
    expect(mayRemove(policy, { kind: 'secret' }, ['reg.example.org/group/app:1.0'])).toBe(false);
  });
});

describe('which published names a removal matches', () => {
  const entries = ['app:1.0', 'app:feature-1', 'app:feature-2', 'app@sha256:' + 'a'.repeat(64), 'apps:feature-1', 'app', 'other:feature-1'];
  test.each([
    [['feature-*'], ['app:feature-1', 'app:feature-2']],
    [['1.0'], ['app:1.0']],
    [['*'], ['app:1.0', 'app:feature-1', 'app:feature-2']],
    [['sha256:' + 'a'.repeat(64)], ['app@sha256:' + 'a'.repeat(64)]],
    [['nope-*'], []],
  ])('%j', (patterns, expected) => {
    expect(matchNames(entries, 'app', patterns)).toEqual(expected);
  });

  test('one repository per removal', () => {
    expect(parseRemoval(['reg.example.org/a/b:x', 'reg.example.org/a/b:y-*']).target).toEqual({ registry: 'reg.example.org', repository: 'a/b', patterns: ['x', 'y-*'] });
    expect(() => parseRemoval(['reg.example.org/a/b:x', 'reg.example.org/a/c:x'])).toThrow(/one repository/);
  });
});

describe('which registries are plain HTTP', () => {
  test.each([
    ['127.0.0.1:5000', [], true],
    ['127.1.2.3:5000', [], true],
    ['localhost:5000', [], true],
    ['localhost', [], true],
    ['[::1]:5000', [], true],
    ['registry.example.org', [], false],
    ['127.0.0.1.example.org:5000', [], false],
    ['localhost.example.org', [], false],
    ['registry.internal:5000', ['registry.internal:5000'], true],
    ['registry.internal:5001', ['registry.internal:5000'], false],
    ['registry.internal:5001', ['registry.internal'], true],
    ['registry.internal:5000', ['http://registry.internal:5000/'], true],
  ])('%s (insecure: %j)', (registry, insecure, plain) => {
    expect(isPlainHttpRegistry(registry, insecure)).toBe(plain);
  });

  test('agent.yaml insecureRegistries, and the variable as a list or JSON', async () => {
    const env = (v: string) => ({ CVMFS_UNPACK_INSECURE_REGISTRIES: v });
    expect((await loadConfig(undefined, env('a:5000, b:5000'))).insecureRegistries).toEqual(['a:5000', 'b:5000']);
    expect((await loadConfig(undefined, env('["a:5000"]'))).insecureRegistries).toEqual(['a:5000']);
    expect((await loadConfig(undefined, {})).insecureRegistries).toEqual([]);
  });
});

describe('progress of a running job', () => {
  test('layers and bytes per job; fetching, unpacking, publishing', () => {
    const p = new ProgressTracker();
    p.begin([{ id: 'j1', names: ['http://reg:5000/a:1'] }, { id: 'j2', names: ['reg:5000/b:1'] }]);
    p.observe({ type: 'layer-start', ref: 'reg:5000/a:1', digest: 'sha256:l1', size: 100 });
    p.observe({ type: 'layer-start', ref: 'reg:5000/a:1', digest: 'sha256:l2', size: 50 });
    p.observe({ type: 'layer-progress', ref: 'reg:5000/a:1', digest: 'sha256:l1', bytes: 40, size: 100 });
    expect(p.get('j1')).toEqual({ phase: 'fetching', layersDone: 0, layersTotal: 2, bytes: 40, bytesTotal: 150 });
    p.observe({ type: 'layer-done', ref: 'reg:5000/a:1', digest: 'sha256:l1', size: 100, ms: 1, reused: false });
    p.observe({ type: 'layer-progress', ref: 'reg:5000/a:1', digest: 'sha256:l2', bytes: 50, size: 50 });
    expect(p.get('j1')).toEqual({ phase: 'unpacking', layersDone: 1, layersTotal: 2, bytes: 150, bytesTotal: 150 });
    expect(p.get('j2')).toEqual({ phase: 'fetching', layersDone: 0, layersTotal: 0, bytes: 0, bytesTotal: 0 });
    p.observe({ type: 'publish-start', target: 'dir:/x' });
    expect(p.get('j1')?.phase).toBe('publishing');
    p.clear();
    expect(p.get('j1')).toBeUndefined();
  });
});

describe('images API pieces', () => {
  const view = (name: string): ImageView => ({ name, digest: 'sha256:d', configDigest: 'sha256:c', platforms: ['linux/amd64'], path: `/cvmfs/r/${name}`, syncedAt: '2026-01-01T00:00:00Z' });
  test('prefix and paging by name', () => {
    const all = ['r/a:1', 'r/a:2', 'r/b:1'].map(view);
    expect(pageImages(all, 'r/a', 1, '')).toEqual({ items: [all[0]], next: 'r/a:1' });
    expect(pageImages(all, 'r/a', 1, 'r/a:1')).toEqual({ items: [all[1]] });
    expect(pageImages(all, '', 10, '').items).toHaveLength(3);
  });

  test('multi-platform names are one image with every platform; synced-by from the matching digest only', () => {
    const rec = (platform: string, digest = 'sha256:m') => ({ manifestDigest: digest, configDigest: 'sha256:c', platform, syncedAt: '2026-01-01T00:00:00Z' });
    const changes = new Map([['r/a:1 sha256:m', { name: 'r/a:1', status: 'published', jobId: 'j', source: 'api', identity: 'secret-token', at: 0 }]]);
    const views = imageViews('/cvmfs/r', [
      { linkPath: '.multiarch/arm64/r/a:1', record: rec('linux/arm64') },
      { linkPath: 'r/a:1', record: rec('linux/amd64') },
      { linkPath: 'r/b:1', record: rec('linux/amd64', 'sha256:other') },
    ], changes, () => 42);
    expect(views).toEqual([
      expect.objectContaining({ name: 'r/a:1', platforms: ['linux/amd64', 'linux/arm64'], size: 42, syncedBy: expect.objectContaining({ job: 'j' }) }),
      expect.not.objectContaining({ syncedBy: expect.anything() }),
    ]);
  });

  test.each([
    ['{"config":{"size":10},"layers":[{"size":100},{"size":5}]}', 115],
    ['{"manifests":[]}', undefined],
    ['not json', undefined],
  ])('manifest size %s', (text, size) => {
    expect(manifestSize(text)).toBe(size);
  });

  test.each([
    ['running,queued', ['running', 'queued']],
    [null, undefined],
  ])('state %s', (text, states) => {
    expect(parseStates(text)).toEqual(states);
  });
  test('bad state and limit are 400s', () => {
    expect(() => parseStates('done')).toThrow(/not one of/);
    expect(() => parseLimit('0', 50, 500)).toThrow(/positive/);
    expect(parseLimit('9999', 50, 500)).toBe(500);
  });

  test('the page escapes what it shows', () => {
    const page = (query: string) => renderStatusPage({ images: [view('r/<b>:1')], query, active: [], failed: [], recent: [], target: 'dir:/x' });
    expect(page('')).not.toContain('<b>');
    expect(page('')).toContain(escapeHtml('r/<b>:1'));
    expect(page('"><script>')).not.toContain('"><script>');
    expect(page('"><script>')).toContain('value="&quot;&gt;&lt;script&gt;"');
  });
});
