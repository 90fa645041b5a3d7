/** The readable report of `cvmfs-unpack check`: one line per finding and per input probed, in file order. */
import { formatBytes } from '../common/size.ts';
import type { CheckReport, Finding, InputReport } from './types.ts';

/**
 * The recipe's path as CI shows it: relative to the checkout (`workspace`,
 * e.g. GITHUB_WORKSPACE or CI_PROJECT_DIR) and without a leading './', so
 * that annotations and code-quality issues land on the file in the diff.
 */
export function repoPath(file: string, workspace?: string): string {
  let path = file;
  if (workspace && path.startsWith(`${workspace.replace(/\/+$/, '')}/`)) path = path.slice(workspace.replace(/\/+$/, '').length + 1);
  return path.replace(/^(\.\/)+/, '');
}

export function where(file: string, f: { line?: number; column?: number }): string {
  return `${file}${f.line !== undefined ? `:${f.line}` : ''}${f.line !== undefined && f.column !== undefined ? `:${f.column}` : ''}`;
}

/** 'linux/amd64 3 layers 12.0 MiB, linux/arm64 …' */
export function describeImages(r: InputReport): string {
  const parts: string[] = [];
  if (r.tags) parts.push(`${r.tags.matched} of ${r.tags.total} tags match (newest: ${r.tags.newest.join(', ')})`);
  for (const i of r.images ?? []) parts.push(`${i.platform} ${i.layers} layer${i.layers === 1 ? '' : 's'} ${formatBytes(i.compressedSize)} compressed`);
  return parts.join('; ');
}

const STATE_TEXT: Record<string, string> = {
  'up-to-date': 'published, up to date',
  'would-update': 'published; a sync would re-point it to the new digest',
  'would-add': 'not published yet; a sync would add it',
  published: 'published',
  'not-published': 'not published',
};

export function describePublished(r: InputReport): string | undefined {
  const p = r.published;
  if (!p) return undefined;
  if (p.tags) return `${p.tags.published} matching tag(s) published${p.tags.matched !== undefined ? ` of ${p.tags.matched}` : ''}`;
  return STATE_TEXT[p.state];
}

function findingLine(file: string, f: Finding): string {
  return `${where(file, f)}: ${f.severity}: ${f.message} [${f.check}]`;
}

export function renderText(report: CheckReport): string {
  const lines: { line: number; order: number; text: string }[] = [];
  report.findings.forEach((f, i) => lines.push({ line: f.line ?? 0, order: i, text: findingLine(report.file, f) }));
  for (const r of report.inputs) {
    const published = describePublished(r);
    if (r.probed && r.ok) {
      lines.push({ line: r.line, order: -1, text: `${report.file}:${r.line}: ok: ${r.ref}: ${describeImages(r)}${published ? ` (${published})` : ''}` });
    } else if (published && !r.probed) {
      lines.push({ line: r.line, order: -1, text: `${report.file}:${r.line}: ${r.ref}: ${published}` });
    }
  }
  lines.sort((a, b) => a.line - b.line || a.order - b.order);
  const out = lines.map((l) => l.text);
  if (report.removed.length > 0) {
    out.push(`removed since ${report.against} (gc --prune unpublishes them):`);
    for (const r of report.removed) out.push(`  ${r.ref}`);
  }
  if (report.prune && report.prune.length > 0) {
    out.push(`published in ${report.target} but in no input (gc --prune would unpublish them):`);
    for (const name of report.prune) out.push(`  ${name}`);
  }
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}

export function summaryLine(report: CheckReport): string {
  const n = report.inputs.length;
  const probed = report.inputs.filter((r) => r.probed).length;
  const unchanged = report.inputs.filter((r) => r.change === 'unchanged').length;
  const parts = [`${n} input${n === 1 ? '' : 's'}`];
  if (report.offline) parts.push('checked offline');
  else parts.push(`${probed} probed online${report.against ? ` (${unchanged} unchanged since ${report.against})` : ''}`);
  if (report.against) parts.push(`${report.removed.length} removed`);
  parts.push(`${report.errors} error${report.errors === 1 ? '' : 's'}`, `${report.warnings} warning${report.warnings === 1 ? '' : 's'}`);
  return `${report.file}: ${parts.join(', ')}`;
}
