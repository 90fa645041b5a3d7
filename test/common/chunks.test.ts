import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chunksOf } from '../../src/common/chunks.ts';

describe('chunksOf', () => {
  it('hands out each pushed chunk itself, where for-await joins what is buffered', async () => {
    const parts = [Buffer.from('aa'), Buffer.from('bbb'), Buffer.from('c')];
    const s = new PassThrough();
    for (const p of parts) s.write(p);
    s.end();
    const got: Buffer[] = [];
    for await (const c of chunksOf(s)) got.push(c);
    expect(got.map(String)).toEqual(['aa', 'bbb', 'c']);

    const joined = new PassThrough();
    for (const p of parts) joined.write(p);
    joined.end();
    const viaForAwait: string[] = [];
    for await (const c of joined) viaForAwait.push(String(c));
    expect(viaForAwait).toEqual(['aabbbc']);
  });

  it('ends with the stream error, after the chunks that came before it', async () => {
    const s = new PassThrough();
    s.write('x');
    setImmediate(() => s.destroy(new Error('boom')));
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of chunksOf(s)) got.push(String(c));
    })().catch((e: unknown) => e);
    expect(got).toEqual(['x']);
    expect((err as Error).message).toBe('boom');
  });

  it('refuses a stream destroyed before its end without an error', async () => {
    const s = new PassThrough();
    setImmediate(() => s.destroy());
    const err = await (async () => {
      for await (const _ of chunksOf(s)) void _;
    })().catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('ERR_STREAM_PREMATURE_CLOSE');
  });

  it('destroys the stream when the loop ends early', async () => {
    const s = Readable.from([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')], { objectMode: false });
    for await (const _ of chunksOf(s)) break;
    expect(s.destroyed).toBe(true);
  });
});
