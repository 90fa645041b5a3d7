/**
 * The engine's hook after publishing: for each image published (or
 * re-pointed) in this run, its thin image is built and pushed to the name
 * the output format gives. Only the platform of the public link gets one
 * (thin names carry no platform). A push that fails marks the image failed
 * with the reason (exit status 1) but leaves what was published: the CVMFS
 * publish is done and stays; the next change of the image pushes again.
 * Unchanged images are not pushed again.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ImageResult } from '../convert/types.ts';
import type { Publisher } from '../publish/index.ts';
import { formatUrlRef, parseImageRef, publicLinkPath, type ImageRef } from '../reference/index.ts';
import { CredentialStore } from '../registry/index.ts';
import { describeError } from '../log/errors.ts';
import type { Logger } from '../log/logger.ts';
import { expandOutputFormat } from '../recipe/output-format.ts';
import { metadataDir } from '../repo/layout.ts';
import { METADATA_FILES, recordsConfig } from '../repo/metadata.ts';
import { isForeignLayer } from '../layer/index.ts';
import { buildThinImage, THIN_MEDIA, type InputConfig } from './image.ts';
import { Pusher } from './push.ts';
import type { ThinOptions } from './types.ts';

const manifestSchema = z.object({ layers: z.array(z.object({ mediaType: z.string().optional(), digest: z.string() })) });
const runConfig = z
  .object({
    Env: z.array(z.string()).nullish(),
    Entrypoint: z.array(z.string()).nullish(),
    Cmd: z.array(z.string()).nullish(),
    WorkingDir: z.string().optional(),
    User: z.string().optional(),
    Labels: z.record(z.string(), z.string()).nullish(),
  })
  .nullish();
const configSchema = z.object({ architecture: z.string().optional(), os: z.string().optional(), config: runConfig });

/** The repository named in thin.json's `cvmfs://` URLs: the CVMFS repository (and lease path), or the dir's name. */
export function thinRepository(publisher: Publisher): string {
  const d = publisher.describe();
  return publisher.kind === 'cvmfs' && d.startsWith('cvmfs:') ? d.slice('cvmfs:'.length) : basename(publisher.root);
}

/** The thin image's name for an input. */
export function thinName(format: string, input: ImageRef, digest?: string): ImageRef {
  const name = expandOutputFormat(format, input, digest);
  try {
    return parseImageRef(name);
  } catch (err) {
    throw new Error(`the thin image name ${JSON.stringify(name)} (from ${JSON.stringify(format)}) is not an image reference: ${describeError(err)}`, { cause: err });
  }
}

export function thinCredentials(opts: ThinOptions, host: string): CredentialStore {
  if (opts.user && opts.password !== undefined) return new CredentialStore([[host, { username: opts.user, password: opts.password }]]);
  return opts.credentials ?? CredentialStore.fromEnvironment();
}

export async function pushThinImages(results: ImageResult[], publisher: Publisher, opts: ThinOptions, logger: Logger, signal?: AbortSignal): Promise<ImageResult[]> {
  const root = publisher.root;
  const repository = opts.repository ?? thinRepository(publisher);
  const out: ImageResult[] = [];
  const pushers = new Map<string, Pusher>();
  try {
    for (const r of results) {
      const input = parseImageRef(r.ref);
      const linkPath = publicLinkPath(input);
      if ((r.status !== 'published' && r.status !== 'updated') || !r.configDigest || !recordsConfig(root, linkPath, r.configDigest)) {
        out.push(r);
        continue;
      }
      let name = '';
      try {
        const target = thinName(opts.nameFormat, input, r.digest);
        name = formatUrlRef(target);
        const meta = join(root, metadataDir(linkPath));
        const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(meta, METADATA_FILES.rawManifest), 'utf8')));
        const config = configSchema.parse(JSON.parse(readFileSync(join(meta, METADATA_FILES.config), 'utf8'))) as InputConfig;
        const thin = buildThinImage({
          origin: formatUrlRef(input),
          repository,
          layerDigests: manifest.layers.filter((l) => !isForeignLayer(l.mediaType ?? '')).map((l) => l.digest),
          input: config,
        });
        const credentials = thinCredentials(opts, target.registry);
        if (opts.requireCredentials && !credentials.get(target.registry)) {
          logger.warn('thin image not pushed: no credentials for the output registry (set `user` and DUCC_OUTPUT_REGISTRY_PASS)', { image: r.ref, thin: name });
          out.push(r);
          continue;
        }
        let pusher = pushers.get(target.registry);
        if (!pusher) {
          pusher = new Pusher({ credentials, logger, ...(signal ? { signal } : {}) });
          pushers.set(target.registry, pusher);
        }
        await pusher.pushImage(target, [thin.layer, thin.config], thin.manifest, THIN_MEDIA.manifest);
        logger.info('thin image pushed', { image: r.ref, thin: name });
        out.push(r);
      } catch (err) {
        const reason = `published, but pushing the thin image${name ? ` ${name}` : ''} failed: ${describeError(err)}`;
        logger.warn('thin image not pushed', { image: r.ref, error: reason });
        out.push({ ...r, status: 'failed', error: reason });
      }
    }
  } finally {
    for (const p of pushers.values()) await p.close();
  }
  return out;
}
