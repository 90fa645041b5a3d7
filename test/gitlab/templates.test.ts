// The GitLab templates run by gitlab-ci-local's shell executor against a real
// agent and the real registry on loopback: the classic include
// (`extends: .notify_ducc`) and the CI/CD component with `spec: inputs`.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startLiveAgent, type LiveAgent } from '../action/live-agent.ts';
import { makePipeline, runGitlabCiLocal, type Pipeline } from './gitlab-ci-local.ts';

const root = join(import.meta.dirname, '..', '..');
const classic = readFileSync(join(root, 'templates', 'notify-ducc.yml'), 'utf8');
const component = readFileSync(join(root, 'templates', 'notify', 'template.yml'), 'utf8');

describe('template files', () => {
  test('the classic include defines only the hidden job: no pipeline-wide variables or stages', () => {
    expect(Object.keys(parse(classic) as object)).toEqual(['.notify_ducc', '.remove_ducc']);
  });

  test('both templates run the same script', () => {
    const classicJob = (parse(classic) as Record<string, { script: string[] }>)['.notify_ducc']!;
    const docs = parseAllDocuments(component);
    expect(docs).toHaveLength(2);
    const jobs = docs[1]!.toJS() as Record<string, { script: string[] }>;
    expect(Object.values(jobs).find((j) => j.script)?.script).toEqual(classicJob.script);
  });
});

describe('GitLab templates in gitlab-ci-local against a real agent', () => {
  let agent: LiveAgent;
  const pipelines: Pipeline[] = [];
  let image: string;

  beforeAll(async () => {
    agent = await startLiveAgent();
    await buildAndPush(agent.registry.host, 'group/app:abc123', await simpleImage('from gitlab'));
    image = agent.registry.ref('group/app:abc123');
  });
  afterAll(async () => {
    for (const p of pipelines) p.remove();
    await agent?.stop();
  });

  const pipeline = (yaml: (component: string) => string) => {
    const p = makePipeline(yaml);
    pipelines.push(p);
    return p;
  };

  /** The original template's usage: include, then a job that extends .notify_ducc with variables. */
  const classicPipeline = () =>
    pipeline(
      () => `include:
  - local: templates/notify-ducc.yml

stages: [build, notify]

notify_ducc_app:
  stage: notify
  extends: .notify_ducc
  variables:
    IMAGE: "${image}"
    EXTRA_TAGS: "latest"
    AUTHENTICATION_SERVER: "${agent.hostPort}"
    CVMFS_UNPACK_TIMEOUT: "120"
    CVMFS_UNPACK_RETRIES: "1"
`,
    );

  test('.notify_ducc with a valid ID token publishes the image and prints its CVMFS paths', async () => {
    const token = await agent.issuer.gitlab('group/app');
    const run = await runGitlabCiLocal(classicPipeline(), { job: 'notify_ducc_app', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(run.output).toContain('published on CVMFS');
    expect(run.code).toBe(0);
    for (const tag of ['abc123', 'latest']) {
      const link = join(agent.targetDir, agent.registry.host, 'group', `app:${tag}`);
      expect(run.output).toContain(`-> ${link} (sha256:`);
      expect(readlinkSync(link)).toMatch(/\.flat\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      expect(readFileSync(join(link, 'etc', 'hello.txt'), 'utf8')).toBe('from gitlab\n');
    }
    expect(run.output).not.toContain(token);
  });

  test('.remove_ducc removes the tags its pattern names (the policy allows feature-*), keeps the others, and links the job page', async () => {
    const repo = agent.registry.ref('group/app').replace(/:latest$/, '');
    const sync = await fetch(`${agent.url}/api/v1/sync`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${agent.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ image: `${repo}:abc123`, extraTags: ['feature-1'] }),
    });
    expect(sync.status).toBe(202);
    const token = await agent.issuer.gitlab('group/app');
    const removal = (images: string) =>
      pipeline(
        () => `include:
  - local: templates/notify-ducc.yml
remove_cvmfs:
  extends: .remove_ducc
  variables:
    IMAGE: "${images}"
    AUTHENTICATION_SERVER: "${agent.hostPort}"
    CVMFS_UNPACK_RETRIES: "1"
`,
      );
    const refused = await runGitlabCiLocal(removal(`${repo}:abc123`), { job: 'remove_cvmfs', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/does not let this project remove it \(403\)/);
    const run = await runGitlabCiLocal(removal(`${repo}:feature-*`), { job: 'remove_cvmfs', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(run.output).toContain('removed from CVMFS');
    expect(run.code).toBe(0);
    const dir = join(agent.targetDir, agent.registry.host, 'group');
    expect(run.output).toContain(`app:feature-1 -> removed ${join(dir, 'app:feature-1')}`);
    expect(run.output).toMatch(new RegExp(`job [0-9a-f-]{36} queued: http://${agent.hostPort.replace(/\./g, '\\.')}/jobs/[0-9a-f-]{36}`));
    expect(existsSync(join(dir, 'app:feature-1'))).toBe(false);
    expect(readFileSync(join(dir, 'app:abc123', 'etc', 'hello.txt'), 'utf8')).toBe('from gitlab\n');
  });

  test('.notify_ducc with a token signed by an unknown key fails the job with 401', async () => {
    const token = await agent.issuer.gitlab('group/app', {}, { foreign: true });
    const run = await runGitlabCiLocal(classicPipeline(), { job: 'notify_ducc_app', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/refused the token \(401\): the token is not signed by a key of its issuer/);
    expect(run.output).not.toContain(token);
  });

  test('.notify_ducc for a project the policy does not allow fails the job with 403', async () => {
    const token = await agent.issuer.gitlab('elsewhere/app');
    const run = await runGitlabCiLocal(classicPipeline(), { job: 'notify_ducc_app', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/does not let this project publish it \(403\)/);
  });

  test('.notify_ducc defaults: the pushed image of this commit, and a bare host means port 8000', async () => {
    const p = pipeline(
      () => `include:
  - local: templates/notify-ducc.yml
notify:
  extends: .notify_ducc
  variables:
    AUTHENTICATION_SERVER: cvmfs-agent.invalid
    EXTRA_TAGS: "latest, stable"
    CVMFS_UNPACK_RETRIES: "0"
`,
    );
    const run = await runGitlabCiLocal(p, { job: 'notify', variables: { CVMFS_UNPACK_ID_TOKEN: 'x.y.z' } });
    expect(run.code).not.toBe(0);
    // gitlab-ci-local derives CI_REGISTRY_IMAGE from the origin remote.
    expect(run.output).toMatch(/asking http:\/\/cvmfs-agent\.invalid:8000 to publish \S*group\/cvmfs-unpack:[0-9a-f]{8} \(\+ tags: latest stable\)/);
    expect(run.output).toContain('POST http://cvmfs-agent.invalid:8000/api/v1/sync: the agent could not be reached');
  });

  test.each([
    ['an image with shell metacharacters', 'IMAGE: "app:1;reboot"', /IMAGE: "app:1;reboot" is not an image reference/],
    ['an extra tag that is not a tag', 'EXTRA_TAGS: "-rm"', /EXTRA_TAGS: "-rm" is not a tag/],
  ])('.notify_ducc refuses %s before any request', async (_name, variable, message) => {
    const p = pipeline(
      () => `include:
  - local: templates/notify-ducc.yml
notify:
  extends: .notify_ducc
  variables:
    ${variable}
    AUTHENTICATION_SERVER: "${agent.url}"
`,
    );
    const run = await runGitlabCiLocal(p, { job: 'notify', variables: { CVMFS_UNPACK_ID_TOKEN: 'x.y.z' } });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(message);
    expect(run.output).not.toContain('asking');
  });

  test('a publish that fails on the agent fails the job with the agent reason', async () => {
    const token = await agent.issuer.gitlab('group/app');
    const p = pipeline(
      () => `include:
  - local: templates/notify-ducc.yml
notify:
  extends: .notify_ducc
  variables:
    IMAGE: "${agent.registry.ref('group/absent:1')}"
    AUTHENTICATION_SERVER: "${agent.url}"
`,
    );
    const run = await runGitlabCiLocal(p, { job: 'notify', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/group\/absent:1: publishing failed: .*(manifest unknown|not found|404)/i);
  });

  test('the component publishes with its inputs', async () => {
    const token = await agent.issuer.gitlab('group/app');
    const p = pipeline(
      (c) => `include:
  - component: ${c}
    inputs:
      job-name: publish-app
      stage: notify
      image: "${agent.registry.ref('group/app:abc123')}"
      extra-tags: "v1 stable"
      server: "${agent.url}"
      timeout: 120

stages: [build, notify]
`,
    );
    const run = await runGitlabCiLocal(p, { job: 'publish-app', variables: { CVMFS_UNPACK_ID_TOKEN: token } });
    expect(run.output).toContain('published on CVMFS');
    expect(run.code).toBe(0);
    for (const tag of ['v1', 'stable']) expect(existsSync(join(agent.targetDir, agent.registry.host, 'group', `app:${tag}`, 'etc', 'hello.txt'))).toBe(true);
  });

  test.each([
    ['a target of an unknown kind', 'target: "nfs:/srv"', /`target` input: `nfs:\/srv` does not match required regex/],
    ['a timeout that is not a number', 'timeout: soon', /`timeout` input: (provided value is not a number|.*number)/],
    ['an image with shell metacharacters', 'image: "app:1;reboot"', /`image` input: .* does not match required regex/],
    ['runner tags that are not a list', 'runner-tags: stratum0', /`runner-tags` input: .*array/],
    ['a mode that is not an option', 'mode: local', /`mode` input: .*(options|cannot be used)/],
  ])('the component refuses %s', async (_name, input, message) => {
    const p = pipeline(
      (c) => `include:
  - component: ${c}
    inputs:
      server: https://agent.example.org
      ${input}
`,
    );
    const run = await runGitlabCiLocal(p, { preview: true });
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(message);
  });

  test('the component in runner mode renders a job for the stratum-0 runner', async () => {
    const p = pipeline(
      (c) => `include:
  - component: ${c}
    inputs:
      mode: runner
      target: cvmfs:unpacked.example.org
`,
    );
    const run = await runGitlabCiLocal(p, { preview: true });
    expect(run.code).toBe(0);
    const rendered = parseAllDocuments(run.output.slice(run.output.indexOf('---'))).at(-1)!.toJS() as Record<string, Record<string, unknown>>;
    const job = rendered['notify-cvmfs']!;
    expect(job).toMatchObject({
      stage: 'deploy',
      tags: ['cvmfs-stratum0'],
      resource_group: 'cvmfs-unpack',
      variables: { IMAGE: '$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA', CVMFS_UNPACK_TARGET: 'cvmfs:unpacked.example.org', CVMFS_UNPACK_MODE: 'runner' },
    });
    expect(job).not.toHaveProperty('id_tokens');
  });

  test('the component in remote mode renders an untagged job with an ID token for its audience', async () => {
    const p = pipeline(
      (c) => `include:
  - component: ${c}
    inputs:
      server: https://agent.example.org
      audience: https://agent.example.org
`,
    );
    const run = await runGitlabCiLocal(p, { preview: true });
    expect(run.code).toBe(0);
    const rendered = parseAllDocuments(run.output.slice(run.output.indexOf('---'))).at(-1)!.toJS() as Record<string, Record<string, unknown>>;
    const job = rendered['notify-cvmfs']!;
    expect(job).toMatchObject({
      id_tokens: { CVMFS_UNPACK_ID_TOKEN: { aud: 'https://agent.example.org' } },
      variables: { AUTHENTICATION_SERVER: 'https://agent.example.org' },
    });
    expect(job).not.toHaveProperty('tags');
    expect(job).not.toHaveProperty('resource_group');
  });

  test('the component in runner mode publishes with cvmfs-unpack on this runner', async () => {
    // On the runner as through the agent, an extra tag names IMAGE's manifest: 'on-runner' is not in the registry.
    const target = join(agent.targetDir, '..', 'runner-target');
    const p = pipeline(
      (c) => `include:
  - component: ${c}
    inputs:
      mode: runner
      image: "${image}"
      extra-tags: on-runner
      target: "dir:${target}"
      command: "${process.execPath} ${join(root, 'dist', 'cli.js')}"
`,
    );
    const run = await runGitlabCiLocal(p, { job: 'notify-cvmfs' });
    expect(run.code, run.output).toBe(0);
    for (const tag of ['abc123', 'on-runner']) {
      expect(readFileSync(join(target, agent.registry.host, 'group', `app:${tag}`, 'etc', 'hello.txt'), 'utf8')).toBe('from gitlab\n');
    }
  });
});
