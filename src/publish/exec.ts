/** Runs a command without a shell and keeps the tail of its output for error messages. */
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const TAIL = 4096;

function tail(s: string, n = TAIL): string {
  return s.length > n ? '…' + s.slice(-n) : s;
}

export function runCommand(cmd: string, args: readonly string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout = tail(stdout + d, TAIL * 4)));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = tail(stderr + d, TAIL * 4)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout: tail(stdout), stderr: tail(stderr) }));
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** The last lines of a command's stderr (or stdout), for a one-line error message. */
export function outputTail(r: CommandResult, lines = 5): string {
  const text = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-lines).join(' | ');
  return text || (r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`);
}
