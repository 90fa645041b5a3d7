// `mode: check` as a wishlist repository's pull-request workflow runs it:
// `node dist/index.js` in a git checkout, recipe changed on a branch, checked
// against the base branch, with the real registry on loopback.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { runAction } from './run-action.ts';

const work = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-action-check-'));
const repo = join(work, 'wishlist');
let registry: StartedRegistry;

function git(...args: string[]): void {
  execFileSync('git', args, {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' },
  });
}

beforeAll(async () => {
  registry = await startRegistry();
  await buildAndPush(registry.host, 'org/app:1.0', await simpleImage('check'));
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'recipe.yaml'), `version: 1\ninput:\n  - '${registry.ref('org/base:1')}'\n`);
  git('add', 'recipe.yaml');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'pr');
  // The pull request: keeps the base line (which does not exist: unchanged lines are not probed),
  // adds a good image, a missing tag and a duplicate.
  writeFileSync(
    join(repo, 'recipe.yaml'),
    ['version: 1', 'input:', `  - '${registry.ref('org/base:1')}'`, `  - '${registry.ref('org/app:1.0')}'`, `  - '${registry.ref('org/app:2.0')}'`, `  - '${registry.ref('org/app:1.0')}'`, ''].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('mode check: annotations on the changed lines, a summary table, the step fails on the error', async () => {
  const run = await runAction(work, { mode: 'check', recipe: 'recipe.yaml', against: 'main', format: '' }, {}, repo);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^::error file=recipe\.yaml,line=5,title=recipe check%3A tag-missing::.*the tag 2\.0 does not exist/m);
  expect(run.stdout).toMatch(/^::warning file=recipe\.yaml,line=6,title=recipe check%3A duplicate::/m);
  expect(run.stdout).toMatch(/^::error::recipe\.yaml has errors/m);
  expect(run.stdout).not.toContain('org/base');
  expect(run.summary).toContain('### Recipe check: failed');
  expect(run.summary).toContain(`| 4 | \`${registry.ref('org/app:1.0')}\` | added | ✅ linux/amd64 1 layer`);
  expect(run.summary).toMatch(/\| 5 \| ❌ tag-missing \|/);
  expect(run.summary).toContain('3 inputs, 2 probed online (1 unchanged since main:recipe.yaml), 0 removed, 1 error, 1 warning');
});

test('mode check passes a clean recipe', async () => {
  writeFileSync(join(work, 'clean.yaml'), `version: 1\ninput:\n  - '${registry.ref('org/app:1.0')}'\n`);
  const run = await runAction(work, { mode: 'check', recipe: join(work, 'clean.yaml') });
  expect(run.stdout).not.toMatch(/::error/);
  expect(run.code).toBe(0);
  expect(run.summary).toContain('### Recipe check: passed');
});
