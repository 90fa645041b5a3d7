// dist/ is committed (the action runs it as is): it must be exactly what the
// sources build today.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-dist-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('dist/ equals a fresh build of the sources', { timeout: 240_000 }, () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--out', out], { cwd: root, stdio: 'pipe' });
  const list = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  const built = list(out).filter((f) => !statSync(join(out, f)).isDirectory());
  expect(list(join(root, 'dist')).filter((f) => !statSync(join(root, 'dist', f)).isDirectory())).toEqual(built);
  for (const file of built) {
    const same = readFileSync(join(out, file)).equals(readFileSync(join(root, 'dist', file)));
    expect(same, `dist/${file} differs from a fresh build: run npm run build and commit dist/`).toBe(true);
  }
});
