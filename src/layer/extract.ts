/**
 * extractLayer: one layer blob → its directory (`layerfs`), in one streaming
 * pass: decompress (1 MiB chunks) → hash (DiffID) → parse tar → write.
 * Whiteouts stay literal files, as DUCC's `cvmfs_server ingest` leaves them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { nullLogger } from '../log/logger.ts';
import { decompressedChunks } from './decompress.ts';
import { DigestMismatchError, LayerError, LayerLimitError } from './errors.ts';
import { TarParser } from './tar-parser.ts';
import { DEFAULT_LIMITS, type ExtractOptions, type ExtractResult, type LayerLimits } from './types.ts';
import { LayerWriter } from './writer.ts';

/** Extension headers (pax records, GNU long names) are held in memory; no real one comes near this. */
const MAX_META_BYTES = 8 << 20;

/**
 * Extracts `blob` (compressed as in the registry) into `dest`, which must not
 * exist or be empty. On error `dest` is left for the caller to delete.
 */
export async function extractLayer(blob: Readable, dest: string, opts: ExtractOptions): Promise<ExtractResult> {
  const label = opts.label ?? 'layer';
  const logger = (opts.logger ?? nullLogger).child({ layer: label });
  const limits = mergeLimits(opts.limits);
  prepareDest(dest, label);

  const writer = new LayerWriter(dest, {
    label,
    limits,
    sameOwner: opts.sameOwner ?? process.getuid?.() === 0,
    lowerRoot: opts.lowerRoot,
    resolveExternalLink: opts.resolveExternalLink,
    warn: (msg, fields) => logger.warn(msg, fields),
  });
  const parser = new TarParser(writer, MAX_META_BYTES);
  const hash = createHash('sha256');
  let compressed = 0;
  let uncompressed = 0;
  // Headers and padding add at most a few blocks per entry on top of the contents.
  const maxStream = limits.maxBytes + (limits.maxEntries + 16) * 2048 + MAX_META_BYTES;
  const onCompressed = opts.onProgress
    ? (chunk: Buffer) => {
        compressed += chunk.length;
        opts.onProgress!(compressed);
      }
    : undefined;

  try {
    for await (const chunk of decompressedChunks(blob, opts.mediaType, onCompressed)) {
      uncompressed += chunk.length;
      // Stops a stream of garbage (or endless padding) long before the disk fills.
      if (uncompressed > maxStream) throw new LayerLimitError(`${label}: uncompressed layer larger than ${maxStream} bytes`);
      hash.update(chunk);
      parser.write(chunk);
    }
    parser.end();
  } catch (err) {
    writer.abort();
    blob.destroy();
    throw wrap(err, label);
  }
  const diffId = `sha256:${hash.digest('hex')}`;
  // The DiffID is what the image config (and so the manifest digest) vouches for; anything else is not this image.
  if (opts.expectedDiffId !== undefined && diffId !== opts.expectedDiffId) {
    throw new DigestMismatchError(`${label}: uncompressed layer has digest ${diffId}, the image config says ${opts.expectedDiffId}`);
  }
  const { externalLinks, implicitDirs } = writer.finish();
  logger.debug('layer extracted', { entries: writer.entries, bytes: uncompressed, skipped: writer.skipped.length });
  return {
    diffId,
    uncompressedSize: uncompressed,
    entries: writer.entries,
    whiteouts: writer.whiteouts,
    markers: [...new Set(writer.markers)].sort(),
    skipped: writer.skipped,
    externalLinks,
    implicitDirs,
  };
}

/** Defaults for what is not given; an `undefined` value must not switch a limit off. */
function mergeLimits(given: Partial<LayerLimits> | undefined): LayerLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(out) as (keyof LayerLimits)[]) {
    const v = given?.[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}

function prepareDest(dest: string, label: string): void {
  mkdirSync(dest, { recursive: true, mode: 0o755 });
  // Extracting over an existing tree would mix two layers (and trust symlinks we did not create).
  if (readdirSync(dest).length > 0) throw new LayerError(`${label}: extracting into ${dest}: directory is not empty`);
}

function wrap(err: unknown, label: string): Error {
  if (err instanceof LayerError) {
    // Parser errors do not know the layer; writer errors already name it.
    if (!err.message.startsWith(label)) err.message = `${label}: ${err.message}`;
    return err;
  }
  const e = err as Error;
  return new LayerError(`${label}: reading the layer: ${e.message}`, { cause: err });
}
