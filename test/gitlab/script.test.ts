// The job script of the templates run directly by the shells of common CI
// images: dash (Debian/Ubuntu) and busybox sh with busybox's awk, sed, tr,
// head, date and mktemp (Alpine-style images), against a real agent.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startLiveAgent, type LiveAgent } from '../action/live-agent.ts';

const root = join(import.meta.dirname, '..', '..');
const job = (parse(readFileSync(join(root, 'templates', 'notify-ducc.yml'), 'utf8')) as Record<string, { script: string[] }>)['.notify_ducc']!;
const script = job.script.join('\n');

/** A PATH where the text tools are busybox applets and only curl comes from the system. */
const busyboxBin = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-busybox-'));
for (const tool of ['awk', 'sed', 'tr', 'head', 'date', 'mktemp', 'cat', 'rm', 'sleep', 'printf']) symlinkSync('/usr/bin/busybox', join(busyboxBin, tool));
symlinkSync('/usr/bin/curl', join(busyboxBin, 'curl'));

let agent: LiveAgent;
let image: string;
beforeAll(async () => {
  agent = await startLiveAgent();
  await buildAndPush(agent.registry.host, 'group/tool:2.0', await simpleImage('any shell'));
  image = agent.registry.ref('group/tool:2.0');
});
afterAll(async () => {
  await agent?.stop();
  rmSync(busyboxBin, { recursive: true, force: true });
});

function run(shell: string[], path: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(shell[0]!, [...shell.slice(1), '-c', script], { env: { PATH: path, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: stdout + stderr });
    });
  });
}

describe.each([
  ['dash', ['/usr/bin/dash'], () => '/usr/bin:/bin'],
  ['busybox sh with busybox tools', ['/usr/bin/busybox', 'sh'], () => busyboxBin],
])('the job script under %s', (_name, shell, path) => {
  test('publishes, and prints the CVMFS paths', async () => {
    const token = await agent.issuer.gitlab('group/tool');
    const r = await run(shell, path(), { IMAGE: image, EXTRA_TAGS: 'latest', AUTHENTICATION_SERVER: agent.url, CVMFS_UNPACK_ID_TOKEN: token });
    expect(r.output).toContain('published on CVMFS');
    expect(r.code).toBe(0);
    const link = join(agent.targetDir, agent.registry.host, 'group', 'tool:latest');
    expect(r.output).toContain(`${agent.registry.host}/group/tool:latest -> ${link} (sha256:`);
    expect(readFileSync(join(link, 'etc', 'hello.txt'), 'utf8')).toBe('any shell\n');
  });

  test('fails with the agent reason when the policy refuses', async () => {
    const token = await agent.issuer.gitlab('group/tool', { ref_protected: 'false' });
    const r = await run(shell, path(), { IMAGE: image, AUTHENTICATION_SERVER: agent.url, CVMFS_UNPACK_ID_TOKEN: token });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/\(403\): .*may not publish/);
  });

  test('fails when the job times out, naming the job', async () => {
    const token = await agent.issuer.gitlab('group/tool');
    // A timeout of 0 s: the job is accepted, and the deadline has passed before the first poll.
    const r = await run(shell, path(), { IMAGE: agent.registry.ref('group/tool:slow'), AUTHENTICATION_SERVER: agent.url, CVMFS_UNPACK_ID_TOKEN: token, CVMFS_UNPACK_TIMEOUT: '0' });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/job [0-9a-f-]{36} still queued after 0s; it goes on on the agent/);
  });
});
