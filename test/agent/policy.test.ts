import { describe, expect, test } from 'vitest';
import { parseImageRef } from '../../src/reference/index.ts';
import { isAllowed, policyName, ruleMatchesIdentity, type Identity } from '../../src/agent/policy.ts';
import type { PolicyRule } from '../../src/agent/config.ts';

const GITHUB = 'https://token.actions.githubusercontent.com';
const GITLAB = 'https://gitlab.example.org';

const github = (claims: Record<string, unknown>): Identity => ({ kind: 'oidc', issuer: GITHUB, subject: 'repo:x', claims: { iss: GITHUB, ...claims } });
const gitlab = (claims: Record<string, unknown>): Identity => ({ kind: 'oidc', issuer: GITLAB, subject: 'project_path:x', claims: { iss: GITLAB, ...claims } });
const secret: Identity = { kind: 'secret' };
const distribution: Identity = { kind: 'webhook', source: 'distribution' };
const harbor: Identity = { kind: 'webhook', source: 'harbor' };

// The example policy of DESIGN.md section 4, plus a workflow-pinned rule and the webhooks.
const policy: PolicyRule[] = [
  { match: { repository: 'my-org/*' }, images: ['ghcr.io/my-org/*'] },
  { match: { project_path: 'group/*', ref_protected: 'true' }, images: ['gitlab-registry.example.org/group/*'] },
  { match: { job_workflow_ref: 'infra/workflows/.github/workflows/release.yml@refs/tags/*' }, images: ['registry.cern.ch/infra/*:v*'] },
  { match: { iss: GITLAB, namespace_path: 'atlas' }, images: ['gitlab-registry.example.org/atlas/*'] },
  { match: { webhook: 'distribution' }, images: ['127.0.0.1:5000/*'] },
  { match: { secret: true }, images: ['*'] },
];

describe('isAllowed', () => {
  test.each([
    // GitHub claims
    ['github repo of the org, its image', github({ repository: 'my-org/app', repository_owner: 'my-org' }), 'ghcr.io/my-org/app:1.0', true],
    ['github repo of the org, nested image path', github({ repository: 'my-org/app' }), 'ghcr.io/my-org/tools/app:latest', true],
    ['github repo of the org, other org image', github({ repository: 'my-org/app' }), 'ghcr.io/other-org/app:1.0', false],
    ['github repo of another org', github({ repository: 'other-org/app' }), 'ghcr.io/my-org/app:1.0', false],
    ['github repo named like the org prefix', github({ repository: 'my-org-evil/app' }), 'ghcr.io/my-org/app:1.0', false],
    ['github without repository claim', github({ repository_owner: 'my-org' }), 'ghcr.io/my-org/app:1.0', false],
    ['github numeric claim never matches', github({ repository: 42 }), 'ghcr.io/my-org/app:1.0', false],
    ['github image on Docker Hub not listed', github({ repository: 'my-org/app' }), 'my-org/app:1.0', false],
    ['release workflow, tagged ref, v tag', github({ job_workflow_ref: 'infra/workflows/.github/workflows/release.yml@refs/tags/v1' }), 'registry.cern.ch/infra/base:v2', true],
    ['release workflow, branch ref', github({ job_workflow_ref: 'infra/workflows/.github/workflows/release.yml@refs/heads/main' }), 'registry.cern.ch/infra/base:v2', false],
    ['release workflow, non-v tag', github({ job_workflow_ref: 'infra/workflows/.github/workflows/release.yml@refs/tags/v1' }), 'registry.cern.ch/infra/base:latest', false],
    // GitLab claims
    ['gitlab protected ref', gitlab({ project_path: 'group/app', ref_protected: 'true' }), 'gitlab-registry.example.org/group/app:1.0', true],
    ['gitlab unprotected ref', gitlab({ project_path: 'group/app', ref_protected: 'false' }), 'gitlab-registry.example.org/group/app:1.0', false],
    ['gitlab ref_protected as boolean is not the string', gitlab({ project_path: 'group/app', ref_protected: true }), 'gitlab-registry.example.org/group/app:1.0', false],
    ['gitlab other group', gitlab({ project_path: 'other/app', ref_protected: 'true' }), 'gitlab-registry.example.org/group/app:1.0', false],
    ['gitlab namespace rule bound to its issuer', gitlab({ namespace_path: 'atlas' }), 'gitlab-registry.example.org/atlas/athena:24', true],
    ['same namespace from another issuer', github({ namespace_path: 'atlas' }), 'gitlab-registry.example.org/atlas/athena:24', false],
    // secret and webhooks
    ['secret may publish anything', secret, 'registry.hub.docker.com/library/centos:7', true],
    ['secret, digest reference', secret, `ghcr.io/a/b@sha256:${'a'.repeat(64)}`, true],
    ['distribution webhook, its registry', distribution, 'http://127.0.0.1:5000/group/app:1.0', true],
    ['distribution webhook, another registry', distribution, 'ghcr.io/group/app:1.0', false],
    ['harbor webhook has no rule', harbor, 'harbor.example.org/physics/analysis:1', false],
  ])('%s', (_name, identity, image, expected) => {
    expect(isAllowed(policy, identity, [parseImageRef(image)])).toBe(expected);
  });

  test('every name (extra tags too) must be allowed', () => {
    const rules: PolicyRule[] = [{ match: { repository: 'my-org/app' }, images: ['ghcr.io/my-org/app:v*'] }];
    const id = github({ repository: 'my-org/app' });
    expect(isAllowed(rules, id, [parseImageRef('ghcr.io/my-org/app:v1'), parseImageRef('ghcr.io/my-org/app:v2')])).toBe(true);
    expect(isAllowed(rules, id, [parseImageRef('ghcr.io/my-org/app:v1'), parseImageRef('ghcr.io/my-org/app:latest')])).toBe(false);
  });

  test('an empty policy denies everyone', () => {
    expect(isAllowed([], secret, [parseImageRef('ghcr.io/a/b:1')])).toBe(false);
  });
});

describe('ruleMatchesIdentity', () => {
  test.each([
    [{ secret: true }, secret, true],
    [{ secret: true }, github({ secret: 'true' }), false],
    [{ webhook: 'harbor' }, harbor, true],
    [{ webhook: 'harbor' }, distribution, false],
    [{ repository: '*' }, secret, false],
    [{ repository: '*' }, github({ repository: 'a/b' }), true],
  ] as const)('%j matches %j: %s', (match, identity, expected) => {
    expect(ruleMatchesIdentity({ match: match as PolicyRule['match'], images: ['*'] }, identity)).toBe(expected);
  });
});

describe('policyName', () => {
  test.each([
    ['ghcr.io/my-org/app:1.0', 'ghcr.io/my-org/app:1.0'],
    ['centos:7', 'registry.hub.docker.com/library/centos:7'],
    ['https://registry.hub.docker.com/library/centos:centos7', 'registry.hub.docker.com/library/centos:centos7'],
    ['http://127.0.0.1:5000/group/app:1.0', '127.0.0.1:5000/group/app:1.0'],
    ['gitlab-registry.example.org:5005/group/app', 'gitlab-registry.example.org:5005/group/app:latest'],
  ])('%s → %s', (input, expected) => {
    expect(policyName(parseImageRef(input))).toBe(expected);
  });
});
