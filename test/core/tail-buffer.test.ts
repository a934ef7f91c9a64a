import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailBuffer } from '../../src/core/tail-buffer.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('TailBuffer', () => {
  it('keeps exactly the last capacity bytes of any sequence of chunks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 30 }), (capacity, chunks) => {
        const tail = new TailBuffer(capacity);
        for (const chunk of chunks) tail.push(chunk);
        const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
        expect(Buffer.from(tail.bytes())).toEqual(all.subarray(Math.max(0, all.length - capacity)));
        expect(tail.totalBytes).toBe(all.length);
        expect(tail.wrapped).toBe(all.length > capacity);
      }),
    );
  });

  it('gives whole lines, dropping the line cut by the wrap', () => {
    const tail = new TailBuffer(16);
    tail.push(bytes('first line\nsecond\nthird\n'));
    expect(tail.lines(100)).toEqual(['second', 'third']);
    const small = new TailBuffer(100);
    small.push(bytes('a\r\nb'));
    expect(small.lines(100)).toEqual(['a\r', 'b']);
  });

  it('decodes invalid UTF-8 with replacement characters and cuts long lines', () => {
    const tail = new TailBuffer(100);
    tail.push(new Uint8Array([0xff, 0x41, 0x0a, 0x42, 0x42, 0x42]));
    expect(tail.lines(2)).toEqual(['\ufffdA', 'BB']);
  });
});
