/**
 * `--format gitlab`: a GitLab code-quality report (the subset of Code
 * Climate's format GitLab reads: description, check_name, fingerprint,
 * severity, location.path, location.lines.begin), shown on the merge request.
 */
import { createHash } from 'node:crypto';
import { repoPath } from './text.ts';
import type { CheckReport } from './types.ts';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** `workspace`: CI_PROJECT_DIR, to which location.path is made relative. */
export function codeQuality(report: CheckReport, workspace?: string): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  const path = repoPath(report.file, workspace);
  return report.findings.map((f) => {
    // Stable across runs (no line number: a line moved by an edit above stays the same issue).
    const base = `${path}\0${f.check}\0${f.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      description: f.message,
      check_name: f.check,
      fingerprint: createHash('sha256').update(`${base}\0${n}`).digest('hex'),
      severity: f.severity === 'error' ? 'major' : 'minor',
      location: { path, lines: { begin: f.line ?? 1 } },
    };
  });
}
