/**
 * The action's `mode: check`, for wishlist repositories: runs
 * `cvmfs-unpack check` on the runner (no agent, no CVMFS), with GitHub
 * annotations on the pull request and a table in the job summary.
 */
import * as core from '@actions/core';
import { main } from '../cli/main.ts';
import { InputError } from './inputs.ts';

export interface CheckInputs {
  recipe: string;
  against?: string;
  format: 'github' | 'text' | 'gitlab';
  strict: boolean;
  platform?: string;
}

/** The inputs only `mode: check` reads (besides `mode` and `platform`). */
export const CHECK_INPUT_NAMES = ['recipe', 'against', 'format', 'strict'] as const;
export const DEFAULT_RECIPE = 'recipe.yaml';
export const DEFAULT_CHECK_FORMAT = 'github';

/** The check mode's inputs (empty = unset, as on a runner). */
export function parseCheckInputs(raw: Partial<Record<'recipe' | 'against' | 'format' | 'strict' | 'platform', string>>): CheckInputs {
  const get = (k: keyof typeof raw) => (raw[k]?.trim() ? raw[k]!.trim() : undefined);
  const format = get('format') ?? DEFAULT_CHECK_FORMAT;
  if (format !== 'github' && format !== 'text' && format !== 'gitlab') throw new InputError(`input "format" must be github, text or gitlab, not ${JSON.stringify(format)}`);
  const strict = get('strict') ?? 'false';
  if (!/^(true|false)$/i.test(strict)) throw new InputError('input "strict" must be true or false');
  const inputs: CheckInputs = { recipe: get('recipe') ?? DEFAULT_RECIPE, format, strict: strict.toLowerCase() === 'true' };
  const against = get('against');
  if (against !== undefined) inputs.against = against;
  const platform = get('platform');
  if (platform !== undefined) inputs.platform = platform;
  return inputs;
}

/** The command line the check mode runs. */
export function checkArgv(inputs: CheckInputs): string[] {
  const argv = ['check', inputs.recipe, '--format', inputs.format];
  if (inputs.against !== undefined) argv.push('--against', inputs.against);
  if (inputs.strict) argv.push('--strict');
  if (inputs.platform !== undefined) argv.push('--platform', inputs.platform);
  return argv;
}

export async function runCheckMode(): Promise<void> {
  const inputs = parseCheckInputs({
    recipe: core.getInput('recipe'),
    against: core.getInput('against'),
    format: core.getInput('format'),
    strict: core.getInput('strict'),
    platform: core.getInput('platform'),
  });
  const code = await main(checkArgv(inputs), { stdout: process.stdout, stderr: process.stderr, env: process.env });
  if (code === 2) core.setFailed(`the check of ${inputs.recipe} could not run (see above)`);
  else if (code !== 0) core.setFailed(`${inputs.recipe} has ${inputs.strict ? 'errors or warnings' : 'errors'} (see the annotations and the job summary)`);
}
