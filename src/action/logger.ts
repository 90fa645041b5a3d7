/** A Logger writing to the runner's log through @actions/core (debug lines show with ACTIONS_STEP_DEBUG). */
import * as core from '@actions/core';
import { createLogger, type Fields, type Logger } from '../log/logger.ts';

export function coreLogger(): Logger {
  return createLogger((level, msg, fields) => {
    const line = `${msg}${formatFields(fields)}`;
    if (level === 'debug') core.debug(line);
    else if (level === 'info') core.info(line);
    else if (level === 'warn') core.warning(line);
    else core.error(line);
  });
}

function formatFields(fields: Fields): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? ` (${parts.join(' ')})` : '';
}
