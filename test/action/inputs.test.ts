import { describe, expect, test } from 'vitest';
import { InputError, parseInputs, type RawInputs } from '../../src/action/inputs.ts';
import { checkArgv, parseCheckInputs } from '../../src/action/check.ts';

const D = `sha256:${'d'.repeat(64)}`;

describe('parseInputs', () => {
  test.each<[string, RawInputs, Record<string, string | undefined>, object]>([
    [
      'remote with OIDC and defaults (empty inputs count as unset, as on a runner)',
      { image: 'ghcr.io/org/app:1.0', server: 'https://agent.example.org', 'extra-tags': '', audience: '', token: '', target: '', platform: '', wait: '', timeout: '' },
      {},
      { mode: 'remote', server: 'https://agent.example.org', images: ['ghcr.io/org/app:1.0'], extraTags: [], auth: { kind: 'oidc', audience: 'cvmfs-unpack' }, wait: true, timeoutMs: 1_800_000 },
    ],
    [
      'remote with a secret token, no wait, a timeout and a platform',
      { image: 'ghcr.io/org/app:1.0', server: 'agent:8000', token: 's3cret', wait: 'false', timeout: '5m', platform: 'linux/arm64/v8' },
      {},
      { mode: 'remote', auth: { kind: 'token', token: 's3cret' }, wait: false, timeoutMs: 300_000, platform: 'linux/arm64/v8' },
    ],
    [
      'a custom audience',
      { image: 'ghcr.io/org/app:1.0', server: 'https://a', audience: 'https://agent.example.org' },
      {},
      { auth: { kind: 'oidc', audience: 'https://agent.example.org' } },
    ],
    [
      'docker/metadata-action tags and extra tags on lines',
      { image: 'ghcr.io/org/app:1.2.3\nghcr.io/org/app:latest\n', 'extra-tags': 'stable\nlts', server: 'https://a' },
      {},
      { images: ['ghcr.io/org/app:1.2.3', 'ghcr.io/org/app:latest'], extraTags: ['stable', 'lts'] },
    ],
    ['digest pinning', { image: 'ghcr.io/org/app:1.0', digest: D, server: 'https://a' }, {}, { digest: D }],
    ['wait spelled True', { image: 'x/y:1', server: 'https://a', wait: 'True' }, {}, { wait: true }],
    ['timeout in seconds', { image: 'x/y:1', server: 'https://a', timeout: '90' }, {}, { timeoutMs: 90_000 }],
    ['in-process with a target', { image: 'ghcr.io/org/app:1.0', target: 'cvmfs:unpacked.example.org' }, {}, { mode: 'in-process', target: 'cvmfs:unpacked.example.org' }],
    ['in-process with the target from CVMFS_UNPACK_TARGET', { image: 'ghcr.io/org/app:1.0' }, { CVMFS_UNPACK_TARGET: 'dir:/srv/unpacked' }, { mode: 'in-process', target: 'dir:/srv/unpacked' }],
    ['the target input wins over CVMFS_UNPACK_TARGET', { image: 'a/b:1', target: 'dir:/x' }, { CVMFS_UNPACK_TARGET: 'dir:/y' }, { target: 'dir:/x' }],
  ])('%s', (_name, raw, env, expected) => {
    expect(parseInputs(raw, env)).toMatchObject(expected);
  });

  test.each<[string, RawInputs, Record<string, string | undefined>, RegExp]>([
    ['no image', { server: 'https://a' }, {}, /input "image" is required/],
    ['an empty image', { image: ' \n ', server: 'https://a' }, {}, /input "image" is required/],
    ['neither server nor target', { image: 'a/b:1' }, {}, /set "server".*or "target"/],
    ['target with server', { image: 'a/b:1', server: 'https://a', target: 'dir:/x' }, {}, /"target" applies only without "server"/],
    ['token without server', { image: 'a/b:1', token: 't', target: 'dir:/x' }, {}, /"token" is for a remote agent/],
    ['a target of an unknown kind', { image: 'a/b:1', target: '/srv/unpacked' }, {}, /dir:PATH or cvmfs:REPO/],
    ['wait that is not a boolean', { image: 'a/b:1', server: 'https://a', wait: 'yes' }, {}, /input "wait" must be true or false/],
    ['a timeout that is not a duration', { image: 'a/b:1', server: 'https://a', timeout: 'soon' }, {}, /input "timeout" "soon" is not a duration/],
    ['a zero timeout', { image: 'a/b:1', server: 'https://a', timeout: '0' }, {}, /input "timeout" must be longer than 0/],
    ['a bad digest', { image: 'a/b:1', server: 'https://a', digest: 'sha256:abc' }, {}, /input "digest" must be a manifest digest/],
    ['a bad platform', { image: 'a/b:1', server: 'https://a', platform: 'amd64' }, {}, /input "platform" must be os\/arch/],
  ])('refuses %s', (_name, raw, env, message) => {
    expect(() => parseInputs(raw, env)).toThrow(InputError);
    expect(() => parseInputs(raw, env)).toThrow(message);
  });
});

describe('mode: check inputs', () => {
  test.each([
    [{}, ['check', 'recipe.yaml', '--format', 'github']],
    [{ recipe: ' wishlist/recipe.yaml ', against: 'origin/main', strict: 'true' }, ['check', 'wishlist/recipe.yaml', '--format', 'github', '--against', 'origin/main', '--strict']],
    [{ format: 'gitlab', platform: 'linux/arm64' }, ['check', 'recipe.yaml', '--format', 'gitlab', '--platform', 'linux/arm64']],
  ])('%j runs %j', (raw, argv) => {
    expect(checkArgv(parseCheckInputs(raw))).toEqual(argv);
  });

  test.each([
    [{ format: 'xml' }, 'input "format" must be github, text or gitlab'],
    [{ strict: 'yes' }, 'input "strict" must be true or false'],
  ])('%j is refused', (raw, message) => {
    expect(() => parseCheckInputs(raw)).toThrow(message);
  });
});
