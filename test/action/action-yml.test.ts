// action.yml is the action's interface: it must declare exactly the inputs
// the code reads and the outputs it sets, each described.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_AUDIENCE, DEFAULT_TIMEOUT, INPUT_NAMES } from '../../src/action/inputs.ts';
import { CHECK_INPUT_NAMES, DEFAULT_CHECK_FORMAT, DEFAULT_RECIPE } from '../../src/action/check.ts';

interface ActionYml {
  runs: { using: string; main: string };
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
}
const action = parse(readFileSync(join(import.meta.dirname, '..', '..', 'action.yml'), 'utf8')) as ActionYml;

test('runs the bundle on node24, with branding', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  expect(action.branding?.icon).toBeTruthy();
});

test('declares exactly the inputs the code reads, each described', () => {
  expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES, ...CHECK_INPUT_NAMES].sort());
  for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
  expect(action.inputs.image!.required).toBe(true);
});

test.each([
  ['audience', DEFAULT_AUDIENCE],
  ['timeout', DEFAULT_TIMEOUT],
  ['wait', 'true'],
  ['server', ''],
  ['mode', ''],
  ['recipe', DEFAULT_RECIPE],
  ['format', DEFAULT_CHECK_FORMAT],
  ['strict', 'false'],
])('the default of %s matches the code', (name, value) => {
  expect(action.inputs[name]!.default).toBe(value);
});

test('declares the outputs paths, digest and job-id', () => {
  expect(Object.keys(action.outputs).sort()).toEqual(['digest', 'job-id', 'paths']);
  for (const output of Object.values(action.outputs)) expect(output.description).toBeTruthy();
});
