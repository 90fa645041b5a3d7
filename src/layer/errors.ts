/**
 * Named errors of the layer code. Every message starts with what was being
 * unpacked (the layer label and the entry) and then says why, e.g.
 * `layer sha256:ab12…: entry "../../etc/passwd": path escapes the layer root`.
 */

/** Base class: anything that went wrong turning a layer into a directory. */
export class LayerError extends Error {
  override name = 'LayerError';
}

/** A name or link that would create, remove or link something outside the root, or through a symlink. */
export class UnsafePathError extends LayerError {
  override name = 'UnsafePathError';
}

/** The uncompressed tar does not hash to the DiffID the image config promises. */
export class DigestMismatchError extends LayerError {
  override name = 'DigestMismatchError';
}

/** Too many entries, too many bytes, too long a name: a decompression bomb or a broken layer. */
export class LayerLimitError extends LayerError {
  override name = 'LayerLimitError';
}

/** A whiteout that cannot mean anything (`.wh.`, `.wh..`, a whiteout directory). */
export class InvalidWhiteoutError extends LayerError {
  override name = 'InvalidWhiteoutError';
}

/** The stream is not a tar archive we can read (bad checksum, truncated, unsupported extension). */
export class InvalidTarError extends LayerError {
  override name = 'InvalidTarError';
}

/** `label: entry "name": reason` — the shape of every per-entry message. */
export function entryMessage(label: string, entry: string, reason: string): string {
  return `${label}: entry ${JSON.stringify(entry)}: ${reason}`;
}

/** `ENOTDIR: not a directory, mkdir '/tmp/…'` → `ENOTDIR: not a directory` (no temporary path in messages). */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return (e as Error)?.message ?? String(err);
  const m = /^[A-Z0-9]+: ([^,]*)/.exec(e.message);
  return `${e.code}: ${m?.[1] ?? e.code}`;
}
