/**
 * The status page in a real browser: Debian's chromium driven by
 * playwright-core (the system binary; nothing downloaded), against a real
 * agent process with the real engine and registry. One browser per file.
 * Screenshots are kept under test-artifacts/ (gitignored).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPush, simpleImage } from '../helpers/images.ts';
import { startRegistry, type StartedRegistry } from '../helpers/registry-server.ts';
import { makeAgentDir, postSync, startAgent, waitForJob, type AgentProcess, type TestDir } from './harness.ts';
import { startStallProxy, type StallProxy } from './stall-proxy.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const SECRET = 'status-page-test-secret-0123456789abcdef';

let registry: StartedRegistry;
let proxy: StallProxy;
let t: TestDir;
let agent: AgentProcess;
let context: BrowserContext;
let profile: string;
const problems: string[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  await buildAndPush(registry, 'group/alpha:1.0', await simpleImage('alpha'));
  await buildAndPush(registry, 'group/beta:1.0', await simpleImage('beta'));
  proxy = await startStallProxy(registry.url);
  t = makeAgentDir({ auth: { secretTokenFile: 'secret' }, policy: [{ match: { secret: true }, images: ['*'] }] }, { secret: SECRET });
  agent = await startAgent(t, { DOCKER_CONFIG: t.dir, REGISTRY_AUTH_FILE: join(t.dir, 'no-auth.json') });
  profile = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await agent?.stop();
  t?.cleanup();
  await proxy?.stop();
  await registry?.stop();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${agent.url}${path}`);
  return page;
}

describe('the status page', () => {
  test('lists a synced image; a POSTed job shows progress, then success, without a reload; search filters; a failure shows its reason', async () => {
    const alpha = `${proxy.host}/group/alpha:1.0`;
    const beta = `${proxy.host}/group/beta:1.0`;
    expect((await waitForJob(agent.url, String((await postSync(agent.url, SECRET, { image: alpha })).body.id), 60_000)).status).toBe('succeeded');

    const page = await open('/');
    await expect.poll(() => page.locator('#images tbody tr').allTextContents(), { timeout: 20_000 }).toEqual([expect.stringContaining(alpha)]);
    // The page as served, without its script, already reads: a heading, the table, a search form.
    expect(await page.locator('h1').textContent()).toBe('Published images');
    await page.evaluate('window.marker = 42');

    // A job held in the middle of its pull: the page shows it running, with progress.
    proxy.hold(/\/v2\/group\/beta\/blobs\//);
    const posted = await postSync(agent.url, SECRET, { image: beta });
    await proxy.held();
    const row = page.locator(`#active-jobs tr[data-job="${String(posted.body.id)}"]`);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/running.*fetching/);
    expect(await row.locator('progress').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-running.png'), fullPage: true });
    proxy.release();

    await expect.poll(() => page.locator(`#recent-jobs tr[data-job="${String(posted.body.id)}"]`).textContent(), { timeout: 30_000 }).toContain('succeeded');
    await expect.poll(() => page.locator('#images tbody tr').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => page.locator('#active-jobs tbody tr').count(), { timeout: 20_000 }).toBe(0);
    expect(await page.evaluate('window.marker')).toBe(42);

    // Search, by keyboard: the field is reached with Tab and filters as one types.
    await page.locator('#q').focus();
    await page.keyboard.type('beta');
    expect(await page.locator('#images tbody tr:not([hidden])').allTextContents()).toEqual([expect.stringContaining(beta)]);
    expect(page.url()).toContain('q=beta');
    await page.locator('#q').fill('no-such-image');
    expect(await page.locator('#images tbody tr:not([hidden])').count()).toBe(0);
    expect(await page.locator('[data-empty-for="images"]').isVisible()).toBe(true);
    await page.locator('#q').fill('');

    // A failed job: its reason on the page.
    const missing = await postSync(agent.url, SECRET, { image: `${proxy.host}/group/missing:1.0` });
    const failed = await waitForJob(agent.url, String(missing.body.id), 60_000);
    expect(failed.status).toBe('failed');
    const failedRow = page.locator(`#failed-jobs tr[data-job="${failed.id}"]`);
    await expect.poll(() => failedRow.locator('.reason').textContent(), { timeout: 20_000 }).toBe(failed.error);
    expect(failed.error).toMatch(/missing/);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page.png'), fullPage: true });

    // The job's own page (the Action summary and GitLab log link to it).
    await failedRow.locator('a').click();
    await page.waitForURL(`**/jobs/${failed.id}`);
    expect(await page.locator('#job-status').textContent()).toBe('failed');
    expect(await page.locator('#job-error').textContent()).toBe(failed.error);

    // Readable on a phone: no sideways scrolling of the page itself.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${agent.url}/`);
    expect(await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')).toEqual([390, 390]);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('a job page started while the job runs turns to succeeded by itself', async () => {
    proxy.hold(/\/v2\/group\/alpha\/blobs\//);
    const posted = await postSync(agent.url, SECRET, { image: `${proxy.host}/group/alpha:1.0`, extraTags: ['two'] });
    await proxy.held();
    const page = await open(`/jobs/${String(posted.body.id)}`);
    expect(await page.locator('#job-status').textContent()).toBe('running');
    proxy.release();
    await expect.poll(() => page.locator('#job-status').textContent(), { timeout: 30_000 }).toBe('succeeded');
    expect(await page.locator('#job-images tbody tr').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'job-page.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
