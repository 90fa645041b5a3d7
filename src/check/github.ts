/**
 * `--format github`: workflow commands (`::error file=…,line=…,col=…::…`)
 * that GitHub shows on the pull request's diff, and a Markdown table for the
 * step summary (GITHUB_STEP_SUMMARY).
 */
import { describeImages, describePublished, repoPath, summaryLine } from './text.ts';
import type { CheckReport, Finding } from './types.ts';

/** Escapes of the runner's command syntax (as @actions/core does). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(file: string, f: Finding): string {
  const props = [`file=${escapeProperty(file)}`];
  if (f.line !== undefined) props.push(`line=${f.line}`);
  if (f.line !== undefined && f.column !== undefined) props.push(`col=${f.column}`);
  props.push(`title=${escapeProperty(`recipe check: ${f.check}`)}`);
  return `::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(f.message)}`;
}

/** `workspace`: GITHUB_WORKSPACE, to which the annotated path is made relative. */
export function renderAnnotations(report: CheckReport, workspace?: string): string {
  const file = repoPath(report.file, workspace);
  return report.findings.map((f) => `${annotation(file, f)}\n`).join('');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderSummary(report: CheckReport): string {
  const out = [`### Recipe check: ${report.errors === 0 ? 'passed' : 'failed'}`, '', summaryLine(report), ''];
  if (report.findings.length > 0) {
    out.push('| line | | finding |', '|---|---|---|');
    for (const f of report.findings) out.push(`| ${f.line ?? ''} | ${f.severity === 'error' ? '❌' : '⚠️'} ${f.check} | ${cell(f.message)} |`);
    out.push('');
  }
  const probed = report.inputs.filter((r) => r.probed || r.published);
  if (probed.length > 0) {
    out.push('| line | input | change | registry | target |', '|---|---|---|---|---|');
    for (const r of probed) {
      const registry = r.probed ? (r.ok ? `✅ ${describeImages(r)}` : '❌ see above') : '';
      out.push(`| ${r.line} | \`${cell(r.ref)}\` | ${r.change ?? ''} | ${cell(registry)} | ${cell(describePublished(r) ?? '')} |`);
    }
    out.push('');
  }
  if (report.removed.length > 0) {
    out.push(`Removed since ${report.against} (\`gc --prune\` unpublishes them): ${report.removed.map((r) => `\`${r.ref}\``).join(', ')}`, '');
  }
  return `${out.join('\n')}\n`;
}
