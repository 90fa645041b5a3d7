/**
 * The HTTP API of a real agent process on loopback (DESIGN.md section 4),
 * with OIDC issuers of the test's own and the stand-in engine of
 * test/agent/entry.ts (the engine is tested on its own; here the API,
 * authentication, policy and queue are under test).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.ts';
import { makeAgentDir, postSync, startAgent, waitForJob, type AgentProcess, type JobView, type TestDir } from './harness.ts';

const run = promisify(execFile);
const SECRET = 'agent-api-test-secret-0123456789';
const DIST_SECRET = 'distribution-hook-secret-0123456789';
const HARBOR_SECRET = 'harbor-hook-secret-0123456789';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8');

let github: OidcIssuer;
let gitlab: OidcIssuer;
let stranger: OidcIssuer;
let dir: TestDir;
let agent: AgentProcess;

beforeAll(async () => {
  [github, gitlab, stranger] = await Promise.all([startOidcIssuer(), startOidcIssuer({ path: '/gitlab' }), startOidcIssuer()]);
  dir = makeAgentDir(
    {
      auth: {
        secretTokenFile: 'secret',
        oidc: [
          { issuer: github.url, audience: 'cvmfs-unpack' },
          { issuer: gitlab.url, audience: 'cvmfs-unpack', jwksUri: gitlab.jwksUri },
        ],
      },
      policy: [
        { match: { repository: 'my-org/*' }, images: ['ghcr.io/my-org/*'] },
        { match: { project_path: 'group/*', ref_protected: 'true' }, images: ['gitlab-registry.example.org/group/*'] },
        { match: { secret: true }, images: ['*'] },
        { match: { webhook: 'distribution' }, images: ['127.0.0.1:5998/*'] },
        { match: { webhook: 'harbor' }, images: ['harbor.example.org/physics/*'] },
      ],
      webhooks: { distribution: { secretTokenFile: 'dist-secret' }, harbor: { secretTokenFile: 'harbor-secret' } },
      http: { maxBodyBytes: 4096, maxWait: '20s' },
    },
    { secret: `${SECRET}\n`, 'dist-secret': DIST_SECRET, 'harbor-secret': HARBOR_SECRET },
  );
  agent = await startAgent(dir, { CVMFS_UNPACK_TEST_FAKE_DIR: dir.fakeDir, CVMFS_UNPACK_TEST_FAKE_DELAY_MS: '50' });
});

afterAll(async () => {
  await agent?.stop();
  await Promise.all([github?.close(), gitlab?.close(), stranger?.close()]);
  dir?.cleanup();
});

describe('the original unpack-api routes', () => {
  test('curl -X POST -H "Authorization:<secret>" ".../api/sync/secret?image=…" queues and publishes', async () => {
    const { stdout } = await run('curl', ['-sS', '-X', 'POST', '-H', `Authorization:${SECRET}`, `${agent.url}/api/sync/secret?image=gitlab-registry.cern.ch/mfatouro/unpack-to-cvmfs/test-image:latest`]);
    const body = JSON.parse(stdout) as { id: string; status: string; url: string };
    expect(body).toMatchObject({ status: 'queued', url: `/api/v1/jobs/${body.id}` });
    const job = await waitForJob(agent.url, body.id);
    expect(job.status).toBe('succeeded');
    expect(job.images.map((i) => i.ref)).toEqual(['gitlab-registry.cern.ch/mfatouro/unpack-to-cvmfs/test-image:latest']);
  });

  test('the GitLab template form: raw id_token to /api/sync/jwt', async () => {
    const jwt = await gitlab.gitlab('group/app');
    const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', '-X', 'POST', '-H', `Authorization:${jwt}`, `${agent.url}/api/sync/jwt?image=gitlab-registry.example.org/group/app:1.0`]);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('202');
    const job = await waitForJob(agent.url, (JSON.parse(lines[0]!) as { id: string }).id);
    expect(job).toMatchObject({ status: 'succeeded', image: 'gitlab-registry.example.org/group/app:1.0' });
  });

  test('the secret route refuses a JWT and the JWT route refuses the secret', async () => {
    const jwt = await gitlab.gitlab('group/app');
    const a = await fetch(`${agent.url}/api/sync/secret?image=gitlab-registry.example.org/group/app:1.0`, { method: 'POST', headers: { Authorization: jwt } });
    const b = await fetch(`${agent.url}/api/sync/jwt?image=gitlab-registry.example.org/group/app:1.0`, { method: 'POST', headers: { Authorization: SECRET } });
    expect([a.status, b.status]).toEqual([401, 401]);
  });
});

describe('POST /api/v1/sync', () => {
  test('a GitHub job token for its org image: 202, then the job reports digest and path', async () => {
    const token = await github.github('my-org/app');
    const res = await postSync(agent.url, token, { image: 'ghcr.io/my-org/app:1.2', extraTags: ['latest'], platform: 'linux/amd64' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(res.body.url);
    const job = await waitForJob(agent.url, String(res.body.id));
    expect(job.status).toBe('succeeded');
    expect(job.images.map((i) => i.ref)).toEqual(['ghcr.io/my-org/app:1.2', 'ghcr.io/my-org/app:latest']);
    expect(job.images.every((i) => /^sha256:[0-9a-f]{64}$/.test(i.digest ?? '') && i.path)).toBe(true);
    expect(job.timings).toMatchObject({ queuedAt: expect.any(String), finishedAt: expect.any(String) });
  });

  test.each([
    ['no credentials', async () => undefined],
    ['a wrong secret', async () => 'wrong-secret-0123456789'],
    ['a wrong audience', async () => github.github('my-org/app', {}, { audience: 'not-cvmfs-unpack' })],
    ['an expired token', async () => github.github('my-org/app', {}, { expiresIn: -600 })],
    ['a token signed by a foreign key', async () => github.github('my-org/app', {}, { foreign: true })],
    ['a token from an issuer that is not trusted', async () => stranger.github('my-org/app')],
    ['a token not valid yet', async () => gitlab.gitlab('group/app', {}, { notBefore: 600 })],
  ])('%s → 401 without echoing the token', async (_name, mint) => {
    const token = await mint();
    const res = await postSync(agent.url, token, { image: 'ghcr.io/my-org/app:1.0' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    if (token) expect(JSON.stringify(res.body)).not.toContain(token);
  });

  test.each([
    ['a GitHub repo of another org', async () => github.github('other-org/app'), 'ghcr.io/my-org/app:1.0'],
    ['a GitHub repo of the org asking for another org', async () => github.github('my-org/app'), 'ghcr.io/other-org/app:1.0'],
    ['a GitLab unprotected ref', async () => gitlab.gitlab('group/app', { ref_protected: 'false' }), 'gitlab-registry.example.org/group/app:1.0'],
    ['a GitLab project outside the group', async () => gitlab.gitlab('elsewhere/app'), 'gitlab-registry.example.org/group/app:1.0'],
  ])('%s → 403', async (_name, mint, image) => {
    const res = await postSync(agent.url, await mint(), { image });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('may not publish') });
  });

  test.each([
    ['a shell metacharacter', { image: 'ghcr.io/my-org/app:1.0;rm -rf /' }, 'invalid_image'],
    ['upper case repository', { image: 'ghcr.io/My-Org/App:1.0' }, 'invalid_image'],
    ['a wildcard tag', { image: 'ghcr.io/my-org/app:*' }, 'invalid_image'],
    ['a bad extra tag', { image: 'ghcr.io/my-org/app:1.0', extraTags: ['../x'] }, 'invalid_image'],
    ['no image', { extraTags: ['a'] }, 'invalid_body'],
    ['an unknown field', { image: 'ghcr.io/my-org/app:1.0', tags: ['x'] }, 'invalid_body'],
    ['a bad platform', { image: 'ghcr.io/my-org/app:1.0', platform: 'amd64' }, 'invalid_platform'],
    ['not JSON', '{"image": ', 'invalid_body'],
  ])('%s → 400', async (_name, body, code) => {
    const res = await postSync(agent.url, SECRET, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  test('a bad image on the seed route → 400', async () => {
    const res = await fetch(`${agent.url}/api/sync/secret?image=${encodeURIComponent('a b')}`, { method: 'POST', headers: { Authorization: SECRET } });
    expect(res.status).toBe(400);
  });

  test('a body over the bound → 413', async () => {
    const res = await postSync(agent.url, SECRET, { image: 'ghcr.io/my-org/app:1.0', extraTags: Array.from({ length: 60 }, (_, i) => `tag-${i}-${'x'.repeat(80)}`) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });
});

describe('GET /api/v1/jobs/:id', () => {
  test('an unknown job → 404; a wrong method → 405 with Allow', async () => {
    expect((await fetch(`${agent.url}/api/v1/jobs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${agent.url}/api/v1/jobs/../../etc/passwd`)).status).toBe(404);
    const res = await fetch(`${agent.url}/api/v1/sync`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  test('?wait long-polls until the job is finished', async () => {
    const res = await postSync(agent.url, SECRET, { image: 'ghcr.io/my-org/long-poll:1' });
    const job = (await (await fetch(`${agent.url}/api/v1/jobs/${String(res.body.id)}?wait=20`)).json()) as JobView;
    expect(job.status).toBe('succeeded');
  });
});

describe('registry webhooks', () => {
  const hook = (kind: string, body: string, token?: string) =>
    fetch(`${agent.url}/api/v1/webhooks/${kind}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.docker.distribution.events.v1+json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body,
    });

  test('a Distribution envelope syncs only its tagged manifest pushes', async () => {
    const res = await hook('distribution', fixture('distribution-envelope-mixed.json'), DIST_SECRET);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { jobs: { id: string; image: string }[]; ignored: number };
    expect(body.ignored).toBe(3);
    expect(body.jobs.map((j) => j.image).sort()).toEqual(['http://127.0.0.1:5998/group/app:1.0', 'http://127.0.0.1:5998/group/app:1.1']);
    const jobs = await Promise.all(body.jobs.map((j) => waitForJob(agent.url, j.id)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
  });

  test('blob events alone queue nothing (and still answer 2xx, so the registry does not retry)', async () => {
    const res = await hook('distribution', fixture('distribution-blob-push.json'), DIST_SECRET);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jobs: [], ignored: 1, refused: [] });
  });

  test('a Harbor PUSH_ARTIFACT syncs the pushed tag', async () => {
    const res = await hook('harbor', fixture('harbor-push-artifact.json'), HARBOR_SECRET);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { jobs: { id: string; image: string }[] };
    expect(body.jobs.map((j) => j.image)).toEqual(['harbor.example.org/physics/analysis:2.1.0']);
    expect((await waitForJob(agent.url, body.jobs[0]!.id)).status).toBe('succeeded');
  });

  test.each([
    ['distribution', 'no secret', undefined],
    ['distribution', "the other webhook's secret", HARBOR_SECRET],
    ['distribution', 'the API secret', SECRET],
    ['harbor', "the distribution webhook's secret", DIST_SECRET],
  ])('%s with %s → 401', async (kind, _name, token) => {
    const res = await hook(kind, fixture('harbor-push-artifact.json'), token);
    expect(res.status).toBe(401);
  });
});

describe('health and metrics', () => {
  test('/healthz answers ok with queue counts', async () => {
    const res = await fetch(`${agent.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', queued: expect.any(Number), running: expect.any(Number) });
  });

  test('/metrics counts finished jobs, queue depth and bytes in Prometheus text', async () => {
    const res = await postSync(agent.url, SECRET, { image: 'ghcr.io/my-org/metrics:1' });
    await waitForJob(agent.url, String(res.body.id));
    const text = await (await fetch(`${agent.url}/metrics`)).text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('cvmfs_unpack_jobs_total{outcome="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(value('cvmfs_unpack_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(value('cvmfs_unpack_pulled_bytes_total')).toBeGreaterThanOrEqual(1000);
    expect(text).toMatch(/^# TYPE cvmfs_unpack_publish_duration_seconds histogram$/m);
  });

  test('no log line carries a secret or a token', () => {
    const all = agent.logs.map((l) => JSON.stringify(l)).join('\n');
    for (const s of [SECRET, DIST_SECRET, HARBOR_SECRET]) expect(all).not.toContain(s);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
