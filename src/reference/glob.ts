/**
 * Glob patterns for image tags and image references, as used by recipe
 * wildcards (`pyhf/pyhf:*`, `analysisbase:21.2.1*`), `ignoreErrors` and the
 * agent's policy.
 *
 * `*` matches any run of characters (none included, `/` and `:` included);
 * every other character matches itself. Unlike DUCC, which turns the pattern
 * into a regular expression by replacing `*` with `.*` only, a `.` here is a
 * literal dot: `21.2.1*` does not match `21x2x1`.
 */

/** Characters that mean something in a JavaScript regular expression. */
const REGEX_META = /[.*+?^${}()|[\]\\]/g;

function escapeLiteral(text: string): string {
  return text.replace(REGEX_META, '\\$&');
}

/** The anchored regular expression equivalent to `pattern`. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map(escapeLiteral).join('.*');
  // 's': a '*' spans any character, line breaks included; anchored on both ends.
  return new RegExp(`^${body}$`, 's');
}

/** Whether `value` matches the glob `pattern` as a whole. */
export function matchGlob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  return globToRegExp(pattern).test(value);
}
