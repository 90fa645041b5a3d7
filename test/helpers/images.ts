/**
 * Builds test images as OCI image layouts and pushes them with skopeo.
 *
 *   makeTar          entries → uncompressed tar bytes (tar-stream; fixed mtimes)
 *   writeOciLayout   an image or an index into `dir` (blobs/sha256, index.json, oci-layout)
 *   pushImage        `skopeo copy --all --preserve-digests oci:DIR:TAG docker://DEST`
 *   buildAndPush     both, in a temp dir that is removed afterwards
 *
 * Everything is deterministic (fixed mtimes, fixed `created`), so the same spec
 * gives the same digests. With `format: 'docker'` the manifests, config and
 * layers carry Docker v2 schema 2 media types (a manifest list for an index)
 * and are pushed unchanged; such a layout is written in skopeo's `dir:` form
 * under DIR/dir-transport/TAG (index.json lists only OCI-typed tags, so umoci
 * reads OCI-format layouts only).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { pack } from 'tar-stream';

const execFileP = promisify(execFile);

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerTar: 'application/vnd.docker.image.rootfs.diff.tar',
  inToto: 'application/vnd.in-toto+json',
} as const;

export const FIXED_MTIME = new Date('2024-01-01T00:00:00Z');
export const FIXED_CREATED = '2024-01-01T00:00:00Z';

export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
  mtime?: Date;
}

export interface LayerSpec {
  /** Uncompressed tar bytes. */
  tar: Buffer;
  compression?: 'gzip' | 'zstd' | 'none';
}

export interface ImageSpec {
  layers: LayerSpec[];
  config?: { Env?: string[]; Entrypoint?: string[]; Cmd?: string[]; WorkingDir?: string; User?: string; Labels?: Record<string, string> };
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  /** Media types: OCI (default) or Docker v2 schema 2. */
  format?: 'oci' | 'docker';
  /** Annotations on the manifest's entry in an index. */
  annotations?: Record<string, string>;
}

export interface IndexSpec {
  index: ImageSpec[];
  /** Add a BuildKit-style attestation manifest (platform unknown/unknown) for each image. */
  attestations?: boolean;
  format?: 'oci' | 'docker';
}

export interface WrittenImage {
  manifestDigest: string;
  manifestSize: number;
  configDigest: string;
  layerDigests: string[];
  diffIds: string[];
  platform: { os: string; architecture: string; variant?: string };
}

export interface WrittenLayout extends WrittenImage {
  /** Digest of the index / manifest list when the spec was an index. */
  indexDigest?: string;
  /** The digest the tag points at (index or manifest). */
  topDigest: string;
  /** For an index: every entry, attestations included, in order. */
  images: WrittenImage[];
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function makeTar(entries: TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = type === 'file' ? (typeof e.content === 'string' ? Buffer.from(e.content) : (e.content ?? Buffer.alloc(0))) : undefined;
    await new Promise<void>((resolve, reject) => {
      p.entry(
        {
          name: e.name,
          type,
          mode: e.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
          uid: e.uid ?? 0,
          gid: e.gid ?? 0,
          mtime: e.mtime ?? FIXED_MTIME,
          ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
          ...(content ? { size: content.length } : {}),
        },
        content ?? Buffer.alloc(0),
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }
  p.finalize();
  return done;
}

function layerMediaType(compression: LayerSpec['compression'], format: 'oci' | 'docker'): string {
  const c = compression ?? 'gzip';
  if (format === 'docker') {
    if (c === 'zstd') throw new Error('Docker v2 schema 2 has no zstd layer media type; use format oci');
    return c === 'gzip' ? MEDIA.dockerLayerGzip : MEDIA.dockerLayerTar;
  }
  return c === 'gzip' ? MEDIA.ociLayerGzip : c === 'zstd' ? MEDIA.ociLayerZstd : MEDIA.ociLayerTar;
}

function compress(tar: Buffer, compression: LayerSpec['compression']): Buffer {
  const c = compression ?? 'gzip';
  if (c === 'gzip') return gzipSync(tar);
  if (c === 'zstd') return zstdCompressSync(tar);
  return tar;
}

class BlobWriter {
  constructor(private readonly dir: string) {
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  }
  put(data: Buffer | string): { digest: string; size: number } {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    const digest = sha256(buf);
    const path = join(this.dir, 'blobs', 'sha256', digest.slice(7));
    if (!existsSync(path)) writeFileSync(path, buf);
    return { digest, size: buf.length };
  }
}

function writeImage(blobs: BlobWriter, spec: ImageSpec, format: 'oci' | 'docker'): WrittenImage & { mediaType: string } {
  const layers = spec.layers.map((l) => {
    const blob = blobs.put(compress(l.tar, l.compression));
    return { mediaType: layerMediaType(l.compression, format), ...blob, diffId: sha256(l.tar) };
  });
  const platform = {
    os: spec.os ?? 'linux',
    architecture: spec.architecture ?? 'amd64',
    ...(spec.variant ? { variant: spec.variant } : {}),
  };
  const config = {
    created: spec.created ?? FIXED_CREATED,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: spec.config ?? {},
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created: spec.created ?? FIXED_CREATED, created_by: 'test layer' })),
  };
  const configBlob = blobs.put(JSON.stringify(config));
  const mediaType = format === 'docker' ? MEDIA.dockerManifest : MEDIA.ociManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: format === 'docker' ? MEDIA.dockerConfig : MEDIA.ociConfig, ...configBlob },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  };
  const manifestBlob = blobs.put(JSON.stringify(manifest));
  return {
    mediaType,
    manifestDigest: manifestBlob.digest,
    manifestSize: manifestBlob.size,
    configDigest: configBlob.digest,
    layerDigests: layers.map((l) => l.digest),
    diffIds: layers.map((l) => l.diffId),
    platform,
  };
}

/** A BuildKit-style attestation: platform unknown/unknown, one in-toto layer, pointing at `subject`. */
function writeAttestation(blobs: BlobWriter, subject: WrittenImage): WrittenImage & { mediaType: string; annotations: Record<string, string> } {
  const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: { sha256: subject.manifestDigest.slice(7) } }] }));
  const layer = blobs.put(statement);
  const config = blobs.put(JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  const manifest = blobs.put(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: { mediaType: MEDIA.ociConfig, ...config },
      layers: [{ mediaType: MEDIA.inToto, ...layer, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }],
    }),
  );
  return {
    mediaType: MEDIA.ociManifest,
    manifestDigest: manifest.digest,
    manifestSize: manifest.size,
    configDigest: config.digest,
    layerDigests: [layer.digest],
    diffIds: [layer.digest],
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': subject.manifestDigest },
  };
}

/**
 * skopeo's `oci:` transport only lists OCI media types in index.json, so a
 * Docker-typed image is also written in skopeo's `dir:` layout
 * (`DIR/dir-transport/TAG/`: manifest.json, <hex>.manifest.json per instance,
 * blobs by hex) and pushed from there, unchanged.
 */
function dirTransportPath(dir: string, tag: string): string {
  return join(dir, 'dir-transport', tag.replace(/[^A-Za-z0-9_.-]/g, '_'));
}

function writeDirTransport(dir: string, tag: string, topDigest: string, instances: string[]): void {
  const out = dirTransportPath(dir, tag);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const blob = (d: string) => join(dir, 'blobs', 'sha256', d.slice(7));
  writeFileSync(join(out, 'version'), 'Directory Transport Version: 1.1\n');
  copyFileSync(blob(topDigest), join(out, 'manifest.json'));
  const seen = new Set<string>();
  for (const m of instances) {
    if (m !== topDigest) copyFileSync(blob(m), join(out, `${m.slice(7)}.manifest.json`));
    const manifest = JSON.parse(readFileSync(blob(m), 'utf8')) as { config: { digest: string }; layers: { digest: string }[] };
    for (const d of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
      if (seen.has(d)) continue;
      seen.add(d);
      copyFileSync(blob(d), join(out, d.slice(7)));
    }
  }
}

function tagIndex(dir: string, tag: string, entry: { mediaType: string; digest: string; size: number }): void {
  const path = join(dir, 'index.json');
  const index = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion: 2; manifests: { annotations?: Record<string, string> }[] })
    : { schemaVersion: 2 as const, manifests: [] };
  index.manifests = index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] !== tag);
  index.manifests.push({ ...entry, annotations: { 'org.opencontainers.image.ref.name': tag } });
  writeFileSync(path, JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: index.manifests }));
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
}

/** Writes an image (or an index of images) into the OCI layout `dir` under `tag`. */
export async function writeOciLayout(dir: string, tag: string, spec: ImageSpec | IndexSpec): Promise<WrittenLayout> {
  const blobs = new BlobWriter(dir);
  if (!('index' in spec)) {
    const img = writeImage(blobs, spec, spec.format ?? 'oci');
    if (spec.format === 'docker') writeDirTransport(dir, tag, img.manifestDigest, [img.manifestDigest]);
    else tagIndex(dir, tag, { mediaType: img.mediaType, digest: img.manifestDigest, size: img.manifestSize });
    const { mediaType: _m, ...rest } = img;
    return { ...rest, topDigest: img.manifestDigest, images: [rest] };
  }
  const format = spec.format ?? spec.index[0]?.format ?? 'oci';
  if (spec.index.length === 0) throw new Error('an index needs at least one image');
  const entries: { mediaType: string; digest: string; size: number; platform: WrittenImage['platform']; annotations?: Record<string, string> }[] = [];
  const images: WrittenImage[] = [];
  const written = spec.index.map((s) => ({ spec: s, img: writeImage(blobs, s, format) }));
  for (const { spec: s, img } of written) {
    entries.push({ mediaType: img.mediaType, digest: img.manifestDigest, size: img.manifestSize, platform: img.platform, ...(s.annotations ? { annotations: s.annotations } : {}) });
    const { mediaType: _m, ...rest } = img;
    images.push(rest);
  }
  if (spec.attestations) {
    for (const { img } of written) {
      const att = writeAttestation(blobs, img);
      entries.push({ mediaType: att.mediaType, digest: att.manifestDigest, size: att.manifestSize, platform: att.platform, annotations: att.annotations });
      const { mediaType: _m, annotations: _a, ...rest } = att;
      images.push(rest);
    }
  }
  const indexMediaType = format === 'docker' ? MEDIA.dockerList : MEDIA.ociIndex;
  const indexBlob = blobs.put(JSON.stringify({ schemaVersion: 2, mediaType: indexMediaType, manifests: entries }));
  if (format === 'docker') writeDirTransport(dir, tag, indexBlob.digest, images.map((i) => i.manifestDigest));
  else tagIndex(dir, tag, { mediaType: indexMediaType, ...indexBlob });
  const first = images[0]!;
  return { ...first, indexDigest: indexBlob.digest, topDigest: indexBlob.digest, images };
}

/**
 * Pushes `oci:layoutDir:tag` to `docker://dest` ('127.0.0.1:PORT/repo:tag') with
 * digests preserved. `format: 'docker'` converts an OCI-typed layout to Docker
 * v2 schema 2 on the way (digests then change; prefer writing the layout with
 * `format: 'docker'`).
 */
export async function pushImage(layoutDir: string, tag: string, dest: string, opts: { creds?: string; format?: 'oci' | 'docker' } = {}): Promise<void> {
  const args = ['copy', '--quiet', '--insecure-policy', '--all', '--dest-tls-verify=false'];
  if (opts.format === 'docker') args.push('--format', 'v2s2');
  else args.push('--preserve-digests');
  if (opts.creds) args.push('--dest-creds', opts.creds);
  else args.push('--dest-no-creds');
  const dirSource = dirTransportPath(layoutDir, tag);
  args.push(existsSync(dirSource) ? `dir:${dirSource}` : `oci:${layoutDir}:${tag}`, `docker://${dest}`);
  try {
    await execFileP('skopeo', args, { env: { ...process.env, REGISTRY_AUTH_FILE: join(layoutDir, 'no-auth.json') } });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`pushing ${tag} to ${dest} with skopeo: ${stderr.trim() || String(err)}`, { cause: err });
  }
}

/** A registry as started by ./registry-server.ts, or just its host. */
export type PushTarget = string | { host: string; creds?: string };

/** Writes `spec` to a temp layout, pushes it to `registry` as `repoTag` ('repo:tag'), removes the layout. */
export async function buildAndPush(registry: PushTarget, repoTag: string, spec: ImageSpec | IndexSpec): Promise<WrittenLayout & { dest: string }> {
  const host = typeof registry === 'string' ? registry : registry.host;
  const creds = typeof registry === 'string' ? undefined : registry.creds;
  const dir = mkdtempSync(join(tmpdir(), 'oci-layout-'));
  try {
    const written = await writeOciLayout(dir, 'img', spec);
    const dest = `${host}/${repoTag}`;
    await pushImage(dir, 'img', dest, creds ? { creds } : {});
    return { ...written, dest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small one-layer image: a few files, a directory and a symlink. */
export async function simpleImage(text = 'hello', opts: Partial<ImageSpec> & { compression?: LayerSpec['compression'] } = {}): Promise<ImageSpec> {
  const tar = await makeTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/hello.txt', content: `${text}\n` },
    { name: 'bin/', type: 'directory' },
    { name: 'bin/greet', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    { name: 'hello', type: 'symlink', linkname: 'etc/hello.txt' },
  ]);
  const { compression, ...rest } = opts;
  return { layers: [{ tar, compression: compression ?? 'gzip' }], config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'] }, ...rest };
}
