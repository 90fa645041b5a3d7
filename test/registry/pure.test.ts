/** Table tests for the pure parts of src/registry. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CredentialStore,
  CredentialsError,
  envVarPrefix,
  formatPlatform,
  InvalidPlatformError,
  nextLink,
  normalizeRegistryHost,
  parseChallenges,
  parsePlatform,
  pickChallenge,
  pickManifest,
  platformMatches,
  redactUrl,
  RegistryError,
  type Descriptor,
  type Platform,
} from '../../src/registry/index.ts';
import { tokenExpiry } from '../../src/registry/auth.ts';
import { backoffDelay, isTemporaryStatus, parseErrorBody, parseRetryAfter } from '../../src/registry/http.ts';

describe('WWW-Authenticate', () => {
  test.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' } }],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    // GHCR, Harbor and GitLab send the same shape; unquoted values and spaces after commas are allowed.
    ['Bearer realm=https://ghcr.io/token, service=ghcr.io', [{ scheme: 'bearer', params: { realm: 'https://ghcr.io/token', service: 'ghcr.io' } }]],
    [
      'Bearer realm="https://q/t",scope="repository:a/b:pull,push",error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'https://q/t', scope: 'repository:a/b:pull,push', error: 'insufficient_scope' } }],
    ],
    ['Bearer realm="with \\"quote\\""', [{ scheme: 'bearer', params: { realm: 'with "quote"' } }]],
    ['BEARER Realm="x"', [{ scheme: 'bearer', params: { realm: 'x' } }]],
    [
      'Basic realm="a", Bearer realm="b",service="s"',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'b', service: 's' } },
      ],
    ],
    ['Negotiate abc==, Basic realm="r"', [{ scheme: 'negotiate', params: {} }, { scheme: 'basic', params: { realm: 'r' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  test('several headers, Bearer preferred over Basic', () => {
    const challenges = parseChallenges(['Basic realm="a"', 'Bearer realm="b"']);
    expect(pickChallenge(challenges)?.scheme).toBe('bearer');
    expect(pickChallenge(parseChallenges(undefined))).toBeUndefined();
  });
});

describe('platforms', () => {
  test.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['Linux/ARM/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
  ])('parsePlatform(%s)', (input, expected) => {
    expect(parsePlatform(input)).toEqual(expected);
    expect(formatPlatform(parsePlatform(input))).toBe(input.toLowerCase());
  });

  test.each(['linux', 'linux/', 'a/b/c/d', 'linux/amd 64', ''])('parsePlatform(%j) is refused', (input) => {
    expect(() => parsePlatform(input)).toThrow(InvalidPlatformError);
  });

  const p = (s: string): Platform => parsePlatform(s);
  test.each([
    ['linux/amd64', 'linux/amd64', true],
    ['linux/amd64', 'linux/arm64', false],
    ['linux/amd64', 'windows/amd64', false],
    ['linux/arm64', 'linux/arm64/v8', true],
    ['linux/arm64/v8', 'linux/arm64', true],
    ['linux/arm64', 'linux/arm64', true],
    ['linux/aarch64', 'linux/arm64/v8', true],
    ['linux/x86_64', 'linux/amd64', true],
    ['linux/arm', 'linux/arm/v7', true],
    ['linux/arm', 'linux/arm/v6', false],
    ['linux/arm/v6', 'linux/arm/v7', false],
    ['linux/arm/7', 'linux/arm/v7', true],
  ])('wanted %s, entry %s → %s', (wanted, entry, expected) => {
    expect(platformMatches(p(wanted), p(entry))).toBe(expected);
  });

  const d = (platform: Platform | undefined, n: number, annotations?: Record<string, string>): Descriptor => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
    size: n,
    ...(platform ? { platform } : {}),
    ...(annotations ? { annotations } : {}),
  });
  const entries = [
    d({ os: 'unknown', architecture: 'unknown' }, 1),
    d({ os: 'linux', architecture: 'amd64', variant: 'v3' }, 2),
    d({ os: 'linux', architecture: 'amd64' }, 3),
    d({ os: 'linux', architecture: 'arm64' }, 4),
    d(undefined, 5),
    d({ os: 'linux', architecture: 's390x' }, 6, { 'vnd.docker.reference.type': 'attestation-manifest' }),
  ];
  test.each([
    ['linux/amd64', 3],
    ['linux/amd64/v3', 2],
    ['linux/arm64/v8', 4],
    ['linux/s390x', undefined],
    ['unknown/unknown', undefined],
  ])('pickManifest(%s) → entry %s', (wanted, size) => {
    expect(pickManifest(entries, p(wanted))?.size).toBe(size);
  });
});

describe('credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const dockerConfig = join(dir, 'docker');
  const authFile = join(dir, 'auth.json');
  mkdirSync(dockerConfig, { recursive: true });
  writeFileSync(
    join(dockerConfig, 'config.json'),
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
        'ghcr.io': { username: 'gh', password: 'ghpass' },
        'http://localhost:5000/v2/': { auth: b64('local:pass:with:colons') },
        'quay.io': { identitytoken: 'refresh-me' },
        'both.example': { auth: b64('from-docker:x') },
      },
    }),
  );
  writeFileSync(authFile, JSON.stringify({ auths: { 'both.example': { auth: b64('from-auth-file:y') } } }));
  const env = {
    HOME: '/nonexistent',
    DOCKER_CONFIG: dockerConfig,
    REGISTRY_AUTH_FILE: authFile,
    [`${envVarPrefix('gitlab.example.org:5005')}USERNAME`]: 'gitlab-ci-token',
    [`${envVarPrefix('gitlab.example.org:5005')}PASSWORD`]: 'job-token',
    [`${envVarPrefix('ghcr.io')}TOKEN`]: 'env-token',
    CVMFS_UNPACK_REGISTRY_AUTH: JSON.stringify({ 'harbor.example': { username: 'robot$x', password: 'h' } }),
  };
  const store = CredentialStore.fromEnvironment(env);

  test.each([
    ['registry.hub.docker.com', { username: 'hubuser', password: 'hubpass' }],
    ['docker.io', { username: 'hubuser', password: 'hubpass' }],
    ['localhost:5000', { username: 'local', password: 'pass:with:colons' }],
    ['quay.io', { identityToken: 'refresh-me' }],
    ['both.example', { username: 'from-auth-file', password: 'y' }],
    ['gitlab.example.org:5005', { username: 'gitlab-ci-token', password: 'job-token' }],
    ['GitLab.example.org:5005', { username: 'gitlab-ci-token', password: 'job-token' }],
    ['ghcr.io', { identityToken: 'env-token' }],
    ['harbor.example', { username: 'robot$x', password: 'h' }],
    ['localhost:5001', undefined],
    ['unknown.example', undefined],
  ])('get(%s)', (host, expected) => {
    expect(store.get(host)).toEqual(expected);
  });

  test.each([
    ['https://index.docker.io/v1/', 'registry.hub.docker.com'],
    ['registry-1.docker.io', 'registry.hub.docker.com'],
    ['http://Host.Example:5000/v2/', 'host.example:5000'],
    ['quay.io/org', 'quay.io'],
  ])('normalizeRegistryHost(%s) = %s', (input, expected) => {
    expect(normalizeRegistryHost(input)).toBe(expected);
  });

  test.each([
    ['ghcr.io', 'CVMFS_UNPACK_REGISTRY_GHCR_IO_'],
    ['127.0.0.1:5000', 'CVMFS_UNPACK_REGISTRY_127_0_0_1_5000_'],
    ['registry.hub.docker.com', 'CVMFS_UNPACK_REGISTRY_REGISTRY_HUB_DOCKER_COM_'],
  ])('envVarPrefix(%s)', (host, expected) => {
    expect(envVarPrefix(host)).toBe(expected);
  });

  test('Docker Hub also answers to DOCKER_IO variables', () => {
    const s = CredentialStore.fromEnvironment({ HOME: '/nonexistent', CVMFS_UNPACK_REGISTRY_DOCKER_IO_USERNAME: 'u', CVMFS_UNPACK_REGISTRY_DOCKER_IO_PASSWORD: 'p' });
    expect(s.get('registry.hub.docker.com')).toEqual({ username: 'u', password: 'p' });
  });

  test('a broken config file is an error that does not quote the file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"auths": {"x": {"auth": "c2VjcmV0"}');
    expect(() => CredentialStore.fromEnvironment({ HOME: '/nonexistent', REGISTRY_AUTH_FILE: bad })).toThrow(CredentialsError);
    expect(() => CredentialStore.fromEnvironment({ HOME: '/nonexistent', REGISTRY_AUTH_FILE: bad })).toThrow(`reading ${bad}: not valid JSON`);
  });
});

describe('URL redaction', () => {
  test.each([
    ['https://user:pass@r.example/v2/', 'https://REDACTED:REDACTED@r.example/v2/'],
    [
      'https://s3.example/blob?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA&X-Amz-Signature=abc',
      'https://s3.example/blob?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED',
    ],
    ['https://auth.example/token?service=reg&scope=repository%3Aa%3Apull', 'https://auth.example/token?service=reg&scope=repository%3Aa%3Apull'],
    ['https://r.example/v2/a/tags/list?n=100&last=v1', 'https://r.example/v2/a/tags/list?n=100&last=v1'],
    ['https://cdn.example/x?token=t0k&sig=s', 'https://cdn.example/x?token=REDACTED&sig=REDACTED'],
    ['not a url', '<invalid URL>'],
  ])('redactUrl(%s)', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('HTTP details', () => {
  test.each([
    ['</v2/a/tags/list?last=b&n=2>; rel="next"', '/v2/a/tags/list?last=b&n=2'],
    ['<https://r.example/v2/a/tags/list?last=b>; rel=next', 'https://r.example/v2/a/tags/list?last=b'],
    ['</x>; rel="prev", </y>; rel="next"', '/y'],
    ['</x>; rel="prev"', undefined],
    [undefined, undefined],
  ])('nextLink(%j)', (link, expected) => {
    expect(nextLink(link)).toBe(expected);
  });

  test.each([
    ['5', 5000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
    ['soon', undefined],
    [undefined, undefined],
  ])('parseRetryAfter(%j)', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });

  test.each([
    [200, false], [401, false], [404, false], [408, true], [429, true], [500, true], [501, false], [502, true], [503, true], [504, true],
  ])('isTemporaryStatus(%i) = %s', (status, expected) => {
    expect(isTemporaryStatus(status)).toBe(expected);
  });

  test.each([
    [0, 0, 50], [0, 1, 150], [3, 0.5, 800], [10, 1, 5000],
  ])('backoffDelay(attempt %i, random %f) = %i (base 100, cap 5000)', (attempt, random, expected) => {
    expect(backoffDelay(attempt, 100, 5000, () => random)).toBe(expected);
  });

  test.each([
    [300, 290_000],
    [undefined, 50_000],
    [0, 50_000],
    [10, 5_000],
  ])('a token with expires_in %j is used for %i ms', (expiresIn, ms) => {
    expect(tokenExpiry(1_000_000, expiresIn) - 1_000_000).toBe(ms);
  });

  test('error bodies', () => {
    expect(parseErrorBody(Buffer.from('{"errors":[{"code":"DENIED","message":"no","detail":{"x":1}}]}'))).toEqual([{ code: 'DENIED', message: 'no', detail: { x: 1 } }]);
    expect(parseErrorBody(Buffer.from('<html>'))).toEqual([]);
    expect(parseErrorBody(Buffer.from(''))).toEqual([]);
  });

  test.each([
    [{ status: 429, errors: [] }, 'pulling x: 429 too many requests'],
    [{ status: 404, errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }, 'pulling x: 404 MANIFEST_UNKNOWN manifest unknown'],
    [{ reason: 'network error: other side closed' }, 'pulling x: network error: other side closed'],
  ])('RegistryError message %#', (init, expected) => {
    expect(new RegistryError({ action: 'pulling x', method: 'GET', url: 'u', temporary: false, ...init }).message).toBe(expected);
  });
});
