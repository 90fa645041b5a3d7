/**
 * Shell quoting for the files Apptainer sources and runs. Every value from
 * an image config is untrusted: it must reach the shell as data, byte for
 * byte, and never as code.
 */

/** A POSIX single-quoted word: the only quoting every shell reads the same way. */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell word cannot contain NUL');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A name a shell can export: letters, digits, underscore, not starting with a digit. */
export function isShellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * Whether a value can sit inside `"${K:-value}"` unescaped in every shell:
 * bash (non-POSIX mode) treats `'` there as a quote, and `"`, `\`, `` ` ``,
 * `$`, `}` and newlines are special to some shell in that place.
 */
export function isPlainDefaultWord(value: string): boolean {
  return !/['"\\`$}\n\r\0]/.test(value);
}
