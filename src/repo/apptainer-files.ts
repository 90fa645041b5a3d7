/**
 * What makes a flat dir Apptainer-ready, as data (pure): the directories and
 * bind targets Apptainer expects, the environment file and the runscript
 * made from the image config, the action scripts, and the legacy symlinks.
 *
 * Apptainer, started on a plain directory, sources every
 * `/.singularity.d/env/*.sh` in order and then runs one of
 * `/.singularity.d/actions/{exec,run,shell,start,test}`; `run` hands over to
 * `/.singularity.d/runscript`, which is where Docker's ENTRYPOINT and CMD
 * live. Bind points (`/dev`, `/proc`, `/etc/hosts`, …) must exist in the
 * image because a CVMFS tree is read-only.
 */
import { isPlainDefaultWord, isShellName, shellQuote } from './shell.ts';

/** The parts of an image config (`.config` of the config blob) used here. */
export interface ImageRunConfig {
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
}

/** `if-missing`: the image's own entry wins; `replace`: ours is rebuilt from the config. */
export type Policy = 'if-missing' | 'replace';

export type ApptainerEntry =
  | { kind: 'dir'; path: string; mode: number; policy: 'if-missing' }
  | { kind: 'file'; path: string; mode: number; policy: Policy; content: string }
  | { kind: 'symlink'; path: string; target: string; policy: 'if-missing' };

export const ENV_FILE = '.singularity.d/env/10-docker2singularity.sh';
export const ENVIRONMENT_FILE = '.singularity.d/env/90-environment.sh';
export const RUNSCRIPT = '.singularity.d/runscript';

/** Parents come before children: the writer creates them in this order. */
const DIRS = [
  '.singularity.d',
  '.singularity.d/actions',
  '.singularity.d/env',
  '.singularity.d/libs',
  'dev',
  'proc',
  'sys',
  'tmp',
  'var',
  'var/tmp',
  'home',
  'root',
  'etc',
  'cvmfs', // bind point for /cvmfs in HEP jobs
  'srv', // bind point for the job's work dir (as OSG's images have)
];

const LOAD_ENV = `for __apptainer_env in /.singularity.d/env/*.sh; do
    if test -f "$__apptainer_env"; then . "$__apptainer_env"; fi
done
unset __apptainer_env
`;

/** The action scripts, each written here from Apptainer's documented behaviour. */
export const ACTIONS: Readonly<Record<'exec' | 'run' | 'shell' | 'start' | 'test', string>> = {
  exec: `#!/bin/sh
# apptainer exec: load the container environment, then run the given command.
${LOAD_ENV}exec "$@"
`,
  run: `#!/bin/sh
# apptainer run: load the container environment, then hand the arguments to
# the runscript (the image's ENTRYPOINT/CMD); without one, start a shell.
${LOAD_ENV}if test -x /.singularity.d/runscript; then
    exec /.singularity.d/runscript "$@"
fi
echo "This container has no runscript; starting /bin/sh" >&2
exec /bin/sh "$@"
`,
  shell: `#!/bin/sh
# apptainer shell: load the container environment, then start an interactive
# shell: the one named by APPTAINER_SHELL (or SINGULARITY_SHELL), else bash,
# else sh.
${LOAD_ENV}__apptainer_shell="\${APPTAINER_SHELL:-\${SINGULARITY_SHELL:-}}"
if test -n "$__apptainer_shell" && test -x "$__apptainer_shell"; then
    exec "$__apptainer_shell" "$@"
fi
if test -x /bin/bash; then
    SHELL=/bin/bash
    PS1="Apptainer> "
    export SHELL PS1
    exec /bin/bash --norc "$@"
fi
if test -x /bin/sh; then
    SHELL=/bin/sh
    export SHELL
    exec /bin/sh "$@"
fi
echo "This container has no /bin/sh to start" >&2
exit 1
`,
  start: `#!/bin/sh
# apptainer instance start: load the container environment, then run the
# instance's startscript if the image has one.
${LOAD_ENV}if test -x /.singularity.d/startscript; then
    exec /.singularity.d/startscript "$@"
fi
`,
  test: `#!/bin/sh
# apptainer test: load the container environment, then run the image's test
# script if it has one.
${LOAD_ENV}if test -x /.singularity.d/test; then
    exec /.singularity.d/test "$@"
fi
echo "This container defines no test" >&2
exit 0
`,
};

export interface EnvScript {
  content: string;
  /** Entries left out, each with the reason (never run as code). */
  skipped: string[];
}

/**
 * `10-docker2singularity.sh`: each `K=v` of the config as
 * `export K="${K:-v}"` (a value set when the container starts wins), PATH set
 * outright. A value that cannot sit safely inside `"${…}"` is assigned in
 * single quotes instead, with the same meaning. Docker lets the last of
 * duplicate keys win; so does this.
 */
export function envScript(env: readonly string[] | null | undefined): EnvScript {
  const skipped: string[] = [];
  const byKey = new Map<string, string | undefined>();
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? undefined : entry.slice(eq + 1);
    if (!isShellName(key)) {
      skipped.push(`${JSON.stringify(key)}: not a valid variable name`);
      continue;
    }
    if (value?.includes('\0')) {
      skipped.push(`${key}: the value contains NUL`);
      continue;
    }
    byKey.delete(key); // keep the position of the last occurrence
    byKey.set(key, value);
  }
  const lines = ['#!/bin/sh', '# The ENV of the image config, written by cvmfs-unpack.', '# A variable set when the container starts keeps its value; PATH is set outright.'];
  for (const [key, value] of byKey) {
    if (value === undefined) lines.push(`export ${key}="\${${key}:-}"`);
    else if (key === 'PATH') lines.push(isPlainDefaultWord(value) ? `export PATH="${value}"` : `PATH=${shellQuote(value)}; export PATH`);
    else if (isPlainDefaultWord(value)) lines.push(`export ${key}="\${${key}:-${value}}"`);
    else lines.push(`if test -z "\${${key}:-}"; then ${key}=${shellQuote(value)}; fi; export ${key}`);
  }
  return { content: lines.join('\n') + '\n', skipped };
}

/**
 * The runscript, with Docker's semantics: the ENTRYPOINT words, followed by
 * the arguments given to `apptainer run`, or by the CMD words when there are
 * none. (Like Apptainer's own OCI runscript, it keeps the caller's working
 * directory rather than WorkingDir.)
 */
export function runscript(config: ImageRunConfig): string {
  const entrypoint = config.Entrypoint ?? [];
  const cmd = config.Cmd ?? [];
  const words = (ws: readonly string[]) => ws.map(shellQuote).join(' ');
  const lines = ['#!/bin/sh', '# The image command, as Docker runs it: ENTRYPOINT followed by the arguments', '# given, or by CMD when none are given. Written by cvmfs-unpack.'];
  if (cmd.length > 0) lines.push('if test "$#" -eq 0; then', `    set -- ${words(cmd)}`, 'fi');
  if (entrypoint.length === 0) {
    lines.push('if test "$#" -eq 0; then', '    echo "This image defines neither ENTRYPOINT nor CMD: give a command to run" >&2', '    exit 1', 'fi');
    lines.push('exec "$@"');
  } else {
    lines.push(`exec ${words(entrypoint)} "$@"`);
  }
  return lines.join('\n') + '\n';
}

export interface ApptainerPlan {
  entries: ApptainerEntry[];
  /** Config entries left out (bad variable names, NUL bytes). */
  skipped: string[];
}

/** Everything a flat dir needs, in creation order. Throws when Entrypoint or Cmd holds a NUL byte. */
export function apptainerFiles(config: ImageRunConfig): ApptainerPlan {
  const env = envScript(config.Env);
  const entries: ApptainerEntry[] = [
    ...DIRS.map((path): ApptainerEntry => ({ kind: 'dir', path, mode: 0o755, policy: 'if-missing' })),
    { kind: 'file', path: 'etc/hosts', mode: 0o644, policy: 'if-missing', content: '' },
    { kind: 'file', path: 'etc/resolv.conf', mode: 0o644, policy: 'if-missing', content: '' },
    { kind: 'file', path: ENV_FILE, mode: 0o755, policy: 'replace', content: env.content },
    {
      kind: 'file',
      path: ENVIRONMENT_FILE,
      mode: 0o755,
      policy: 'if-missing',
      content: '#!/bin/sh\n# Custom environment of the container; the image config\'s ENV is in 10-docker2singularity.sh.\n',
    },
    { kind: 'file', path: RUNSCRIPT, mode: 0o755, policy: 'replace', content: runscript(config) },
    ...Object.entries(ACTIONS).map(
      ([name, content]): ApptainerEntry => ({ kind: 'file', path: `.singularity.d/actions/${name}`, mode: 0o755, policy: 'replace', content }),
    ),
    { kind: 'symlink', path: 'singularity', target: RUNSCRIPT, policy: 'if-missing' },
    { kind: 'symlink', path: 'environment', target: ENVIRONMENT_FILE, policy: 'if-missing' },
  ];
  return { entries, skipped: env.skipped };
}
