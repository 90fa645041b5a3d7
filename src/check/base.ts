/**
 * The base recipe of `--against BASE`: a file, or else a git revision
 * (`origin/main`) whose copy of the recipe is read with `git show`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

export class BaseError extends Error {
  override readonly name = 'BaseError';
}

export async function readBase(base: string, recipePath: string, cwd: string = process.cwd()): Promise<{ text: string; name: string }> {
  try {
    return { text: await readFile(base, 'utf8'), name: base };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new BaseError(`reading the base recipe ${base}: ${(err as Error).message}`);
  }
  const rel = isAbsolute(recipePath) ? relative(cwd, recipePath) : recipePath;
  const spec = `${base}:./${rel.replace(/^\.\//, '')}`;
  const text = await new Promise<string>((resolve, reject) => {
    execFile('git', ['show', spec], { cwd, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new BaseError(`--against ${base}: no such file, and git show ${spec} failed: ${(stderr || err.message).trim().split('\n')[0]}`));
      else resolve(stdout);
    });
  });
  return { text, name: `${base}:${rel}` };
}
