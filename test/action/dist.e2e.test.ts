// The action as a runner runs it: `node dist/index.js` with INPUT_* variables
// (hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files and the runner's
// ID-token service, against a real agent and the real registry on loopback.
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startIdTokenService, startLiveAgent, type IdTokenService, type LiveAgent } from './live-agent.ts';
import { runAction as runActionIn, type ActionRun } from './run-action.ts';

const work = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-action-e2e-'));
let agent: LiveAgent;
let idTokens: IdTokenService;
let pushed: { manifestDigest: string };

beforeAll(async () => {
  agent = await startLiveAgent();
  idTokens = await startIdTokenService(agent.issuer, 'my-org/app');
  pushed = await buildAndPush(agent.registry.host, 'org/app:1.0', await simpleImage('from the action'));
});

afterAll(async () => {
  await idTokens?.close();
  await agent?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Runs dist/index.js like the runner (see run-action.ts). */
const runAction = (inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> => runActionIn(work, inputs, env);

const oidcEnv = () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: idTokens.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: idTokens.requestToken });

describe('the action (dist/index.js) against a real agent', () => {
  test('remote mode with the job OIDC token publishes the image and its extra tag', async () => {
    const image = agent.registry.ref('org/app:1.0');
    const run = await runAction({ image, 'extra-tags': 'latest', server: agent.url, timeout: '2m' }, oidcEnv());
    expect(run.stdout).not.toMatch(/::error::/);
    expect(run.code).toBe(0);
    expect(idTokens.audiences.at(-1)).toBe('cvmfs-unpack');

    const paths = run.outputs.paths!.split('\n');
    const base = join(agent.targetDir, agent.registry.host, 'org');
    expect(paths.sort()).toEqual([join(base, 'app:1.0'), join(base, 'app:latest')]);
    for (const p of paths) {
      // Each path is the public link of the DUCC layout, pointing at the flattened tree.
      expect(readlinkSync(p)).toMatch(/^(\.\.\/)+\.flat\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      expect(readFileSync(join(p, 'etc', 'hello.txt'), 'utf8')).toBe('from the action\n');
    }
    expect(run.outputs.digest).toBe(pushed.manifestDigest);
    expect(run.outputs['job-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.summary).toContain('<table>');
    expect(run.summary).toContain(`${agent.registry.host}/org/app:latest`);
    expect(run.summary).toContain(pushed.manifestDigest);
    expect(run.summary).toContain(join(base, 'app:1.0'));
  });

  test('mode remove takes back the tags its pattern names (the policy allows feature-*), keeps the others, and links the job page', async () => {
    const base = join(agent.targetDir, agent.registry.host, 'org');
    const published = await runAction({ image: agent.registry.ref('org/app:1.0'), 'extra-tags': 'feature-a', server: agent.url, timeout: '2m' }, oidcEnv());
    expect(published.code).toBe(0);
    expect(existsSync(join(base, 'app:feature-a'))).toBe(true);
    const run = await runAction({ image: agent.registry.ref('org/app:feature-*'), mode: 'remove', server: agent.url, timeout: '2m' }, oidcEnv());
    expect(run.stdout).not.toMatch(/::error::/);
    expect(run.code).toBe(0);
    expect(existsSync(join(base, 'app:feature-a'))).toBe(false);
    expect(readFileSync(join(base, 'app:1.0', 'etc', 'hello.txt'), 'utf8')).toBe('from the action\n');
    expect(run.summary).toContain('Removed from CernVM-FS');
    expect(run.summary).toContain(`${agent.registry.host}/org/app:feature-a`);
    expect(run.summary).toMatch(new RegExp(`Job page: <a href="${agent.url}/jobs/[0-9a-f-]{36}"`));
    expect(run.outputs.paths).toBe('');
    // Beyond the policy's remove patterns: refused.
    const refused = await runAction({ image: agent.registry.ref('org/app:1.0'), mode: 'remove', server: agent.url, timeout: '2m' }, oidcEnv());
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('403');
  });

  test('a docker/metadata-action tag list, pinned to the pushed digest, is one request', async () => {
    const image = [agent.registry.ref('org/app:1.0'), agent.registry.ref('org/app:stable'), ''].join('\n');
    const run = await runAction({ image, digest: pushed.manifestDigest, server: agent.url, token: agent.secret }, {});
    expect(run.stdout).not.toMatch(/::error::/);
    expect(run.code).toBe(0);
    expect(run.outputs['job-id']!.split('\n')).toHaveLength(1);
    expect(run.outputs.paths!.split('\n')).toContain(join(agent.targetDir, agent.registry.host, 'org', 'app:stable'));
    // The secret was registered with the runner as a secret: never printed.
    expect(run.stdout).not.toContain(agent.secret);
  });

  test('a token the agent refuses fails the step with its reason, and the token is not printed', async () => {
    const wrong = 'not-the-secret-5c1b7e';
    const run = await runAction({ image: agent.registry.ref('org/app:1.0'), server: agent.url, token: wrong }, {});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*401/);
    expect(run.stdout).not.toContain(wrong);
    expect(run.outputs.paths).toBe('');
    expect(run.summary).toContain('failed');
  });

  test('an identity the policy refuses fails the step with 403', async () => {
    const other = await startIdTokenService(agent.issuer, 'other-org/app');
    try {
      const run = await runAction(
        { image: agent.registry.ref('org/app:1.0'), server: agent.url },
        { ACTIONS_ID_TOKEN_REQUEST_URL: other.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: other.requestToken },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/::error::.*403.*may not publish/);
    } finally {
      await other.close();
    }
  });

  test('a publish that fails on the agent fails the step with the agent reason', async () => {
    const run = await runAction({ image: agent.registry.ref('org/absent:1.0'), server: agent.url, timeout: '2m' }, oidcEnv());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::publishing 1 of 1 request\(s\) failed/);
    expect(run.stdout).toMatch(/org\/absent:1\.0: .*(manifest unknown|not found|404)/i);
  });

  test('remote mode without id-token permission says what to add', async () => {
    const run = await runAction({ image: agent.registry.ref('org/app:1.0'), server: agent.url }, {});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::getting an OIDC token for audience "cvmfs-unpack".*permissions: id-token: write/);
  });

  test('in-process mode publishes on this runner into the target', async () => {
    const target = join(work, 'in-process-target');
    const run = await runAction({ image: agent.registry.ref('org/app:1.0'), 'extra-tags': 'local', target: `dir:${target}` }, {});
    expect(run.stdout).not.toMatch(/::error::/);
    expect(run.code).toBe(0);
    const link = join(target, agent.registry.host, 'org', 'app:local');
    expect(run.outputs.paths!.split('\n')).toContain(link);
    expect(existsSync(join(link, 'etc', 'hello.txt'))).toBe(true);
    expect(run.outputs.digest).toBe(pushed.manifestDigest);
    expect(run.outputs['job-id']).toBe('');
    expect(run.summary).toContain('on this runner');
  });

  test('bad inputs fail the step before anything is requested', async () => {
    const run = await runAction({ image: agent.registry.ref('org/app:1.0'), server: agent.url, wait: 'maybe' }, oidcEnv());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::input "wait" must be true or false/);
  });
});
