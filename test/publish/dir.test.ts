import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTarget } from '../../src/publish/index.ts';
import { describePublisherContract } from './contract.ts';

describePublisherContract('dir', async () => {
  const base = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-dir-'));
  const spec = `dir:${join(base, 'repo')}`;
  return {
    spec,
    make: () => parseTarget(spec, { lockTimeoutMs: 30_000 }),
    env: {},
    readOnlyOutside: false,
    cleanup: async () => rmSync(base, { recursive: true, force: true }),
  };
});
