/**
 * Loading agent.yaml: YAML → environment overrides (`CVMFS_UNPACK_<KEY>`) →
 * zod validation. Errors name the file and line (or the variable) and say
 * what is wrong. Relative paths in the file are relative to the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, ENV_KEYS, ENV_PREFIX, type AgentConfig, type EnvKey } from './config-schema.ts';

export { parseDuration, ENV_KEYS, ENV_PREFIX } from './config-schema.ts';
export type { AgentConfig, OidcIssuerConfig, PolicyRule, WebhookConfig } from './config-schema.ts';

/** agent.yaml or an environment variable holds something the agent cannot use. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Plain = Record<string, unknown>;

/** Reads, overlays the environment, validates. `file` may be undefined: then only the environment and defaults count. */
export async function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  let text = '';
  if (file !== undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`reading the agent configuration ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return parseConfig(text, { file: file ?? '(no file)', env, baseDir: file !== undefined ? dirname(resolve(file)) : process.cwd() });
}

export interface ParseConfigOptions {
  file: string;
  env?: NodeJS.ProcessEnv;
  /** Relative paths are resolved against this directory. */
  baseDir?: string;
}

export function parseConfig(text: string, opts: ParseConfigOptions): AgentConfig {
  const { file } = opts;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0];
    throw new ConfigError(`${file}${pos ? `:${pos.line}` : ''}: not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${file}: the agent configuration must be a mapping of keys (listen, target, state, auth, policy, …)`);
  }
  const where = (path: PropertyKey[]) => `${file}${lineOf(doc, lines, path)}`;
  const data = raw as Plain;
  const fromEnv = new Map<string, EnvKey>();
  for (const key of ENV_KEYS) {
    if (key.envOnly && getIn(data, key.path) !== undefined) {
      throw new ConfigError(
        `${where(key.path)}: ${key.path.join('.')} is a secret: put it in a file (${key.path.slice(0, -1).concat('secretTokenFile').join('.')}) or the environment variable ${ENV_PREFIX}${key.env}, not in the configuration`,
      );
    }
    const value = opts.env?.[ENV_PREFIX + key.env];
    if (value === undefined || value === '') continue;
    setIn(data, key.path, envValue(key, value));
    fromEnv.set(key.path.join('.'), key);
  }

  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // An unknown key is pointed at itself, not at the mapping that holds it.
    const at = issue.code === 'unrecognized_keys' ? { ...issue, path: [...issue.path, issue.keys[0]!] } : issue;
    throw new ConfigError(`${describeOrigin(at, fromEnv, where)}: ${issueMessage(issue)}`, { cause: parsed.error });
  }
  return resolvePaths(parsed.data, opts.baseDir ?? process.cwd());
}

/** The environment's text as the value the schema expects. */
function envValue(key: EnvKey, text: string): unknown {
  const name = ENV_PREFIX + key.env;
  switch (key.kind) {
    case 'string':
    case 'duration':
      return text;
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new ConfigError(`environment variable ${name}: "${text}" is not a number`);
      return n;
    }
    case 'list':
      // 'a:5000,b:5000' or 'a:5000 b:5000' (as the CLI reads it), or a JSON list.
      if (!text.trim().startsWith('[')) return text.split(/[\s,]+/).filter(Boolean);
      return parseJsonEnv(name, text);
    case 'json':
      return parseJsonEnv(name, text);
  }
}

function parseJsonEnv(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`environment variable ${name}: not valid JSON: ${(err as Error).message}`);
  }
}

function describeOrigin(issue: z.core.$ZodIssue, fromEnv: Map<string, EnvKey>, where: (path: PropertyKey[]) => string): string {
  const path = issue.path.map(String);
  for (let n = path.length; n > 0; n--) {
    const key = fromEnv.get(path.slice(0, n).join('.'));
    if (key) return `environment variable ${ENV_PREFIX}${key.env}${n < path.length ? ` (at ${path.slice(n).join('.')})` : ''}`;
  }
  return where(issue.path);
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const at = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') return `${at}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${at}${issue.message}`;
}

/** ':LINE' of the deepest node of `path` present in the document ('' when none). */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return `:${lines.linePos(node.range[0]).line}`;
    // A key that is present but whose value is empty: point at the key.
    const parent: unknown = n > 1 ? doc.getIn(path.slice(0, n - 1) as unknown[], true) : doc.contents;
    if (n > 0 && isMap(parent)) {
      const pair = parent.items.find((p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === String(path[n - 1]));
      if (pair && isNode(pair.key) && pair.key.range) return `:${lines.linePos(pair.key.range[0]).line}`;
    }
  }
  return '';
}

function getIn(data: Plain, path: string[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Plain)[p];
  }
  return cur;
}

function setIn(data: Plain, path: string[], value: unknown): void {
  let cur = data;
  for (const p of path.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Plain;
  }
  cur[path[path.length - 1]!] = value;
}

function resolvePaths(config: AgentConfig, baseDir: string): AgentConfig {
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(baseDir, p));
  const hook = (w: AgentConfig['webhooks']['distribution']) => (w ? { ...w, secretTokenFile: abs(w.secretTokenFile) } : undefined);
  return {
    ...config,
    state: resolve(baseDir, config.state),
    recipe: abs(config.recipe),
    target: config.target.startsWith('dir:') ? `dir:${resolve(baseDir, config.target.slice(4))}` : config.target,
    auth: { ...config.auth, secretTokenFile: abs(config.auth.secretTokenFile) },
    webhooks: { distribution: hook(config.webhooks.distribution), harbor: hook(config.webhooks.harbor) },
  };
}

/**
 * Reads a secret: the value from the environment, else the first line of
 * the file. Warns (through `warn`) when the file is readable by others.
 */
export async function readSecret(
  what: string,
  inline: string | undefined,
  file: string | undefined,
  warn: (msg: string) => void,
): Promise<string | undefined> {
  if (inline !== undefined) return inline;
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
    const mode = (await stat(file)).mode;
    if ((mode & 0o077) !== 0) warn(`${what} file ${file} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  } catch (err) {
    throw new ConfigError(`reading the ${what} from ${file}: ${(err as Error).message}`, { cause: err });
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (secret.length === 0) throw new ConfigError(`reading the ${what} from ${file}: the file is empty`);
  if (secret.length < 16) warn(`${what} in ${file} is shorter than 16 characters; use a long random token`);
  return secret;
}
