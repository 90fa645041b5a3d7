/**
 * Where the agent is. A bare host (`10.0.0.5`, `agent.example.org`) means
 * `http://HOST:8000`, as in the original unpack-api template; a host with a
 * port means plain HTTP on that port; a URL is taken as it is and may carry a
 * path prefix (`https://example.org/cvmfs-unpack/`).
 */
export const DEFAULT_AGENT_PORT = 8000;

export class ServerUrlError extends Error {
  override readonly name = 'ServerUrlError';
}

/** The agent's base URL, always ending in '/'. */
export function normalizeServerUrl(server: string): URL {
  const text = server.trim();
  if (text === '') throw new ServerUrlError('the agent URL is empty');
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch (err) {
    throw new ServerUrlError(`${JSON.stringify(server)} is not an agent URL`, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerUrlError(`${JSON.stringify(server)} is not an agent URL: use http:// or https://`);
  }
  // Credentials in the URL would end up in logs; tokens go in the token input.
  if (url.username !== '' || url.password !== '') {
    throw new ServerUrlError('the agent URL must not contain credentials: pass a token instead');
  }
  if (url.search !== '' || url.hash !== '') throw new ServerUrlError(`${JSON.stringify(server)}: the agent URL must not have a query or fragment`);
  if (!hasScheme && url.port === '') url.port = String(DEFAULT_AGENT_PORT);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** An API path ('api/v1/sync') under the agent's base URL. */
export function apiUrl(base: URL, path: string): URL {
  return new URL(path.replace(/^\/+/, ''), base);
}
