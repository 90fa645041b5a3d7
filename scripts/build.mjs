#!/usr/bin/env node
// Bundles the two entry points with @vercel/ncc into dist/:
//   dist/index.js      the GitHub Action (action.yml: runs.main), with the
//                      chunks it loads on demand (dist/<n>.index.js)
//   dist/cli.js        the cvmfs-unpack command (package.json: bin): a small
//                      launcher that turns on V8's compile cache, then loads
//   dist/cli/          the CLI bundle, split per command (each command's code
//                      is compiled only when it runs: start-up is most of the
//                      cost of a no-op sync)
// Each bundle is built into a scratch directory; anything but JavaScript (a
// native addon, a stray asset) fails the build.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` builds elsewhere (the dist check compares such a build with dist/).
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

function bundle(src) {
  const scratch = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-build-'));
  execFileSync(process.execPath, [ncc, 'build', src, '-o', scratch, '--quiet', '--no-source-map-register'], { cwd: root, stdio: 'inherit' });
  const files = readdirSync(scratch).filter((f) => f !== 'package.json');
  const stray = files.filter((f) => !f.endsWith('.js'));
  if (stray.length) throw new Error(`bundling ${src}: unexpected files ${stray.join(', ')}`);
  return { scratch, files };
}

// Bundle both first: a failed build leaves dist/ as it was.
const action = bundle('src/action/index.ts');
const cli = bundle('src/cli/index.ts');
try {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (/^\d+\.index\.js$/.test(f)) rmSync(join(outDir, f));
  rmSync(join(outDir, 'cli'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'cli'), { recursive: true });
  // The action: index.js and the chunks it loads on demand, beside it in dist/.
  for (const f of action.files) copyFileSync(join(action.scratch, f), join(outDir, f));
  for (const f of cli.files) copyFileSync(join(cli.scratch, f), join(outDir, 'cli', f));
} finally {
  rmSync(action.scratch, { recursive: true, force: true });
  rmSync(cli.scratch, { recursive: true, force: true });
}
writeFileSync(
  join(outDir, 'cli.js'),
  `#!/usr/bin/env node
// cvmfs-unpack: caches V8's compiled code of the bundle between runs, then runs it.
import module from 'node:module';
module.enableCompileCache?.();
await import('./cli/index.js');
`,
);
chmodSync(join(outDir, 'cli.js'), 0o755);
writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
