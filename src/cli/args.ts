/**
 * Turns argv into one typed command. Pure: every mistake becomes a UsageError
 * (exit status 2 with a usage line), never a half-parsed command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMAND_HELP } from './help.ts';
import { parseDuration as parseDurationText } from '../common/duration.ts';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const common: Options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};
const target: Options = { target: { type: 'string' } };
/** DUCC's switches (same names) and the thin image's push user. */
const outputs: Options = {
  'skip-flat': { type: 'boolean' },
  'skip-layers': { type: 'boolean' },
  'skip-podman': { type: 'boolean' },
  'skip-thin-image': { type: 'boolean' },
  username: { type: 'string', short: 'u' },
};

/** Registries spoken to over plain HTTP although named without a scheme (repeatable). */
const insecure: Options = { 'insecure-registry': { type: 'string', multiple: true } };

const specs: Record<string, { options: Options; positionals: 'none' | 'any' }> = {
  sync: {
    options: { ...common, ...target, ...outputs, ...insecure, platform: { type: 'string', multiple: true }, recipe: { type: 'string' }, 'extra-tags': { type: 'string' }, 'thin-image-name': { type: 'string' } },
    positionals: 'any',
  },
  loop: {
    options: { ...common, ...target, ...outputs, ...insecure, recipe: { type: 'string' }, interval: { type: 'string' }, once: { type: 'boolean' } },
    positionals: 'none',
  },
  serve: { options: { ...common, config: { type: 'string' } }, positionals: 'none' },
  notify: {
    options: {
      ...common,
      server: { type: 'string' },
      'extra-tags': { type: 'string' },
      token: { type: 'string' },
      'id-token': { type: 'string' },
      platform: { type: 'string' },
      'no-wait': { type: 'boolean' },
      timeout: { type: 'string' },
      remove: { type: 'boolean' },
    },
    positionals: 'any',
  },
  gc: {
    options: {
      ...common,
      ...target,
      'dry-run': { type: 'boolean' },
      'grace-period': { type: 'string' },
      prune: { type: 'boolean' },
      recipe: { type: 'string' },
    },
    positionals: 'none',
  },
  ls: { options: { ...common, ...target }, positionals: 'none' },
  check: {
    options: {
      ...common,
      ...target,
      against: { type: 'string' },
      offline: { type: 'boolean' },
      format: { type: 'string' },
      codequality: { type: 'string' },
      strict: { type: 'boolean' },
      platform: { type: 'string', multiple: true },
      'max-size': { type: 'string' },
      'warn-size': { type: 'string' },
      'allowed-registry': { type: 'string', multiple: true },
    },
    positionals: 'any',
  },
};

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;
export type Parsed =
  | { command: 'help'; topic?: string }
  | { command: string; values: ParsedValues; positionals: string[] };

export function parseCommandLine(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return { command: 'help', topic: command === 'help' ? rest[0] : undefined };
  }
  if (command === '--version' || command === '-V') return { command: 'version', values: {}, positionals: [] };
  const spec = specs[command];
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify.*$/s, ''), command);
  }
  const values = parsed.values as ParsedValues;
  if (values.help) return { command: 'help', topic: command };
  if (spec.positionals === 'none' && parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, command);
  }
  return { command, values, positionals: parsed.positionals };
}

export function helpText(topic?: string): string | undefined {
  return topic === undefined ? undefined : COMMAND_HELP[topic];
}

/** A duration option ('30s', '15m', '1h30m', '7d', or seconds) in milliseconds; a usage error otherwise. */
export function parseDuration(text: string, what: string): number {
  try {
    return parseDurationText(text);
  } catch (err) {
    throw new UsageError(`${what}: ${(err as Error).message}`);
  }
}
