/**
 * zod schemas for the registry's JSON: manifests, indexes, image configs and
 * tag lists. Unknown keys are dropped from the parsed value; the raw bytes
 * are kept beside it wherever they matter.
 */
import { z } from 'zod';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest } from './types.ts';

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

const platformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
});

export const descriptorSchema = z.object({
  mediaType: z.string(),
  digest: z.string().regex(DIGEST, 'not a digest'),
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: platformSchema.optional(),
}) satisfies z.ZodType<Descriptor>;

export const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
}) satisfies z.ZodType<ImageManifest>;

export const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
}) satisfies z.ZodType<ImageIndex>;

const stringList = z.array(z.string()).nullable().optional();

export const configSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  created: z.string().optional(),
  config: z
    .object({
      Env: stringList,
      Entrypoint: stringList,
      Cmd: stringList,
      WorkingDir: z.string().optional(),
      User: z.string().optional(),
      Labels: z.record(z.string(), z.string()).nullable().optional(),
    })
    .nullable()
    .optional()
    .transform((c) => c ?? undefined),
  rootfs: z.object({ type: z.string(), diff_ids: z.array(z.string().regex(DIGEST, 'not a digest')) }),
  history: z.array(z.unknown()).optional(),
});

export const tagListSchema = z.object({
  name: z.string().optional(),
  tags: z.array(z.string()).nullable().optional(),
});

/** The parsed config with `undefined` keys left out (exactOptionalPropertyTypes-safe). */
export function toImageConfig(parsed: z.infer<typeof configSchema>): ImageConfig {
  const out: ImageConfig = { rootfs: parsed.rootfs };
  if (parsed.architecture !== undefined) out.architecture = parsed.architecture;
  if (parsed.os !== undefined) out.os = parsed.os;
  if (parsed.variant !== undefined) out.variant = parsed.variant;
  if (parsed.created !== undefined) out.created = parsed.created;
  if (parsed.config !== undefined) {
    const c = parsed.config;
    out.config = {};
    if (c.Env !== undefined) out.config.Env = c.Env;
    if (c.Entrypoint !== undefined) out.config.Entrypoint = c.Entrypoint;
    if (c.Cmd !== undefined) out.config.Cmd = c.Cmd;
    if (c.WorkingDir !== undefined) out.config.WorkingDir = c.WorkingDir;
    if (c.User !== undefined) out.config.User = c.User;
    if (c.Labels !== undefined) out.config.Labels = c.Labels;
  }
  if (parsed.history !== undefined) out.history = parsed.history;
  return out;
}
