/**
 * Runs pipelines with gitlab-ci-local (shell executor, no Docker) in a temp
 * git repository that holds a copy of templates/ and names a GitLab project
 * as `origin`, so that `include: component:` at the current commit resolves
 * to the local templates. gitlab-ci-local mints no `id_tokens`: tests pass
 * the token as a variable.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const CLI = join(root, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
/** The project the temp repository pretends to be. */
export const PROJECT = { host: 'gitlab.example.org', path: 'group/cvmfs-unpack' };

export interface Pipeline {
  dir: string;
  /** The commit SHA, for `component: …@SHA`. */
  sha: string;
  /** The component address of templates/notify/template.yml at this commit. */
  component: string;
  remove(): void;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' },
  }).trim();
}

/**
 * A repository with templates/ and `.gitlab-ci.yml` = ciYaml(component), where
 * `component` is the address of the notify component at the commit made here.
 */
export function makePipeline(ciYaml: (component: string) => string): Pipeline {
  const dir = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-gitlab-'));
  cpSync(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'templates');
  const sha = git(dir, 'rev-parse', 'HEAD');
  const component = `${PROJECT.host}/${PROJECT.path}/notify@${sha}`;
  // The component is read from the working tree at HEAD: .gitlab-ci.yml itself may stay uncommitted.
  writeFileSync(join(dir, '.gitlab-ci.yml'), ciYaml(component));
  git(dir, 'remote', 'add', 'origin', `https://${PROJECT.host}/${PROJECT.path}.git`);
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  return { dir, sha, component, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface JobRun {
  code: number;
  output: string;
}

/** Runs `job` (or, with `preview`, only renders the pipeline) with the given variables. */
export function runGitlabCiLocal(p: Pipeline, opts: { job?: string; variables?: Record<string, string>; preview?: boolean }): Promise<JobRun> {
  const args = [CLI, '--shell-executor-no-image', '--force-shell-executor', '--no-color', '--home', '.home'];
  for (const [k, v] of Object.entries(opts.variables ?? {})) args.push('--variable', `${k}=${v}`);
  if (opts.preview) args.push('--preview');
  else if (opts.job) args.push(opts.job);
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: p.dir, maxBuffer: 16 << 20, timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.replace(/\u001b\[[0-9;]*m/g, '') });
    });
  });
}
