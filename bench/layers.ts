/**
 * The bench's reference layers, built once and cached as gzip'ed tars in
 * `${os.tmpdir()}/cvmfs-unpack-cache/bench/` (a `<name>.json` record is
 * written last; a layer without it is rebuilt):
 *
 *   minbase        Debian bookworm debootstrap minbase (test/helpers/minbase.ts)
 *   docs-v1/-v2    a top layer of a few MB: documentation directories copied
 *                  from this machine's /usr/share/doc, plus a release marker
 *                  that differs between v1 and v2 (the "update" scenario)
 *   big-small      ~20,000 small, compressible files (~160 MB)
 *   big-large      4 × 200 MiB of incompressible (AES-CTR) data
 *   shared-00..19  one small layer per image of the 20-images scenario
 */
import { createCipheriv } from 'node:crypto';
import { createWriteStream, existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTar } from '../test/helpers/images.ts';
import { cacheRoot, fileDigest, FileLayerRecord, gzipFile, minbaseFileLayer, withFileLock, type FileLayer } from '../test/helpers/minbase.ts';

const execFileP = promisify(execFile);

export const SHARED_IMAGES = 20;
const DOCS_BYTES = 8 << 20;
const BIG_SMALL_FILES = 20_000;
const BIG_LARGE_FILES = 4;
const BIG_LARGE_BYTES = 200 << 20;
/** Staging trees are written to tmpfs when there is one. */
const STAGE_PARENT = existsSync('/dev/shm') ? '/dev/shm' : cacheRoot();

export interface BenchLayers {
  minbase: FileLayer;
  docs1: FileLayer;
  docs2: FileLayer;
  bigSmall: FileLayer;
  bigLarge: FileLayer;
  shared: FileLayer[];
}

export type Say = (msg: string) => void;

function benchCache(): string {
  return join(cacheRoot(), 'bench');
}

/** Returns the cached layer `name`, building it with `build(tarPath)` (which writes an uncompressed tar) when missing. */
async function cachedLayer(name: string, build: (tarPath: string) => Promise<void>, say: Say): Promise<FileLayer> {
  const dir = benchCache();
  const record = join(dir, `${name}.json`);
  const read = (): FileLayer | undefined => {
    try {
      return FileLayerRecord.parse(JSON.parse(readFileSync(record, 'utf8')));
    } catch {
      return undefined; // missing or unreadable: built again
    }
  };
  const done = read();
  if (done && existsSync(done.path)) return done;
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, `${name}.lock`), async () => {
    const again = read();
    if (again && existsSync(again.path)) return again;
    say(`building layer ${name} (cached for later runs)`);
    const tar = join(dir, `${name}.tar`);
    const gz = join(dir, `${name}.tar.gz`);
    await build(tar);
    await gzipFile(tar, gz);
    const diff = await fileDigest(tar);
    const blob = await fileDigest(gz);
    await rm(tar, { force: true });
    const layer: FileLayer = { path: gz, digest: blob.digest, size: blob.size, diffId: diff.digest };
    await writeFile(`${record}.tmp`, JSON.stringify(layer, null, 2));
    await rename(`${record}.tmp`, record);
    return layer;
  });
}

/** `tar` of a staged tree with normalised mtimes, names sorted, numeric owners. */
async function tarTree(stage: string, tarPath: string): Promise<void> {
  await execFileP('tar', ['--numeric-owner', '--sort=name', '--mtime=2024-01-01 00:00:00Z', '-C', stage, '-cf', tarPath, '.'], { maxBuffer: 16 << 20 });
}

async function withStage(name: string, fill: (stage: string) => Promise<void>, tarPath: string): Promise<void> {
  const stage = await mkdtemp(join(STAGE_PARENT, `cvmfs-unpack-bench-${name}-`));
  try {
    await fill(stage);
    await tarTree(stage, tarPath);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

function treeBytes(path: string): number {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + treeBytes(join(path, name)), 0);
}

/** The first documentation directories of this machine (sorted) adding up to about DOCS_BYTES. */
function docDirs(): string[] {
  const root = '/usr/share/doc';
  const picked: string[] = [];
  let total = 0;
  for (const name of readdirSync(root).sort()) {
    if (total >= DOCS_BYTES) break;
    picked.push(name);
    total += treeBytes(join(root, name));
  }
  return picked;
}

async function docsLayer(version: number, tarPath: string): Promise<void> {
  await withStage(`docs${version}`, async (stage) => {
    const docs = join(stage, 'usr', 'share', 'doc');
    await mkdir(docs, { recursive: true });
    await mkdir(join(stage, 'etc'));
    const dirs = docDirs();
    if (dirs.length) await execFileP('cp', ['-a', ...dirs.map((d) => join('/usr/share/doc', d)), docs]);
    await writeFile(join(stage, 'etc', 'bench-release'), `release ${version}\n`);
  }, tarPath);
}

/** A deterministic pseudo-random generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'lorem ipsum dolor sit amet layer image registry manifest digest config tar gzip flat cvmfs unpack publish catalog'.split(' ');

async function bigSmallLayer(tarPath: string): Promise<void> {
  await withStage('big-small', async (stage) => {
    const rand = prng(42);
    for (let d = 0; d < 200; d++) {
      const dir = join(stage, 'data', `d${String(d).padStart(3, '0')}`);
      await mkdir(dir, { recursive: true });
      const perDir = BIG_SMALL_FILES / 200;
      for (let f = 0; f < perDir; f++) {
        const size = 512 + Math.floor(rand() * 15_872);
        const words: string[] = [];
        let len = 0;
        while (len < size) {
          const w = WORDS[Math.floor(rand() * WORDS.length)]!;
          words.push(w);
          len += w.length + 1;
        }
        await writeFile(join(dir, `f${String(f).padStart(5, '0')}.txt`), words.join(' ').slice(0, size));
      }
    }
  }, tarPath);
}

async function bigLargeLayer(tarPath: string): Promise<void> {
  await withStage('big-large', async (stage) => {
    await mkdir(join(stage, 'blobs'));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < BIG_LARGE_FILES; i++) {
      const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, i + 1), Buffer.alloc(16, 0));
      const out = createWriteStream(join(stage, 'blobs', `big-${i}.bin`));
      for (let written = 0; written < BIG_LARGE_BYTES; written += zeros.length) {
        if (!out.write(cipher.update(zeros))) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
  }, tarPath);
}

async function sharedLayer(i: number, tarPath: string): Promise<void> {
  const name = `app-${String(i).padStart(2, '0')}`;
  const entries = [
    { name: 'etc/', type: 'directory' as const },
    { name: 'etc/bench-image', content: `${name}\n` },
    { name: 'opt/', type: 'directory' as const },
    { name: `opt/${name}/`, type: 'directory' as const },
    ...Array.from({ length: 10 }, (_, f) => ({ name: `opt/${name}/file-${f}.txt`, content: `${name} file ${f}\n`.repeat(100) })),
  ];
  await writeFile(tarPath, await makeTar(entries));
}

/** Builds (first run only) and returns every reference layer. */
export async function prepareLayers(say: Say): Promise<BenchLayers> {
  say('preparing the minbase layer (debootstrap on the first run: minutes)');
  const minbase = await minbaseFileLayer();
  const docs1 = await cachedLayer('docs-v1', (t) => docsLayer(1, t), say);
  const docs2 = await cachedLayer('docs-v2', (t) => docsLayer(2, t), say);
  const bigSmall = await cachedLayer('big-small', bigSmallLayer, say);
  const bigLarge = await cachedLayer('big-large', bigLargeLayer, say);
  const shared: FileLayer[] = [];
  for (let i = 0; i < SHARED_IMAGES; i++) shared.push(await cachedLayer(`shared-${String(i).padStart(2, '0')}`, (t) => sharedLayer(i, t), say));
  return { minbase, docs1, docs2, bigSmall, bigLarge, shared };
}
