/**
 * The action: read the inputs, publish (through a remote agent or on this
 * runner), set the outputs, write the job summary, and fail the step when any
 * image was not published.
 */
import * as core from '@actions/core';
import { describeError } from '../log/errors.ts';
import { readInputs } from './inputs.ts';
import { coreLogger } from './logger.ts';
import { runRemote } from './remote.ts';
import { runInProcess } from './in-process.ts';
import { setOutputs, writeSummary } from './report.ts';

export async function run(): Promise<void> {
  try {
    if (core.getInput('mode') === 'check') {
      // Loaded only for the check: publishing needs none of it.
      const { runCheckMode } = await import('./check.ts');
      await runCheckMode();
      return;
    }
    const inputs = readInputs();
    const logger = coreLogger();
    const outcome = inputs.mode === 'remote' ? await runRemote(inputs, logger) : await runInProcess(inputs, logger);
    setOutputs(outcome);
    for (const r of outcome.rows) if (r.path) core.info(`${r.image} -> ${r.path}`);
    const mode = inputs.mode === 'remote' ? `remote agent ${inputs.server}` : `on this runner into ${inputs.target}`;
    try {
      await writeSummary(outcome, mode);
    } catch (err) {
      // A runner without GITHUB_STEP_SUMMARY (e.g. act) still gets the outputs and the log.
      core.warning(`writing the job summary: ${describeError(err)}`);
    }
    if (outcome.failure !== undefined) core.setFailed(outcome.failure);
  } catch (err) {
    core.setFailed(describeError(err));
  }
}
