/**
 * The online part of the check for one input: does the registry answer, does
 * the tag exist (a wildcard: which tags match), are the requested platforms
 * in the index, how large is the image. Failures become findings that say
 * what to do ("needs credentials", "the tag does not exist"), never a bare 404.
 * Uses only the registry client's public calls (fetchManifest, resolve, listTags).
 */
import { formatImageRef, isWildcard, matchGlob, withTag, type ImageRef } from '../reference/index.ts';
import type { RecipeInput } from '../recipe/index.ts';
import {
  PlatformNotFoundError,
  RegistryError,
  envVarPrefix,
  formatPlatform,
  isIndexMediaType,
  normalizePlatform,
  parsePlatform,
  type CredentialStore,
  type RegistryClient,
  type ResolvedImage,
} from '../registry/index.ts';
import { formatBytes } from '../common/size.ts';
import type { Limits } from './static.ts';
import type { Finding, ProbedImage } from './types.ts';

export interface ProbeResult {
  findings: Finding[];
  tags?: { matched: number; total: number; newest: string[] };
  topDigest?: string;
  images: ProbedImage[];
  /** The registry answered for every platform. */
  ok: boolean;
}

export interface ProbeContext {
  client: RegistryClient;
  credentials: CredentialStore;
  limits: Limits;
  signal?: AbortSignal;
}

/** How many of the newest matching tags a wildcard report names. */
const NEWEST = 3;

/** Natural order (1.9 < 1.10), so that the last tags are the newest versions. */
const collator = new Intl.Collator('en', { numeric: true });

export async function probeInput(input: RecipeInput, platforms: string[], ctx: ProbeContext): Promise<ProbeResult> {
  const findings: Finding[] = [];
  const at = { line: input.line, input: input.source };
  const fail = (check: string, message: string): ProbeResult => {
    findings.push({ severity: 'error', check, message, ...at });
    return { findings, images: [], ok: false };
  };
  const name = formatImageRef(input.ref);
  let ref: ImageRef = input.ref;
  let tags: ProbeResult['tags'];

  if (isWildcard(input.ref)) {
    let all: string[];
    try {
      all = await ctx.client.listTags(input.ref, ctx.signal ? { signal: ctx.signal } : {});
    } catch (err) {
      const e = explain(err, input.ref, ctx.credentials, 'tags');
      return fail(e.check, `${name}: ${e.message}`);
    }
    const matched = [...new Set(all.filter((t) => matchGlob(input.ref.tag!, t)))].sort(collator.compare).reverse();
    tags = { matched: matched.length, total: all.length, newest: matched.slice(0, NEWEST) };
    if (matched.length === 0) {
      const r = fail('wildcard-empty', `${name}: the wildcard matches none of the ${all.length} tags of ${input.ref.registry}/${input.ref.repository}${all.length ? ` (e.g. ${all.toSorted(collator.compare).slice(-NEWEST).reverse().join(', ')})` : ''}`);
      return { ...r, tags };
    }
    // The newest matching tag stands for the others (probing each would cost a request per tag).
    ref = withTag(input.ref, matched[0]!);
  }

  let top;
  try {
    top = await ctx.client.fetchManifest(ref, undefined, ctx.signal ? { signal: ctx.signal } : {});
  } catch (err) {
    let e = explain(err, ref, ctx.credentials, 'manifest');
    if (e.check === 'tag-missing' && ref.digest === undefined) e = await tagMissing(ref, e, ctx);
    return { ...fail(e.check, `${formatImageRef(ref)}: ${e.message}`), ...(tags ? { tags } : {}) };
  }

  const images: ProbedImage[] = [];
  // A single-platform image resolves the same for every platform asked: its config is fetched once.
  let single: Promise<ResolvedImage> | undefined;
  for (const p of platforms) {
    const wanted = parsePlatform(p);
    try {
      const resolve = () => ctx.client.resolve(ref, { top, platform: wanted, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      const image = isIndexMediaType(top.mediaType) ? await resolve() : await (single ??= resolve());
      const got = normalizePlatform(image.platform);
      const want = normalizePlatform(wanted);
      if (image.indexDigest === undefined && (got.os !== want.os || got.architecture !== want.architecture)) {
        findings.push({ severity: 'error', check: 'platform-missing', ...at, message: `${formatImageRef(ref)}: not available for ${p}: it is a single-platform image for ${formatPlatform(image.platform)}` });
        continue;
      }
      const compressedSize = image.manifest.layers.reduce((sum, l) => sum + l.size, 0);
      images.push({ platform: p, manifestDigest: image.manifestDigest, layers: image.manifest.layers.length, compressedSize });
      const { maxSize, warnSize } = ctx.limits;
      if (maxSize !== undefined && compressedSize > maxSize) {
        findings.push({ severity: 'error', check: 'size-limit', ...at, message: `${formatImageRef(ref)} (${p}) is ${formatBytes(compressedSize)} compressed, above the limit of ${formatBytes(maxSize)}` });
      } else if (warnSize !== undefined && compressedSize > warnSize) {
        findings.push({ severity: 'warning', check: 'size-warning', ...at, message: `${formatImageRef(ref)} (${p}) is ${formatBytes(compressedSize)} compressed, above the warning size of ${formatBytes(warnSize)}` });
      }
    } catch (err) {
      if (err instanceof PlatformNotFoundError) {
        const list = err.available.map(formatPlatform);
        findings.push({ severity: 'error', check: 'platform-missing', ...at, message: `${formatImageRef(ref)}: the image index has no ${p} (it has ${list.length ? list.join(', ') : 'no platforms'})` });
        continue;
      }
      const e = explain(err, ref, ctx.credentials, 'manifest');
      findings.push({ severity: 'error', check: e.check, ...at, message: `${formatImageRef(ref)} (${p}): ${e.message}` });
    }
  }
  const ok = findings.every((f) => f.severity !== 'error');
  return { findings, ...(tags ? { tags } : {}), topDigest: top.digest, images, ok };
}

/** A tag the registry does not know: is it the repository that is missing, and which tags are there? (one request) */
async function tagMissing(ref: ImageRef, e: { check: string; message: string }, ctx: ProbeContext): Promise<{ check: string; message: string }> {
  let tags: string[];
  try {
    tags = await ctx.client.listTags(ref, ctx.signal ? { signal: ctx.signal } : {});
  } catch (err) {
    const why = explain(err, ref, ctx.credentials, 'tags');
    return why.check === 'repository-missing' ? why : e;
  }
  if (tags.length === 0) return { check: 'repository-missing', message: `the repository ${ref.registry}/${ref.repository} has no tags (it does not exist)` };
  const newest = tags.toSorted(collator.compare).slice(-NEWEST).reverse();
  return { check: e.check, message: `${e.message} (it has ${tags.length} tag${tags.length === 1 ? '' : 's'}; newest: ${newest.join(', ')})` };
}

/** A registry failure in words a wishlist maintainer can act on. */
export function explain(err: unknown, ref: ImageRef, credentials: CredentialStore, what: 'manifest' | 'tags'): { check: string; message: string } {
  const repo = `${ref.registry}/${ref.repository}`;
  const login = `no credentials for ${ref.registry} are configured (set ${envVarPrefix(ref.registry)}USERNAME and ${envVarPrefix(ref.registry)}PASSWORD, REGISTRY_AUTH_FILE, or docker login ${ref.registry})`;
  let hasCredentials = false;
  try {
    hasCredentials = credentials.get(ref.registry) !== undefined;
  } catch {
    // A broken credential source counts as none; the client reports it when it is used.
  }
  if (!(err instanceof RegistryError)) return { check: 'registry', message: err instanceof Error ? err.message : String(err) };
  const codes = err.errors.map((e) => e.code);
  if (err.status === 401 || err.status === 403 || codes.includes('UNAUTHORIZED') || codes.includes('DENIED')) {
    return hasCredentials
      ? { check: 'credentials', message: `the registry refused the credentials configured for ${ref.registry}: they do not give read access to ${repo}` }
      : { check: 'credentials', message: `${repo} is private (or does not exist): the registry wants credentials, and ${login}` };
  }
  if (err.notFound) {
    if (codes.includes('NAME_UNKNOWN') || what === 'tags') {
      return { check: 'repository-missing', message: `the repository ${repo} does not exist${hasCredentials ? '' : `, or is private and ${login}`}` };
    }
    const reference = ref.digest ?? ref.tag ?? 'latest';
    return { check: 'tag-missing', message: `${ref.digest ? 'the digest' : 'the tag'} ${reference} does not exist in ${repo}` };
  }
  if (err.status === undefined) return { check: 'registry', message: `the registry ${ref.registry} did not answer: ${err.message}` };
  return { check: 'registry', message: err.message };
}
