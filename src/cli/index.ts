import { main } from './main.ts';

const controller = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: finish or abort the current transaction cleanly; second: exit now.
    if (++signals > 1) process.exit(130);
    controller.abort(new Error(`received ${sig}`));
  });
}
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
