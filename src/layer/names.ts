/**
 * Entry names: cleaning and whiteout recognition. Pure functions; every
 * refusal says what it prevents.
 */

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

export type CleanResult =
  | { ok: true; path: string } // '' is the layer root
  | { ok: false; reason: string; /** refused for its size, not its shape */ tooLong?: true };

/**
 * Cleans a tar entry name (or hardlink target) into a relative path with no
 * empty, `.` or `..` components; '' stands for the root.
 */
export function cleanEntryName(raw: string, maxPathLength: number): CleanResult {
  // An empty name has no meaning; writing it would touch the root itself.
  if (raw.length === 0) return { ok: false, reason: 'empty name' };
  // A NUL would cut the name short in the kernel and hit a different file than the one checked.
  if (raw.includes('\0')) return { ok: false, reason: 'name contains a NUL byte' };
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    // A leading '/', '//' and './' are harmless spellings: names are always relative to the root (as tar does).
    if (part === '' || part === '.') continue;
    // '..' is never produced by image builders; refusing it outright (instead of clamping at the
    // root like umoci) means no cleverly nested `a/../../b` can ever reach outside the root.
    if (part === '..') return { ok: false, reason: 'path escapes the layer root (".." component)' };
    parts.push(part);
  }
  const path = parts.join('/');
  // Bounds memory and kernel work per entry (PATH_MAX); longer names are an attack or garbage.
  if (Buffer.byteLength(path) > maxPathLength) return { ok: false, reason: `name longer than ${maxPathLength} bytes`, tooLong: true };
  return { ok: true, path };
}

export type WhiteoutKind = { kind: 'none' } | { kind: 'opaque' } | { kind: 'whiteout'; target: string } | { kind: 'invalid'; reason: string };

/** What the base name of an entry means in the OCI whiteout convention. */
export function whiteoutOf(base: string): WhiteoutKind {
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  if (base === OPAQUE_MARKER) return { kind: 'opaque' };
  const target = base.slice(WHITEOUT_PREFIX.length);
  // `.wh.`, `.wh..` and `.wh...` would remove the directory itself or its parent, outside the entry's directory.
  if (target === '' || target === '.' || target === '..') return { kind: 'invalid', reason: `whiteout ${JSON.stringify(base)} names no entry of its directory` };
  return { kind: 'whiteout', target };
}

export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

export function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
