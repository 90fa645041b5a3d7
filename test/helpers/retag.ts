/**
 * Many tags for one pushed image, fast: the manifest of `repo:from` is PUT
 * again under each new tag (the registry's own API, as `crane tag` does), so
 * a test or the bench gets thousands of tags without pushing thousands of
 * images. Without auth, or with the token server's Basic credentials
 * (`user:password`, as skopeo's --dest-creds).
 */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** PUTs the manifest of `repo:from` under every tag of `tags`, `concurrency` at a time. */
export async function retag(registryUrl: string, repo: string, from: string, tags: string[], concurrency = 8, creds?: string): Promise<void> {
  const auth = creds ? await bearer(registryUrl, repo, creds) : {};
  const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${from}`, { headers: { accept: ACCEPT, ...auth } });
  if (!res.ok) throw new Error(`retag: GET ${repo}:${from}: ${res.status}`);
  const type = res.headers.get('content-type') ?? 'application/vnd.oci.image.manifest.v1+json';
  const body = Buffer.from(await res.arrayBuffer());
  let next = 0;
  const worker = async () => {
    while (next < tags.length) {
      const tag = tags[next++]!;
      const put = await fetch(`${registryUrl}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': type, ...auth }, body });
      if (!put.ok) throw new Error(`retag: PUT ${repo}:${tag}: ${put.status} ${await put.text()}`);
      await put.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tags.length) }, worker));
}

/** A push token from the realm the registry names in its challenge. */
async function bearer(registryUrl: string, repo: string, creds: string): Promise<Record<string, string>> {
  const ping = await fetch(`${registryUrl}/v2/`);
  await ping.arrayBuffer();
  const challenge = ping.headers.get('www-authenticate') ?? '';
  const param = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(challenge)?.[1];
  const realm = param('realm');
  if (!realm) return { authorization: `Basic ${Buffer.from(creds).toString('base64')}` };
  const url = new URL(realm);
  url.searchParams.set('service', param('service') ?? '');
  url.searchParams.set('scope', `repository:${repo}:pull,push`);
  const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(creds).toString('base64')}` } });
  if (!res.ok) throw new Error(`retag: token for ${repo}: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}
