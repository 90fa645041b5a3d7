/**
 * Registry notifications turned into image references (pure).
 *
 * Distribution (the CNCF registry, Docker's `registry:2`) posts an envelope
 * `{"events":[…]}` with one event per blob and manifest touched; only
 * `push` events of a manifest (or index) pushed by tag count. Harbor posts
 * one `PUSH_ARTIFACT` per push (default format) or a CloudEvent
 * `harbor.artifact.pushed`; a push by digest carries the digest as its
 * "tag" and is skipped (there is no name to link).
 *
 * The registry name comes from the payload unless the agent's
 * `webhooks.<kind>.registry` overrides it: the registry often knows itself
 * by an internal name, while images must be named as clients pull them.
 */
import { z } from 'zod';

const MANIFEST_MEDIA_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

export interface WebhookImages {
  /** References to sync, e.g. 'http://127.0.0.1:5000/group/app:1.0'; duplicates removed. */
  images: string[];
  /** Events or resources that did not ask for a sync (blobs, pulls, digest pushes, other types). */
  ignored: number;
}

const distributionEnvelope = z.object({
  events: z.array(
    z.object({
      action: z.string(),
      target: z
        .object({
          mediaType: z.string().optional(),
          repository: z.string().optional(),
          tag: z.string().optional(),
          url: z.string().optional(),
        })
        .optional(),
      request: z.object({ host: z.string().optional() }).optional(),
    }),
  ),
});

/** '<scheme>://<host>' prefix for the registry: the override, else the target URL's origin, else https + request host. */
function registryPrefix(override: string | undefined, url: string | undefined, host: string | undefined): string | undefined {
  if (override) return /^https?:\/\//.test(override) ? override.replace(/\/+$/, '') : `https://${override.replace(/\/+$/, '')}`;
  if (url) {
    try {
      const u = new URL(url);
      return `${u.protocol}//${u.host}`;
    } catch {
      // fall through to the request host
    }
  }
  return host ? `https://${host}` : undefined;
}

export function distributionImages(body: unknown, registryOverride?: string): WebhookImages {
  const envelope = distributionEnvelope.parse(body);
  const images = new Set<string>();
  let ignored = 0;
  for (const event of envelope.events) {
    const t = event.target;
    const wanted = event.action === 'push' && t?.mediaType !== undefined && MANIFEST_MEDIA_TYPES.has(t.mediaType) && t.tag && t.repository;
    const prefix = wanted ? registryPrefix(registryOverride, t.url, event.request?.host) : undefined;
    if (!wanted || !prefix) {
      ignored++;
      continue;
    }
    images.add(`${prefix}/${t.repository}:${t.tag}`);
  }
  return { images: [...images], ignored };
}

const harborResource = z.object({
  digest: z.string().optional(),
  tag: z.string().optional(),
  resource_url: z.string().optional(),
});
const harborData = z.object({
  resources: z.array(harborResource).default([]),
  repository: z.object({ repo_full_name: z.string().optional() }).optional(),
});
const harborPayload = z.union([
  z.object({ specversion: z.string(), type: z.string(), data: harborData.optional() }),
  z.object({ type: z.string(), event_data: harborData.optional() }),
]);

export function harborImages(body: unknown, registryOverride?: string): WebhookImages {
  const payload = harborPayload.parse(body);
  const isCloudEvent = 'specversion' in payload;
  const pushed = isCloudEvent ? payload.type === 'harbor.artifact.pushed' : payload.type === 'PUSH_ARTIFACT';
  const data = isCloudEvent ? payload.data : payload.event_data;
  if (!pushed || !data) return { images: [], ignored: Math.max(1, data?.resources.length ?? 0) };
  const images = new Set<string>();
  let ignored = 0;
  for (const r of data.resources) {
    // A push by digest reports the digest as the tag: nothing to name.
    if (!r.tag || r.tag.startsWith('sha256:')) {
      ignored++;
      continue;
    }
    const repo = data.repository?.repo_full_name;
    if (registryOverride && repo) {
      images.add(`${registryPrefix(registryOverride, undefined, undefined)}/${repo}:${r.tag}`);
    } else if (r.resource_url) {
      // 'harbor.example.org/project/app:1.0': Harbor's external host; parseImageRef reads it as https.
      images.add(r.resource_url);
    } else {
      ignored++;
    }
  }
  return { images: [...images], ignored };
}
