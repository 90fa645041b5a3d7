/**
 * The `cvmfs-unpack` command: parse, dispatch, map failures to exit statuses
 * (0 all published, 1 some failed, 2 bad arguments).
 */
import type { Writable } from 'node:stream';
import { helpText, parseCommandLine, UsageError } from './args.ts';
import { TOP_HELP, usageLine } from './help.ts';
import { createOutput } from './output.ts';
import type { CommandContext } from './commands/context.ts';
import { describeError } from '../log/errors.ts';

const VERSION = '0.1.0';

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

// Each command is loaded when it runs: `sync` need not compile the agent's
// OIDC stack, and `--help` compiles nothing (start-up time is the no-op cost).
const commands: Record<string, () => Promise<(ctx: CommandContext) => Promise<number>>> = {
  sync: async () => (await import('./commands/sync.ts')).runSync,
  loop: async () => (await import('./commands/loop.ts')).runLoop,
  serve: async () => (await import('./commands/serve.ts')).runServe,
  notify: async () => (await import('./commands/notify.ts')).runNotify,
  gc: async () => (await import('./commands/gc.ts')).runGcCommand,
  ls: async () => (await import('./commands/ls.ts')).runLs,
  check: async () => (await import('./commands/check.ts')).runCheckCommand,
};

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`cvmfs-unpack: ${err.message}\n${usageLine(err.command)}\n`);
      return 2;
    }
    throw err;
  }
  if (!('values' in parsed)) {
    const topic = parsed.topic;
    const text = helpText(topic);
    if (topic !== undefined && text === undefined) {
      io.stderr.write(`cvmfs-unpack: no help for "${topic}"\n${usageLine()}\n`);
      return 2;
    }
    io.stdout.write(`${text ?? TOP_HELP}\n`);
    return 0;
  }
  if (parsed.command === 'version') {
    io.stdout.write(`cvmfs-unpack ${VERSION}\n`);
    return 0;
  }
  const load = commands[parsed.command];
  if (!load) return 2;
  const json = parsed.values.json === true;
  const output = createOutput({ stderr: io.stderr, json, verbose: io.env.CVMFS_UNPACK_DEBUG === '1' });
  const ctx: CommandContext = {
    command: parsed.command,
    values: parsed.values,
    positionals: parsed.positionals,
    io,
    output,
    json,
  };
  try {
    const run = await load();
    return await run(ctx);
  } catch (err) {
    output.close();
    if (err instanceof UsageError) {
      io.stderr.write(`cvmfs-unpack ${parsed.command}: ${err.message}\n${usageLine(err.command ?? parsed.command)}\n`);
      return 2;
    }
    io.stderr.write(`cvmfs-unpack ${parsed.command}: ${describeError(err)}\n`);
    return 1;
  }
}
