/**
 * Test entry: runs an agent in its own process, as `cvmfs-unpack serve`
 * will, with JSON log lines on stderr.
 *
 *   node test/agent/entry.ts agent.yaml
 *
 * With CVMFS_UNPACK_TEST_FAKE_DIR set, the engine is a stand-in (a test
 * hook that exists only here, never in src/): each batch appends its
 * requests to `<dir>/calls.jsonl`, waits CVMFS_UNPACK_TEST_FAKE_DELAY_MS,
 * (and, while the file CVMFS_UNPACK_TEST_FAKE_GATE exists, longer), then
 * writes `<dir>/published/<image>` and reports the image published.
 * Without it, the real engine and publisher run (src/agent/serve.ts).
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatImageRef, withTag } from '../../src/reference/index.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createAgent } from '../../src/agent/agent.ts';
import { loadConfig } from '../../src/agent/config.ts';
import { untilStopped } from '../../src/agent/signals.ts';
import type { RunSync } from '../../src/agent/worker.ts';
import type { ImageResult } from '../../src/convert/types.ts';

const logger = createLogger((level, msg, fields) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
});

function fakeEngine(dir: string, delayMs: number, gate: string | undefined): RunSync {
  mkdirSync(join(dir, 'published'), { recursive: true });
  return async (requests, { signal, onEvent }) => {
    const names = requests.flatMap((r) => [r.ref, ...(r.extraTags ?? []).map((t) => withTag(r.ref, t))].map(formatImageRef));
    appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify({ pid: process.pid, names })}\n`);
    await sleep(delayMs, undefined, { signal });
    while (gate && existsSync(gate)) await sleep(20, undefined, { signal });
    return names.map((ref): ImageResult => {
      const file = join(dir, 'published', ref.replace(/[/:@]/g, '_'));
      writeFileSync(file, `${ref}\n`);
      const result: ImageResult = {
        ref,
        status: 'published',
        digest: `sha256:${createHash('sha256').update(ref).digest('hex')}`,
        path: file,
        timings: { totalMs: delayMs, bytesDownloaded: 1000, layersFetched: 1, layersReused: 0 },
      };
      onEvent({ type: 'image-done', result });
      return result;
    });
  };
}

async function main(): Promise<void> {
  const configPath = process.argv[2];
  if (!configPath) throw new Error('usage: node test/agent/entry.ts agent.yaml');
  const fakeDir = process.env.CVMFS_UNPACK_TEST_FAKE_DIR;
  if (!fakeDir) {
    const { serve } = await import('../../src/agent/serve.ts');
    await serve({ configPath, logger });
    return;
  }
  const config = await loadConfig(configPath);
  const agent = createAgent({
    config,
    logger,
    runSync: fakeEngine(fakeDir, Number(process.env.CVMFS_UNPACK_TEST_FAKE_DELAY_MS ?? '200'), process.env.CVMFS_UNPACK_TEST_FAKE_GATE),
  });
  await agent.start();
  await untilStopped(undefined, logger, () => agent.stop(), () => agent.stop({ abort: true }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    logger.error('agent failed', { error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
