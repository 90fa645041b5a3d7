/**
 * Resolving a path inside a root directory the way the container will see
 * it: symlinks are followed, but `/` and `..` never get above the root (like
 * Go's filepath-securejoin, which umoci uses). The result is a path under
 * `root` whose existing components are real directories, not symlinks; the
 * components that do not exist are appended as they are.
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';

/** Symlinks followed in one resolution before giving up, as Linux does (ELOOP). */
const MAX_LINKS = 40;

export class SymlinkLoopError extends Error {
  override name = 'SymlinkLoopError';
}

export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    // throwIfNoEntry: an exception per missing name would cost more than the lstat itself.
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function split(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

/** `root` + `unsafe` with every symlink in it resolved within `root`. */
export function resolveInRoot(root: string, unsafe: string): string {
  let todo = split(unsafe);
  const done: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const c = todo.shift()!;
    if (c === '..') {
      // `..` at the root stays at the root: nothing above it is reachable.
      done.pop();
      continue;
    }
    const abs = `${root}/${[...done, c].join('/')}`;
    const st = lstatOrUndefined(abs);
    if (st?.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw new SymlinkLoopError(`resolving ${JSON.stringify(unsafe)}: too many levels of symbolic links`);
      const target = readlinkSync(abs);
      // An absolute target starts again at the root of the tree, not of the host.
      if (target.startsWith('/')) done.length = 0;
      todo = [...split(target), ...todo];
      continue;
    }
    done.push(c);
  }
  return done.length === 0 ? root : `${root}/${done.join('/')}`;
}

/**
 * Like `resolveInRoot` but the last component is not followed (a hardlink to
 * a symlink links the symlink itself).
 */
export function resolveParentInRoot(root: string, unsafe: string): string {
  const parts = split(unsafe);
  const last = parts.pop();
  if (last === undefined) return root;
  // `..` as the last component would name the parent's parent; resolve it fully instead.
  if (last === '..') return resolveInRoot(root, unsafe);
  return `${resolveInRoot(root, parts.join('/'))}/${last}`;
}
