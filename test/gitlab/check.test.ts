// The recipe check in GitLab: the classic include's `.check_recipe` and the
// component's `mode: check`, run by gitlab-ci-local's shell executor with the
// real registry on loopback; the job leaves a code-quality report.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { makePipeline, runGitlabCiLocal, type Pipeline } from './gitlab-ci-local.ts';

const root = join(import.meta.dirname, '..', '..');
const classic = readFileSync(join(root, 'templates', 'check-recipe.yml'), 'utf8');
const component = readFileSync(join(root, 'templates', 'notify', 'template.yml'), 'utf8');
const command = `${process.execPath} ${join(root, 'dist', 'cli.js')}`;

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** Every file named `name` under `dir` (gitlab-ci-local keeps artifacts under .gitlab-ci-local/). */
function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...findFiles(path, name));
    else if (entry === name) out.push(path);
  }
  return out;
}

test('the include defines only .check_recipe, and the component runs the same check script', () => {
  const jobs = parse(classic) as Record<string, { script: string[]; artifacts: unknown }>;
  expect(Object.keys(jobs)).toEqual(['.check_recipe']);
  expect(jobs['.check_recipe']!.artifacts).toEqual({ when: 'always', reports: { codequality: 'gl-code-quality-report.json' } });
  const componentJobs = parseAllDocuments(component)[1]!.toJS() as Record<string, { script?: string[] }>;
  const check = Object.entries(componentJobs).find(([name]) => name.endsWith('-check'))![1];
  expect(check.script!.join('\n').replace('templates/check-recipe.yml', 'X')).toBe(jobs['.check_recipe']!.script.join('\n').replace('templates/notify/template.yml', 'X'));
});

describe('in gitlab-ci-local', () => {
  let registry: StartedRegistry;
  const pipelines: Pipeline[] = [];

  beforeAll(async () => {
    registry = await startRegistry();
    await buildAndPush(registry.host, 'group/tool:1', await simpleImage('tool'));
  }, 60_000);
  afterAll(async () => {
    for (const p of pipelines) p.remove();
    await registry?.stop();
  });

  /** A wishlist repository: the templates, recipe.yaml (this PR) and base.yaml (the target branch). */
  const wishlist = (ci: (component: string) => string) => {
    const p = makePipeline(ci);
    pipelines.push(p);
    writeFileSync(join(p.dir, 'base.yaml'), `version: 1\ninput:\n  - '${registry.ref('group/old:1')}'\n`);
    writeFileSync(
      join(p.dir, 'recipe.yaml'),
      ['version: 1', 'input:', `  - '${registry.ref('group/tool:1')}'`, `  - '${registry.ref('group/tool:2')}'`, '  - "not a ref"', ''].join('\n'),
    );
    return p;
  };

  test('.check_recipe fails on the errors and leaves a code-quality report naming their lines', async () => {
    const p = wishlist(
      () => `include:
  - local: templates/check-recipe.yml

check_recipe:
  stage: test
  extends: .check_recipe
  variables:
    RECIPE_AGAINST: base.yaml
    CVMFS_UNPACK_COMMAND: "${command}"
`,
    );
    const run = await runGitlabCiLocal(p, { job: 'check_recipe' });
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain('recipe.yaml:5:5: error: input[2]: "not a ref" is not an image reference');
    const reports = findFiles(p.dir, 'gl-code-quality-report.json');
    expect(reports.length, run.output).toBeGreaterThan(0);
    for (const file of reports) {
      const issues = JSON.parse(readFileSync(file, 'utf8')) as CodeQualityIssue[];
      // The reference error stops the registry part: the one problem is reported with its line.
      expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([['reference', 'major', 'recipe.yaml', 5]]);
      expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    }
  });

  test('the component in check mode probes the changed inputs and reports a missing tag', async () => {
    const p = wishlist(
      (c) => `include:
  - component: ${c}
    inputs:
      mode: check
      stage: test
      against: base.yaml
      command: "${command}"
`,
    );
    writeFileSync(join(p.dir, 'recipe.yaml'), ['version: 1', 'input:', `  - '${registry.ref('group/tool:1')}'`, `  - '${registry.ref('group/tool:2')}'`, ''].join('\n'));
    const run = await runGitlabCiLocal(p, { job: 'notify-cvmfs' });
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain(`recipe.yaml:3: ok: ${registry.ref('group/tool:1')}`);
    expect(run.output).toContain('removed since base.yaml');
    const reports = findFiles(p.dir, 'gl-code-quality-report.json');
    expect(reports.length, run.output).toBeGreaterThan(0);
    const issues = JSON.parse(readFileSync(reports[0]!, 'utf8')) as CodeQualityIssue[];
    expect(issues.map((i) => [i.check_name, i.location.lines.begin])).toEqual([['tag-missing', 4]]);
    expect(existsSync(join(p.dir, 'base.yaml'))).toBe(true);
  });

  test('the component in check mode renders a job with the code-quality artifact', async () => {
    const p = wishlist((c) => `include:\n  - component: ${c}\n    inputs:\n      mode: check\n      stage: test\n      strict: true\n`);
    const run = await runGitlabCiLocal(p, { preview: true });
    expect(run.code, run.output).toBe(0);
    const rendered = parseAllDocuments(run.output.slice(run.output.indexOf('---'))).at(-1)!.toJS() as Record<string, Record<string, unknown>>;
    expect(rendered['notify-cvmfs']).toMatchObject({
      stage: 'test',
      variables: { RECIPE: 'recipe.yaml', RECIPE_STRICT: 'true' },
      artifacts: { reports: { codequality: 'gl-code-quality-report.json' } },
    });
  });
});
