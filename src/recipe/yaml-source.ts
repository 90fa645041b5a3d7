/**
 * Where a value sits in a YAML source, and a readable account of zod's
 * complaints about it: the recipe's errors name file, line and the path of
 * the value (`recipe.yaml:7: input[3]: …`).
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';

export type Path = readonly PropertyKey[];

/** One thing wrong with a recipe, before it is turned into a message. */
export interface Problem {
  line?: number;
  /** Column of the value (1-based), where known. */
  column?: number;
  /** 'input[3].platforms[0]'; empty for the document itself. */
  path: string;
  message: string;
}

/** 'input[3].platforms[0]' for ['input', 3, 'platforms', 0]. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Offset of the start of a node, if it has a position. */
function startOf(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: unknown }).range;
    if (Array.isArray(range) && typeof range[0] === 'number') return range[0];
  }
  return undefined;
}

/**
 * The line (1-based) of the value at `path`; with `key`, of that key of the
 * mapping at `path`. Falls back to the nearest enclosing node that exists.
 */
export function lineAt(doc: Document, lineCounter: LineCounter, path: Path, key?: string): number | undefined {
  return positionAt(doc, lineCounter, path, key)?.line;
}

/** Line and column (both 1-based) of the value at `path`, as lineAt. */
export function positionAt(doc: Document, lineCounter: LineCounter, path: Path, key?: string): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  const segments: PropertyKey[] = key === undefined ? [...path] : [...path, key];
  for (const [i, seg] of segments.entries()) {
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value === seg : p.key === seg));
      if (pair === undefined) break;
      offset = startOf(pair.key) ?? offset;
      if (last && key !== undefined) break;
      node = pair.value;
      // An empty value ('input:' and nothing) is placed after the key: report the key's line.
      if (isScalar(node) && node.value === null && node.source === '') break;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      break;
    }
    offset = startOf(node) ?? offset;
  }
  if (offset === undefined) return undefined;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** A problem at `path`, with its line and column. */
export function problemAt(doc: Document, lineCounter: LineCounter, path: Path, message: string, opts: { key?: string; pathText?: string } = {}): Problem {
  const pos = positionAt(doc, lineCounter, path, opts.key);
  return { ...(pos ? { line: pos.line, column: pos.column } : {}), path: opts.pathText ?? formatPath(path), message };
}

/** The plain value at `path` of a parsed (toJS) document. */
export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const seg of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[seg];
  }
  return value;
}

/** 'a list', 'a number', 'nothing', … for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/**
 * zod's issues as problems located in the YAML source. `base` is the path of
 * the validated value inside the document (for a value validated on its own).
 */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  doc: Document,
  lineCounter: LineCounter,
  base: Path = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const value = valueAt(root, path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push(problemAt(doc, lineCounter, path, 'unknown key', { key, pathText: formatPath([...path, key]) }));
      }
      continue;
    }
    let message = issue.message;
    if (value === undefined) message = 'is required';
    else if (issue.code === 'invalid_type') message = `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}`;
    else if (issue.code === 'invalid_value') message = `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
    problems.push(problemAt(doc, lineCounter, path, message));
  }
  return problems;
}
