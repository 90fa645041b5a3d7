/**
 * DUCC's thin image, built in memory (it is a few hundred bytes): one layer
 * holding `thin.json`
 *
 *   {"version":"1.0","origin":"https://registry/repo:tag",
 *    "layers":[{"digest":"<hex>","url":"cvmfs://<repo>/.layers/<xx>/<hex>/layerfs"},…]}
 *
 * (one entry per layer of the input, bottom first, `digest` without
 * `sha256:` as DUCC writes it) and a config carrying the input's Env (plus
 * DUCC's `CVMFS_IMAGE=true`), Entrypoint, Cmd, WorkingDir, User and Labels.
 * Docker v2 schema 2 media types, as `docker push` of DUCC's import gives.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { layerfsDir } from '../repo/layout.ts';
import type { ImageConfig } from '../registry/types.ts';

export const THIN_MEDIA = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface ThinJson {
  version: '1.0';
  origin: string;
  layers: { digest: string; url: string }[];
}

/** What a thin image takes from the input image's config. */
export type InputConfig = Pick<ImageConfig, 'architecture' | 'os' | 'config'>;

export interface Blob {
  digest: string;
  bytes: Buffer;
}

export interface ThinImage {
  thinJson: ThinJson;
  layer: Blob;
  config: Blob;
  manifest: Blob;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blob = (bytes: Buffer): Blob => ({ digest: sha256(bytes), bytes });

export function thinJson(origin: string, repository: string, layerDigests: readonly string[]): ThinJson {
  return {
    version: '1.0',
    origin,
    layers: layerDigests.map((d) => ({ digest: d.replace(/^sha256:/, ''), url: `cvmfs://${repository}/${layerfsDir(d)}` })),
  };
}

/** A tar stream with one regular file (ustar header, content, padding, two zero blocks). */
export function oneFileTar(name: string, content: Buffer, mtime: Date): Buffer {
  const header = Buffer.alloc(512);
  const put = (text: string, off: number, len: number) => header.write(text, off, len, 'utf8');
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(content.length, 12), 124, 12);
  put(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  header.fill(' ', 148, 156); // the checksum counts itself as spaces
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of header) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const pad = (512 - (content.length % 512)) % 512;
  return Buffer.concat([header, content, Buffer.alloc(pad), Buffer.alloc(1024)]);
}

export function buildThinImage(opts: { origin: string; repository: string; layerDigests: readonly string[]; input: InputConfig; created?: Date }): ThinImage {
  const created = opts.created ?? new Date();
  const tj = thinJson(opts.origin, opts.repository, opts.layerDigests);
  const tar = oneFileTar('thin.json', Buffer.from(JSON.stringify(tj, null, 2)), created);
  const layer = blob(gzipSync(tar));
  const c = opts.input.config ?? {};
  const env = [...(c.Env ?? []).filter((e) => !e.startsWith('CVMFS_IMAGE=')), 'CVMFS_IMAGE=true'];
  const runConfig: Record<string, unknown> = { Env: env };
  if (c.Entrypoint?.length) runConfig.Entrypoint = c.Entrypoint;
  if (c.Cmd?.length) runConfig.Cmd = c.Cmd;
  if (c.WorkingDir) runConfig.WorkingDir = c.WorkingDir;
  if (c.User) runConfig.User = c.User;
  if (c.Labels && Object.keys(c.Labels).length) runConfig.Labels = c.Labels;
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: opts.input.architecture ?? 'amd64',
        os: opts.input.os ?? 'linux',
        created: created.toISOString(),
        config: runConfig,
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        history: [{ created: created.toISOString(), created_by: `cvmfs-unpack thin image of ${opts.origin}` }],
      }),
    ),
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: THIN_MEDIA.manifest,
        config: { mediaType: THIN_MEDIA.config, size: config.bytes.length, digest: config.digest },
        layers: [{ mediaType: THIN_MEDIA.layer, size: layer.bytes.length, digest: layer.digest }],
      }),
    ),
  );
  return { thinJson: tj, layer, config, manifest };
}
