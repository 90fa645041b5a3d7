/**
 * What the step reports: one row per published (or failed) image, turned into
 * the outputs `paths`, `digest`, `job-id` and a job summary table.
 */
import * as core from '@actions/core';
import { formatDuration } from '../client/index.ts';

export interface Row {
  image: string;
  status: 'published' | 'unchanged' | 'queued' | 'failed' | 'removed' | 'absent';
  digest?: string;
  path?: string;
  ms: number;
  error?: string;
  jobId?: string;
}

export interface Outcome {
  rows: Row[];
  /** Remote mode: one agent job per repository. */
  jobIds: string[];
  /** Set when any image was not published: the step fails with it. */
  failure?: string;
  /** Remote mode: the jobs' pages on the agent's status page. */
  pages?: string[];
}

export function setOutputs(outcome: Outcome): void {
  const ok = outcome.rows.filter((r) => r.status !== 'failed' && r.status !== 'removed' && r.status !== 'absent');
  core.setOutput('paths', unique(ok.flatMap((r) => (r.path ? [r.path] : []))).join('\n'));
  core.setOutput('digest', ok.find((r) => r.digest)?.digest ?? '');
  core.setOutput('job-id', outcome.jobIds.join('\n'));
}

const STATUS_LABEL: Record<Row['status'], string> = {
  published: '✅ published',
  unchanged: '✅ unchanged',
  queued: '⏳ queued',
  failed: '❌ failed',
  removed: '🗑️ removed',
  absent: '➖ was not published',
};

export async function writeSummary(outcome: Outcome, mode: string): Promise<void> {
  const table = [
    [
      { data: 'Image', header: true },
      { data: 'Status', header: true },
      { data: 'Digest', header: true },
      { data: 'Path', header: true },
      { data: 'Time taken', header: true },
    ],
    ...outcome.rows.map((r) => [
      code(r.image),
      STATUS_LABEL[r.status],
      r.digest ? code(r.digest) : EMPTY,
      r.path ? code(r.path) : EMPTY,
      r.status === 'queued' ? EMPTY : formatDuration(r.ms),
    ]),
  ];
  const removal = outcome.rows.some((r) => r.status === 'removed' || r.status === 'absent');
  const summary = core.summary.addHeading(removal ? 'Removed from CernVM-FS' : 'Published to CernVM-FS', 3).addTable(table).addRaw(`<p>Mode: ${escapeHtml(mode)}</p>`, true);
  for (const page of outcome.pages ?? []) summary.addRaw(`<p>Job page: <a href="${escapeHtml(page)}">${escapeHtml(page)}</a></p>`, true);
  const failed = outcome.rows.filter((r) => r.error);
  if (failed.length > 0) summary.addList(failed.map((r) => `${code(r.image)}: ${escapeHtml(r.error!)}`));
  await summary.write();
}

/** An empty string would make core.summary write an unclosed cell. */
const EMPTY = '–';

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
