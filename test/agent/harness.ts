/**
 * Runs a real agent process for the integration tests (test/agent/entry.ts)
 * and talks to it over loopback HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));

export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface AgentProcess {
  url: string;
  dir: string;
  proc: ChildProcess;
  logs: LogLine[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGTERM and wait. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait: a crash. */
  kill9(): Promise<number | null>;
  /** Resolves when a log line satisfies `pred`. */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export interface TestDir {
  dir: string;
  /** agent.yaml path */
  config: string;
  fakeDir: string;
  cleanup(): void;
}

/** A temp dir with agent.yaml (state and target inside it) and a secret file. */
export function makeAgentDir(config: Record<string, unknown>, files: Record<string, string> = {}): TestDir {
  const dir = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-agent-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o600 });
  const configPath = join(dir, 'agent.yaml');
  writeFileSync(configPath, stringify({ listen: '127.0.0.1:0', state: './state', target: 'dir:./out', ...config }));
  return { dir, config: configPath, fakeDir: join(dir, 'fake'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startAgent(t: TestDir, env: Record<string, string> = {}): Promise<AgentProcess> {
  const proc = spawn(process.execPath, ['--no-warnings', '--experimental-transform-types', ENTRY, t.config], {
    cwd: t.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  let buf = '';
  let stderrText = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        stderrText += `${line}\n`;
      }
      for (const l of listeners) l();
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then(() => {
    for (const l of listeners) l();
  });

  const waitForLog = (pred: (l: LogLine) => boolean, timeoutMs = 20_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(pred);
        if (hit) {
          cleanup();
          resolve(hit);
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          cleanup();
          reject(new Error(`agent exited (${proc.exitCode ?? proc.signalCode}) before the expected log line; logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}\n${stderrText}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for a log line; logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}\n${stderrText}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const listening = await waitForLog((l) => l.msg === 'listening');
  const kill = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited;
  };
  return {
    url: `http://${String(listening.address)}`,
    dir: t.dir,
    proc,
    logs,
    exited,
    waitForLog,
    stop: () => kill('SIGTERM'),
    kill9: () => kill('SIGKILL'),
  };
}

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  image: string;
  images: { ref: string; status: string; digest?: string; path?: string; error?: string }[];
  error?: string;
  timings: Record<string, unknown>;
  attempts: number;
  merged: number;
}

/** Long-polls a job until it has finished. */
export async function waitForJob(baseUrl: string, id: string, timeoutMs = 30_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/v1/jobs/${id}?wait=10`);
    if (res.status !== 200) throw new Error(`GET job ${id}: HTTP ${res.status}: ${await res.text()}`);
    const job = (await res.json()) as JobView;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
  }
}

export async function postSync(baseUrl: string, token: string | undefined, body: unknown): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/v1/sync`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
