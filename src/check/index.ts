/** `cvmfs-unpack check`: a recipe's pull-request check (see run.ts). */
export { runCheck, DEFAULT_CONCURRENCY, type CheckOptions } from './run.ts';
export { checkStatic, limitsOf, type Limits } from './static.ts';
export { renderText, summaryLine } from './text.ts';
export { renderAnnotations, renderSummary } from './github.ts';
export { codeQuality, type CodeQualityIssue } from './gitlab.ts';
export { BaseError, readBase } from './base.ts';
export type { CheckReport, Finding, InputReport, Severity } from './types.ts';

/** Exit status of a report: 1 for any error (or, with `strict`, any warning), else 0. */
export function exitStatus(report: { errors: number; warnings: number }, strict: boolean): number {
  return report.errors > 0 || (strict && report.warnings > 0) ? 1 : 0;
}
