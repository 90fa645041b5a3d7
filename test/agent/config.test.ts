import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError, ENV_KEYS, ENV_PREFIX, loadConfig, parseConfig, parseDuration, readSecret } from '../../src/agent/config.ts';
import { parseListen } from '../../src/agent/agent.ts';

const opts = (env: Record<string, string> = {}) => ({ file: 'agent.yaml', env, baseDir: '/etc/cvmfs-unpack' });

/** The example of DESIGN.md section 4, verbatim. */
const DESIGN_EXAMPLE = `
listen: 127.0.0.1:8000
target: cvmfs:unpacked.example.org      # or dir:/srv/unpacked
state: /var/lib/cvmfs-unpack            # durable queue and job history
auth:
  secretTokenFile: /etc/cvmfs-unpack/secret
  oidc:
    - issuer: https://token.actions.githubusercontent.com
      audience: cvmfs-unpack
    - issuer: https://gitlab.example.org
      audience: cvmfs-unpack
      jwksUri: https://gitlab.example.org/oauth/discovery/keys   # optional; else discovery
policy:
  - match: { repository: "my-org/*" }                 # GitHub claims
    images: ["ghcr.io/my-org/*"]
  - match: { project_path: "group/*", ref_protected: "true" }   # GitLab claims
    images: ["gitlab-registry.example.org/group/*"]
  - match: { secret: true }                           # holders of the secret token
    images: ["*"]
recipe: /etc/cvmfs-unpack/recipe.yaml   # optional: also run the scheduled loop
interval: 15m
`;

describe('parseConfig', () => {
  test('reads the example of the design document', () => {
    const c = parseConfig(DESIGN_EXAMPLE, opts());
    expect(c.listen).toBe('127.0.0.1:8000');
    expect(c.target).toBe('cvmfs:unpacked.example.org');
    expect(c.auth.secretTokenFile).toBe('/etc/cvmfs-unpack/secret');
    expect(c.auth.oidc).toEqual([
      { issuer: 'https://token.actions.githubusercontent.com', audience: ['cvmfs-unpack'] },
      { issuer: 'https://gitlab.example.org', audience: ['cvmfs-unpack'], jwksUri: 'https://gitlab.example.org/oauth/discovery/keys' },
    ]);
    expect(c.policy).toHaveLength(3);
    expect(c.policy[1]!.match).toEqual({ project_path: 'group/*', ref_protected: 'true' });
    expect(c.interval).toBe(15 * 60_000);
    expect(c.auth.clockSkew).toBe(30_000);
  });

  test('an empty file means the defaults', () => {
    const c = parseConfig('', opts());
    expect(c).toMatchObject({ listen: '127.0.0.1:8000', target: 'dir:/etc/cvmfs-unpack/unpacked', state: '/var/lib/cvmfs-unpack', policy: [] });
    expect(c.queue).toEqual({ maxQueued: 1000, batchSize: 20, maxAttempts: 3, history: 7 * 86_400_000, rateLimitWait: 30_000 });
    expect(c.rateLimit).toEqual({ perMinute: 60, burst: 30 });
    expect(c.http).toEqual({ maxBodyBytes: 65_536, maxWait: 60_000 });
  });

  test('relative paths are relative to the file', () => {
    const c = parseConfig('state: ./state\ntarget: dir:out\nauth: { secretTokenFile: secret }\nrecipe: r.yaml', opts());
    expect(c.state).toBe('/etc/cvmfs-unpack/state');
    expect(c.target).toBe('dir:/etc/cvmfs-unpack/out');
    expect(c.auth.secretTokenFile).toBe('/etc/cvmfs-unpack/secret');
    expect(c.recipe).toBe('/etc/cvmfs-unpack/r.yaml');
  });

  test.each([
    ['unknown top-level key', 'listen: 127.0.0.1:8000\nlisten_addr: x\n', /agent\.yaml:2: unknown key "listen_addr"/],
    ['unknown nested key', 'auth:\n  secretTokenFile: /s\n  secret_token_file: /t\n', /agent\.yaml:3: auth: unknown key "secret_token_file"/],
    ['issuer not a URL', 'auth:\n  oidc:\n    - issuer: gitlab.example.org\n      audience: x\n', /agent\.yaml:3: auth\.oidc\.0\.issuer: must be an http\(s\) URL/],
    ['issuer without audience', 'auth:\n  oidc:\n    - issuer: https://gitlab.example.org\n', /agent\.yaml:3: auth\.oidc\.0\.audience/],
    ['empty match', 'policy:\n  - match: {}\n    images: ["*"]\n', /agent\.yaml:2: .*at least one claim/],
    ['secret: false', 'policy:\n  - match: { secret: false }\n    images: ["*"]\n', /agent\.yaml:2: policy\.0\.match/],
    ['secret mixed with claims', 'policy:\n  - match: { secret: true, repository: "a/*" }\n    images: ["*"]\n', /agent\.yaml:2: policy\.0\.match/],
    ['rule without images', 'policy:\n  - match: { repository: "a/*" }\n    images: []\n', /agent\.yaml:3: policy\.0\.images: list at least one image pattern/],
    ['bad duration', 'interval: 15 minutes\n', /agent\.yaml:1: interval: "15 minutes" is not a duration/],
    ['not a mapping', '- a\n- b\n', /agent\.yaml: the agent configuration must be a mapping/],
    ['broken YAML', 'listen: [\n', /agent\.yaml:\d+: not valid YAML/],
    ['duplicate key', 'listen: a:1\nlisten: b:2\n', /agent\.yaml:2: not valid YAML/],
    ['secret inline in the file', 'auth:\n  secretToken: hunter2hunter2hunter2\n', /agent\.yaml:2: auth\.secretToken is a secret: put it in a file \(auth\.secretTokenFile\) or the environment variable CVMFS_UNPACK_SECRET_TOKEN/],
    ['webhook unknown kind', 'webhooks:\n  quay: { secretTokenFile: /s }\n', /agent\.yaml:2: webhooks: unknown key "quay"/],
    ['negative queue bound', 'queue:\n  maxQueued: -1\n', /agent\.yaml:2: queue\.maxQueued/],
  ])('%s', (_name, yaml, message) => {
    expect(() => parseConfig(yaml, opts())).toThrow(ConfigError);
    expect(() => parseConfig(yaml, opts())).toThrow(message);
  });

  test('the secret never appears in the error', () => {
    expect(() => parseConfig('auth:\n  secretToken: hunter2hunter2hunter2\n', opts())).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('environment variables', () => {
  test.each([
    ['LISTEN', '0.0.0.0:9000', (c) => c.listen, '0.0.0.0:9000'],
    ['TARGET', 'cvmfs:unpacked.cern.ch', (c) => c.target, 'cvmfs:unpacked.cern.ch'],
    ['STATE', '/srv/state', (c) => c.state, '/srv/state'],
    ['SECRET_TOKEN_FILE', '/run/secrets/token', (c) => c.auth.secretTokenFile, '/run/secrets/token'],
    ['SECRET_TOKEN', 'from-the-environment', (c) => c.auth.secretToken, 'from-the-environment'],
    ['CLOCK_SKEW', '10s', (c) => c.auth.clockSkew, 10_000],
    ['OIDC', '[{"issuer":"https://gitlab.example.org","audience":"a"}]', (c) => c.auth.oidc[0]?.audience, ['a']],
    ['POLICY', '[{"match":{"secret":true},"images":["x/*"]}]', (c) => c.policy[0]?.images, ['x/*']],
    ['WEBHOOKS_DISTRIBUTION_REGISTRY', 'http://127.0.0.1:5000', (c) => c.webhooks.distribution?.registry, 'http://127.0.0.1:5000'],
    ['QUEUE_MAX_QUEUED', '5', (c) => c.queue.maxQueued, 5],
    ['RATE_LIMIT_BURST', '2', (c) => c.rateLimit.burst, 2],
    ['HTTP_MAX_BODY_BYTES', '1024', (c) => c.http.maxBodyBytes, 1024],
    ['INTERVAL', '1h', (c) => c.interval, 3_600_000],
  ] as [string, string, (c: ReturnType<typeof parseConfig>) => unknown, unknown][])('%s overrides the file', (name, value, get, expected) => {
    const c = parseConfig(DESIGN_EXAMPLE, opts({ [`${ENV_PREFIX}${name}`]: value }));
    expect(get(c)).toEqual(expected);
  });

  test.each([
    ['OIDC', '[{"issuer":', /environment variable CVMFS_UNPACK_OIDC: not valid JSON/],
    ['QUEUE_BATCH_SIZE', 'many', /environment variable CVMFS_UNPACK_QUEUE_BATCH_SIZE: "many" is not a number/],
    ['POLICY', '[{"match":{},"images":["*"]}]', /environment variable CVMFS_UNPACK_POLICY \(at 0\.match\)/],
    ['INTERVAL', 'soon', /environment variable CVMFS_UNPACK_INTERVAL: interval: "soon" is not a duration/],
  ])('%s with a bad value names the variable', (name, value, message) => {
    expect(() => parseConfig('', opts({ [`${ENV_PREFIX}${name}`]: value }))).toThrow(message);
  });

  test('every key of the documented table has a variable, and docs/agent.md lists each', () => {
    const doc = readFileSync(new URL('../../docs/agent.md', import.meta.url), 'utf8');
    for (const key of ENV_KEYS) {
      expect(key.env).toMatch(/^[A-Z0-9_]+$/);
      expect(doc).toContain(`${ENV_PREFIX}${key.env}`);
      expect(doc).toContain(`\`${key.path.join('.')}\``);
    }
  });
});

describe('loadConfig and readSecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file is named', async () => {
    await expect(loadConfig(join(dir, 'nope.yaml'), {})).rejects.toThrow(/reading the agent configuration .*nope\.yaml: ENOENT/);
  });

  test('the first line of the secret file, trimmed; a loose mode is warned about', async () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 's3cret-token-0123456789\n', { mode: 0o644 });
    const warnings: string[] = [];
    await expect(readSecret('secret token', undefined, file, (m) => warnings.push(m))).resolves.toBe('s3cret-token-0123456789');
    expect(warnings.join('\n')).toMatch(/readable by group or others/);
    expect(warnings.join('\n')).not.toContain('s3cret');
  });

  test('an empty secret file is an error', async () => {
    const file = join(dir, 'empty');
    writeFileSync(file, '\n', { mode: 0o600 });
    await expect(readSecret('secret token', undefined, file, () => {})).rejects.toThrow(/the file is empty/);
  });
});

describe('parseDuration and parseListen', () => {
  test.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['250ms', 250],
    ['90', 90_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(['', 'm', '15 m', '1y', '-5s'])('%j is refused', (text) => expect(() => parseDuration(text)).toThrow(/not a duration/));

  test.each([
    ['127.0.0.1:8000', { host: '127.0.0.1', port: 8000 }],
    ['[::1]:8000', { host: '::1', port: 8000 }],
    [':8000', { host: '::', port: 8000 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])('%s', (text, expected) => expect(parseListen(text)).toEqual(expected));

  test.each(['8000', '127.0.0.1', '127.0.0.1:99999', 'host:port'])('%s is refused', (text) => expect(() => parseListen(text)).toThrow(/not host:port/));
});
