/**
 * Test helper run as a separate process: opens a transaction on the target
 * given in argv[2], writes into it (a replaced file, a re-pointed link, a new
 * directory, a temporary dir), prints "ready" and waits to be killed.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parseTarget, tempDirIn } from '../../src/publish/index.ts';
import { replaceSymlink, writeFileAtomic, renameIntoPlace } from '../../src/repo/index.ts';

const publisher = parseTarget(process.argv[2]!, { transactionTimeoutS: 30, lockTimeoutMs: 30_000 });
const txn = await publisher.begin();
writeFileAtomic(join(txn.root, 'data/file.txt'), 'written by the crashed process\n');
replaceSymlink(join(txn.root, 'reg/repo:tag'), '../other');
const tmp = tempDirIn(txn, join(txn.root, '.flat/ab'), 'flat');
writeFileSync(join(tmp, 'half'), 'half-built');
const tmp2 = tempDirIn(txn, join(txn.root, '.flat/ab'), 'flat');
renameIntoPlace(tmp2, join(txn.root, '.flat/ab/new-dir'));
tempDirIn(txn, join(txn.root, '.layers/cd'), 'layer');
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
