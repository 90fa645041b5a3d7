import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
const [host, digest, mode, everyMB] = process.argv.slice(2);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const h1 = createHash('sha256');
const t = performance.now();
const body = await new Promise((r) => http.get(`http://${host}/v2/big/blobs/${digest}`, r));
let since = 0;
const every = (+everyMB || 16) << 20;
for await (const c of body) { h1.update(c); since += c.length; if (mode !== 'none' && since >= every) { since = 0; gc(mode === 'major' ? undefined : { type: 'minor' }); } }
console.log(mode, everyMB, readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s*(\d+)/)[1], 'KB', Math.round(performance.now() - t), 'ms');
