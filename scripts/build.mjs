#!/usr/bin/env node
// Bundles the two entry points with @vercel/ncc into dist/:
//   dist/index.js  the GitHub Action (action.yml: runs.main)
//   dist/cli.js    the cvmfs-unpack command (package.json: bin)
// Each bundle is built into a scratch directory and must be a single file;
// anything else (a chunk, a native addon) fails the build instead of being lost.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` builds elsewhere (the dist check compares such a build with dist/).
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = [
  { src: 'src/action/index.ts', out: 'index.js', shebang: false },
  { src: 'src/cli/index.ts', out: 'cli.js', shebang: true },
];

mkdirSync(outDir, { recursive: true });
for (const entry of entries) {
  const scratch = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-build-'));
  try {
    execFileSync(process.execPath, [ncc, 'build', entry.src, '-o', scratch, '--quiet', '--no-source-map-register'], {
      cwd: root,
      stdio: 'inherit',
    });
    const files = readdirSync(scratch).filter((f) => f !== 'package.json');
    if (files.length !== 1 || files[0] !== 'index.js') {
      throw new Error(`bundling ${entry.src}: expected one file index.js, got ${files.join(', ')}`);
    }
    let code = readFileSync(join(scratch, 'index.js'), 'utf8');
    if (entry.shebang && !code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`;
    const out = join(outDir, entry.out);
    writeFileSync(out, code);
    if (entry.shebang) chmodSync(out, 0o755);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
