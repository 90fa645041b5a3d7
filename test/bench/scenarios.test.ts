import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { layerDirs } from '../../bench/scenarios.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('layerDirs', () => {
  test('counts .layers/<xx>/<hex> directories, not catalog markers or temporary entries', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-layerdirs-'));
    const layers = join(dir, '.layers');
    for (const hex of ['ab12', 'ab34', 'cd56']) mkdirSync(join(layers, hex.slice(0, 2), hex), { recursive: true });
    mkdirSync(join(layers, 'ab', '.tmp-ef78'));
    writeFileSync(join(layers, '.cvmfscatalog'), '');
    writeFileSync(join(layers, 'cd', '.cvmfscatalog'), '');
    expect(layerDirs(dir)).toBe(3);
  });

  test('is 0 for a target without layers', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-layerdirs-'));
    expect(layerDirs(dir)).toBe(0);
  });
});
