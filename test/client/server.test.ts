import { describe, expect, test } from 'vitest';
import { DurationError, ServerUrlError, apiUrl, formatDuration, normalizeServerUrl, parseDuration, parseRetryAfter } from '../../src/client/index.ts';

describe('normalizeServerUrl', () => {
  test.each([
    ['10.0.0.5', 'http://10.0.0.5:8000/'],
    ['0.0.0.0', 'http://0.0.0.0:8000/'],
    ['agent.example.org', 'http://agent.example.org:8000/'],
    ['agent.example.org:9000', 'http://agent.example.org:9000/'],
    ['https://agent.example.org', 'https://agent.example.org/'],
    ['http://127.0.0.1:4567', 'http://127.0.0.1:4567/'],
    ['https://example.org/cvmfs-unpack', 'https://example.org/cvmfs-unpack/'],
    ['  https://example.org/x/  ', 'https://example.org/x/'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeServerUrl(input).toString()).toBe(expected);
  });

  test.each([
    ['', /empty/],
    ['ftp://host', /http:\/\/ or https:\/\//],
    ['https://user:pw@host', /credentials/],
    ['https://host/?a=b', /query/],
    ['http://[bad', /not an agent URL/],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeServerUrl(input)).toThrow(ServerUrlError);
    expect(() => normalizeServerUrl(input)).toThrow(message);
  });

  test('API paths stay under a path prefix', () => {
    expect(apiUrl(normalizeServerUrl('https://example.org/prefix'), 'api/v1/sync').toString()).toBe('https://example.org/prefix/api/v1/sync');
    expect(apiUrl(normalizeServerUrl('host'), '/api/v1/jobs/x').toString()).toBe('http://host:8000/api/v1/jobs/x');
  });
});

describe('durations', () => {
  test.each([
    ['600', 600_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'soon', '10 m', '5x', 'm5', '-1'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });

  test.each([
    [1234, '1.2s'],
    [61_000, '1m01s'],
    [3_723_000, '1h02m03s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  test.each<[string | null, number | undefined]>([
    [null, undefined],
    ['', undefined],
    ['7', 7000],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
    ['soon', undefined],
  ])('%j -> %j', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
