/**
 * Many tags for one pushed image, fast: the manifest of `repo:from` is PUT
 * again under each new tag (the registry's own API, as `crane tag` does), so
 * a test or the bench gets thousands of tags without pushing thousands of
 * images. Registries without auth only (the tests' plain docker-registry).
 */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** PUTs the manifest of `repo:from` under every tag of `tags`, `concurrency` at a time. */
export async function retag(registryUrl: string, repo: string, from: string, tags: string[], concurrency = 8): Promise<void> {
  const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${from}`, { headers: { accept: ACCEPT } });
  if (!res.ok) throw new Error(`retag: GET ${repo}:${from}: ${res.status}`);
  const type = res.headers.get('content-type') ?? 'application/vnd.oci.image.manifest.v1+json';
  const body = Buffer.from(await res.arrayBuffer());
  let next = 0;
  const worker = async () => {
    while (next < tags.length) {
      const tag = tags[next++]!;
      const put = await fetch(`${registryUrl}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': type }, body });
      if (!put.ok) throw new Error(`retag: PUT ${repo}:${tag}: ${put.status} ${await put.text()}`);
      await put.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tags.length) }, worker));
}
