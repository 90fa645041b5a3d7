/**
 * URLs for messages and logs: user info and every query value that is not
 * known to be harmless are replaced, so pre-signed blob URLs
 * (`X-Amz-Signature=…`), tokens and passwords never reach a log.
 */
const SAFE_QUERY_KEYS = new Set(['n', 'last', 'service', 'scope', 'digest', 'mount', 'from', 'ns']);

export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(input.toString());
  } catch {
    return '<invalid URL>';
  }
  if (url.username) url.username = 'REDACTED';
  if (url.password) url.password = 'REDACTED';
  const keys = [...new Set(url.searchParams.keys())];
  for (const key of keys) {
    if (SAFE_QUERY_KEYS.has(key.toLowerCase())) continue;
    const count = url.searchParams.getAll(key).length;
    url.searchParams.delete(key);
    for (let i = 0; i < count; i++) url.searchParams.append(key, 'REDACTED');
  }
  return url.toString();
}
