/**
 * Runs the action like the runner: `node dist/index.js` (or, with
 * CVMFS_UNPACK_TEST_ACTION_FROM_SOURCE=1, src/action/index.ts) with inputs as
 * INPUT_<NAME> (upper-cased, hyphens kept) and GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files of its own.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
export const actionEntry = process.env.CVMFS_UNPACK_TEST_ACTION_FROM_SOURCE
  ? ['--experimental-transform-types', '--no-warnings', join(root, 'src', 'action', 'index.ts')]
  : [join(root, 'dist', 'index.js')];

export interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

let runs = 0;

/** `work` holds the output and summary files (and is HOME); `cwd` is the workspace (default `work`). */
export async function runAction(work: string, inputs: Record<string, string>, env: Record<string, string> = {}, cwd = work): Promise<ActionRun> {
  const n = ++runs;
  const outputFile = join(work, `output-${n}`);
  const summaryFile = join(work, `summary-${n}`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: work,
    ...env,
  };
  for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, actionEntry, { env: childEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  // The runner swallows '::add-mask::' commands; what remains is what a user sees.
  stdout = stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return { code, stdout, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
}

/** GITHUB_OUTPUT's format: 'name<<DELIMITER\nvalue\nDELIMITER\n'. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}
