/**
 * The cached debootstrap minbase layer (test/helpers/minbase.ts): built on
 * the first run (minutes, from Debian's default mirror), then reused.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { fileDigest, minbaseFileLayer, minbaseLayer, type MinbaseLayer } from '../helpers/minbase.ts';

let layer: MinbaseLayer;
beforeAll(async () => {
  layer = await minbaseLayer();
}, 20 * 60_000);

describe('minbase layer', () => {
  test('the tar is a bookworm root file system of the expected size, with only files, dirs, symlinks and hardlinks', () => {
    const listing = execFileSync('tar', ['-tvf', layer.tar], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n');
    expect(listing.length).toBeGreaterThan(5_000);
    expect(listing.length).toBeLessThan(9_000);
    const types = new Set(listing.map((l) => l[0]));
    expect([...types].sort()).toEqual(['-', 'd', 'h', 'l']);
    expect(listing.some((l) => / \.\/usr\/bin\/bash$/.test(l))).toBe(true);
    expect(listing.some((l) => / \.\/var\/cache\/apt\/archives\/.*\.deb$/.test(l))).toBe(false);
    expect(readFileSync(join(layer.rootfs, 'etc', 'debian_version'), 'utf8')).toMatch(/^12\./);
  });

  test('the gzip blob decompresses to the tar, and the recorded digests match the files', async () => {
    const record = await minbaseFileLayer();
    expect(await fileDigest(layer.tar)).toEqual({ digest: record.diffId, size: expect.any(Number) });
    expect(await fileDigest(layer.tarGz)).toEqual({ digest: record.digest, size: record.size });
    const gunzipped = execFileSync('bash', ['-c', 'set -o pipefail; pigz -dc "$1" | sha256sum', 'bash', layer.tarGz], { encoding: 'utf8' });
    expect(`sha256:${gunzipped.split(' ')[0]}`).toBe(record.diffId);
  });
});
