/** Runs the CLI's main() in-process with captured output, as the shell would run `cvmfs-unpack …`. */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream, env: { PATH: process.env.PATH, ...env } });
  return { code, stdout: out.text(), stderr: err.text() };
}
