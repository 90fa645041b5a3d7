/**
 * The Debian bookworm `debootstrap --variant=minbase` root file system as a
 * test image layer (DESIGN.md section 8's reference image), built once per
 * machine and cached in `${os.tmpdir()}/cvmfs-unpack-cache/minbase-bookworm/`:
 *
 *   rootfs/        the debootstrap'ed tree, less apt's downloaded .deb files and
 *                  the device nodes debootstrap makes in /dev (read-only use)
 *   layer.tar      `tar --numeric-owner --sort=name -C rootfs -cf layer.tar .`
 *   layer.tar.gz   `pigz -n` of it (deterministic for a given tar)
 *   complete.json  written last: digests and sizes; without it the cache is rebuilt
 *   .lock          held (O_EXCL, holder's pid inside) while building
 *
 * `writeLayoutFromFiles` writes an OCI image layout whose layers are files on
 * disk (linked or copied, never read into memory), so large layers can be
 * pushed with images.ts's `pushImage`. `minbaseImage` pushes the minbase
 * layer as a one-layer image.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import { FIXED_CREATED, MEDIA, pushImage, sha256, type ImageSpec, type PushTarget, type WrittenLayout } from './images.ts';

const execFileP = promisify(execFile);

export interface MinbaseLayer {
  /** Path of the cached gzip'ed layer tar. */
  tarGz: string;
  /** Path of the uncompressed layer tar. */
  tar: string;
  /** The debootstrap'ed directory; read-only use. */
  rootfs: string;
}

/** A layer stored as files: the compressed blob and its uncompressed digest. */
export interface FileLayer {
  /** Path of the blob as it goes into the registry (gzip'ed tar). */
  path: string;
  /** 'sha256:…' of that file. */
  digest: string;
  size: number;
  /** 'sha256:…' of the uncompressed tar. */
  diffId: string;
  mediaType?: string;
}

const Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const CacheRecord = z.object({ tarDigest: Digest, tarSize: z.number(), tarGzDigest: Digest, tarGzSize: z.number() });
type CacheRecord = z.infer<typeof CacheRecord>;

/** A `FileLayer` as recorded in a cache file. */
export const FileLayerRecord = z.object({ path: z.string(), digest: Digest, size: z.number(), diffId: Digest, mediaType: z.string().optional() });

export class MinbaseBuildError extends Error {
  override name = 'MinbaseBuildError';
}

export function cacheRoot(): string {
  return join(tmpdir(), 'cvmfs-unpack-cache');
}

const MINBASE_DIR = (): string => join(cacheRoot(), 'minbase-bookworm');
const LOCK_WAIT_MS = 20 * 60_000;

/** 'sha256:…' and size of a file, read as a stream. */
export async function fileDigest(path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `build` while holding `lockPath` (created with O_EXCL, holding our pid).
 * Waits while another live process holds it; takes over a lock whose holder died.
 */
export async function withFileLock<T>(lockPath: string, build: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isFinite(holder) && holder !== process.pid && !processAlive(holder)) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new MinbaseBuildError(`waiting for the lock ${lockPath}: still held by pid ${holder} after ${LOCK_WAIT_MS / 60_000} minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await build();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function run(cmd: string, args: string[], what: string): Promise<void> {
  try {
    await execFileP(cmd, args, { maxBuffer: 64 << 20 });
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-20).join('\n');
    throw new MinbaseBuildError(`${what}: ${cmd} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/** `pigz -n -c IN > OUT` (deterministic: no name, no timestamp). */
export async function gzipFile(input: string, output: string, level = 6): Promise<void> {
  const child = spawn('pigz', ['-n', `-${level}`, '-c', input], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  await pipeline(child.stdout, createWriteStream(output));
  const code = await exited;
  if (code !== 0) throw new MinbaseBuildError(`compressing ${input}: pigz exited with ${code}: ${stderr.trim()}`);
}

/** Unmounts anything debootstrap may have left mounted below `dir` (proc, sys, dev/pts). */
async function unmountBelow(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m], `unmounting ${m}`).catch(() => undefined);
}

async function buildMinbase(dir: string): Promise<CacheRecord> {
  const rootfs = join(dir, 'rootfs');
  await unmountBelow(rootfs);
  await rm(rootfs, { recursive: true, force: true });
  await rm(join(dir, 'layer.tar'), { force: true });
  await rm(join(dir, 'layer.tar.gz'), { force: true });
  // No mirror argument: debootstrap's default mirror.
  try {
    await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs], 'building the minbase root file system');
  } finally {
    await unmountBelow(rootfs);
  }
  // The downloaded .deb files stay in apt's cache; images ship without them.
  const archives = join(rootfs, 'var', 'cache', 'apt', 'archives');
  for (const name of await readdir(archives).catch(() => [] as string[])) {
    if (name.endsWith('.deb')) await rm(join(archives, name), { force: true });
  }
  // debootstrap makes device nodes in /dev; images built by container tools have none.
  await run('find', [rootfs, '-xdev', '(', '-type', 'b', '-o', '-type', 'c', '-o', '-type', 'p', '-o', '-type', 's', ')', '-delete'], `removing device nodes from ${rootfs}`);
  const tarTmp = join(dir, 'layer.tar.tmp');
  await run('tar', ['--numeric-owner', '--sort=name', '-C', rootfs, '-cf', tarTmp, '.'], `archiving ${rootfs}`);
  await rename(tarTmp, join(dir, 'layer.tar'));
  const gzTmp = join(dir, 'layer.tar.gz.tmp');
  await gzipFile(join(dir, 'layer.tar'), gzTmp);
  await rename(gzTmp, join(dir, 'layer.tar.gz'));
  const tar = await fileDigest(join(dir, 'layer.tar'));
  const gz = await fileDigest(join(dir, 'layer.tar.gz'));
  return { tarDigest: tar.digest, tarSize: tar.size, tarGzDigest: gz.digest, tarGzSize: gz.size };
}

async function readRecord(dir: string): Promise<CacheRecord | undefined> {
  try {
    return CacheRecord.parse(JSON.parse(await readFile(join(dir, 'complete.json'), 'utf8')));
  } catch {
    // Missing or unreadable: the cache is (re)built.
    return undefined;
  }
}

let pending: Promise<CacheRecord> | undefined;

async function ensureMinbase(): Promise<CacheRecord> {
  const dir = MINBASE_DIR();
  const done = await readRecord(dir);
  if (done) return done;
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, '.lock'), async () => {
    const built = await readRecord(dir);
    if (built) return built;
    const record = await buildMinbase(dir);
    await writeFile(join(dir, 'complete.json.tmp'), JSON.stringify(record, null, 2));
    await rename(join(dir, 'complete.json.tmp'), join(dir, 'complete.json'));
    return record;
  });
}

async function minbaseRecord(): Promise<CacheRecord> {
  pending ??= ensureMinbase().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

/** Builds (once per machine) and returns the cached minbase layer. Takes minutes the first time. */
export async function minbaseLayer(): Promise<MinbaseLayer> {
  await minbaseRecord();
  const dir = MINBASE_DIR();
  return { tarGz: join(dir, 'layer.tar.gz'), tar: join(dir, 'layer.tar'), rootfs: join(dir, 'rootfs') };
}

/** The minbase layer as a `FileLayer` (digests from the cache record, not recomputed). */
export async function minbaseFileLayer(): Promise<FileLayer> {
  const record = await minbaseRecord();
  const { tarGz } = await minbaseLayer();
  return { path: tarGz, digest: record.tarGzDigest, size: record.tarGzSize, diffId: record.tarDigest, mediaType: MEDIA.ociLayerGzip };
}

/** Links `src` to `dest` (same file system), or copies it. */
async function linkOrCopy(src: string, dest: string): Promise<void> {
  if (existsSync(dest)) return;
  try {
    await link(src, dest);
  } catch {
    await copyFile(src, dest);
  }
}

export interface FileImageSpec {
  layers: FileLayer[];
  config?: ImageSpec['config'];
  architecture?: string;
  os?: string;
  created?: string;
}

/**
 * Writes a one-platform OCI image whose layers are files into the layout
 * `dir` under `tag` (blobs linked or copied, never loaded into memory). The
 * config and manifest have the same form as images.ts's `writeOciLayout`.
 */
export async function writeLayoutFromFiles(dir: string, tag: string, spec: FileImageSpec): Promise<WrittenLayout> {
  const blobDir = join(dir, 'blobs', 'sha256');
  await mkdir(blobDir, { recursive: true });
  for (const l of spec.layers) await linkOrCopy(l.path, join(blobDir, l.digest.slice(7)));
  const putJson = async (value: unknown): Promise<{ digest: string; size: number }> => {
    const buf = Buffer.from(JSON.stringify(value));
    const digest = sha256(buf);
    await writeFile(join(blobDir, digest.slice(7)), buf);
    return { digest, size: buf.length };
  };
  const created = spec.created ?? FIXED_CREATED;
  const platform = { os: spec.os ?? 'linux', architecture: spec.architecture ?? 'amd64' };
  const config = await putJson({
    created,
    architecture: platform.architecture,
    os: platform.os,
    config: spec.config ?? {},
    rootfs: { type: 'layers', diff_ids: spec.layers.map((l) => l.diffId) },
    history: spec.layers.map(() => ({ created, created_by: 'test layer' })),
  });
  const manifest = await putJson({
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config: { mediaType: MEDIA.ociConfig, ...config },
    layers: spec.layers.map((l) => ({ mediaType: l.mediaType ?? MEDIA.ociLayerGzip, digest: l.digest, size: l.size })),
  });
  const indexPath = join(dir, 'index.json');
  const index = existsSync(indexPath) ? (JSON.parse(await readFile(indexPath, 'utf8')) as { manifests: { annotations?: Record<string, string> }[] }) : { manifests: [] };
  const manifests = index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] !== tag);
  manifests.push({ mediaType: MEDIA.ociManifest, ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } } as (typeof manifests)[number]);
  await writeFile(indexPath, JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }));
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const image = {
    manifestDigest: manifest.digest,
    manifestSize: manifest.size,
    configDigest: config.digest,
    layerDigests: spec.layers.map((l) => l.digest),
    diffIds: spec.layers.map((l) => l.diffId),
    platform,
  };
  return { ...image, topDigest: image.manifestDigest, images: [image] };
}

/** Writes `spec` to a temp layout, pushes it as `repoTag` ('repo:tag'), removes the layout. */
export async function pushFileImage(registry: PushTarget, repoTag: string, spec: FileImageSpec): Promise<WrittenLayout & { dest: string }> {
  const host = typeof registry === 'string' ? registry : registry.host;
  const creds = typeof registry === 'string' ? undefined : registry.creds;
  const dir = await mkdtemp(join(tmpdir(), 'oci-layout-'));
  try {
    const written = await writeLayoutFromFiles(dir, 'img', spec);
    const dest = `${host}/${repoTag}`;
    await pushImage(dir, 'img', dest, creds ? { creds } : {});
    return { ...written, dest };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pushes the minbase layer as a one-layer image `repoTag` (default 'minbase:1'). */
export async function minbaseImage(registry: PushTarget, repoTag = 'minbase:1', config: ImageSpec['config'] = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['bash'] }): Promise<WrittenLayout & { dest: string }> {
  return pushFileImage(registry, repoTag, { layers: [await minbaseFileLayer()], config });
}

/** Size in bytes of a file (for reports). */
export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
