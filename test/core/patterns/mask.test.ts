import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY, LineMasker } from '../../../src/core/patterns/mask.js';
import { WordTable } from '../../../src/core/patterns/words.js';

const masker = new LineMasker();
/** Words the masker reads in context (dates, units after numbers, quoted values), for the agreement properties. */
const TOKENS = ['Jun', 'JUNE', 'Fri', 'Sept', 'Thurs', 'KB', 'sec', 'B', ' 5 ', '="', '=\'', 'user'];
const masked = (line: string): string => masker.mask(line).words.join(' ');

describe('LineMasker: variable kinds become <*>', () => {
  it.each([
    ['numbers', 'retry 3 of 10 after 250', 'retry <*> of <*> after <*>'],
    ['negative and decimal numbers', 'offset -42 ratio 0.75', 'offset <*> ratio <*>'],
    ['hex ids', 'txn 0x7fed806eb5d ref deadbeef42', 'txn <*> ref <*>'],
    ['UUIDs', 'request 38101a0b-2096-447d-96ea-a692162415ae done', 'request <*> done'],
    ['IPv4 with port', 'connect to 10.251.73.220:50010 failed', 'connect to <*> failed'],
    ['IPv6', 'peer fe80::1c2e:3ff:fe4b:2 up', 'peer <*> up'],
    ['unix paths', 'cannot open /var/log/app/server.log', 'cannot open <*>'],
    ['windows paths', 'Loaded C:\\Windows\\winsxs\\cbscore.dll', 'Loaded C:<*>'],
    ['durations', 'took 12ms then 1.5s', 'took <*> then <*>'],
    ['double-quoted values', 'group "admins" not found', 'group "<*>" not found'],
    ['the word after "user"', 'Failed password for invalid user webmaster from 173.234.31.186', 'Failed password for invalid user <*> from <*>'],
    ['single-quoted values', "host 'db-primary' unreachable", "host '<*>' unreachable"],
    ['values of key=value pairs', 'state=active user=bob retries=3', 'state=<*> user=<*> retries=<*>'],
    ['ids with digits inside words', 'block blk_-6952295868487656571 on node-246', 'block <*> on <*>'],
    ['pids in brackets', 'Jul  1 09:00:55 host kernel[0]: panic', '<*> <*> <*> host kernel[<*>]: panic'],
    ['month and weekday names, in a header or a message', 'Jun 14 15:16:01 combo ftpd[29504]: at Fri Jun 17 07:07:00 2005', '<*> <*> <*> combo ftpd[<*>]: at <*> <*> <*> <*> <*>'],
    ['spelt-out and upper-case dates', 'due Thursday, 3 SEPTEMBER or Sept 4', 'due <*>, <*> <*> or <*> <*>'],
    ['units after a number', 'estimated size 93.0 B, free 317.1 KB, lifetime <1 sec', 'estimated size <*> <*>, free <*> <*>, lifetime <<*> <*>'],
    ['a quoted value with spaces after "="', 'acquire tag="View Lock", uid=10037', 'acquire tag="<*>", uid=<*>'],
  ])('%s', (_kind, line, expected) => {
    expect(masked(line)).toBe(expected);
  });

  it('keeps words that only look like dates or units', () => {
    expect(masked('May not Junk monday s B KB')).toBe('<*> not Junk monday s B KB');
  });

  it('keeps constant words, punctuation and levels', () => {
    expect(masked('ERROR dfs.DataNode$PacketResponder: Exception in receiveBlock:')).toBe(
      'ERROR dfs.DataNode$PacketResponder: Exception in receiveBlock:',
    );
  });

  it('masks a header of timestamp, pid, level and thread without configuration', () => {
    const a = masked('2015-10-18 18:01:47,978 INFO [main] org.apache.Foo: Started job job_1445144423722_0020');
    const b = masked('2016-01-02 03:04:05,006 INFO [main] org.apache.Foo: Started job job_1445175094696_0003');
    expect(a).toBe('<*> <*> INFO [main] org.apache.Foo: Started job <*>');
    expect(b).toBe(a);
  });

  it('keeps a [bracketed group] with spaces as one word', () => {
    const { words } = masker.mask('INFO [IPC Server handler 3 on 9000] Server: done');
    expect(words).toEqual(['INFO', '[IPC Server handler <*> on <*>]', 'Server:', 'done']);
  });

  it('splits words on | as well as whitespace, and keeps it in the glue', () => {
    const { words, glues } = masker.mask('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579');
    expect(words).toEqual(['<*>', 'Step_LSC', '<*>', 'onStandStepChanged', '<*>']);
    expect(glues).toEqual(['|', '|', '|', ' ']);
  });
});

describe('LineMasker: bad input', () => {
  it('truncates very long lines at a word boundary instead of rejecting them', () => {
    const long = new LineMasker(100);
    const line = `start ${'word '.repeat(10_000)}end`;
    const { words } = long.mask(line);
    expect(words.length).toBeLessThan(30);
    expect(words.at(-1)).toBe('<*>');
    const other = `start ${'word '.repeat(20_000)}other end`;
    long.key(line);
    const k = [long.key1, long.key2];
    long.key(other);
    expect([long.key1, long.key2]).toEqual(k);
  });

  it('maps binary junk of any shape to one <binary> shape', () => {
    const junk = ['\u0000\u0001\u0002garbage\u0003', '\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD x \uFFFD', '\u0007\u0008 a b c \u0010\u0011\u0012\u0013'];
    for (const line of junk) expect(masker.mask(line).words).toEqual([BINARY]);
    const keys = new Set(
      junk.map((line) => {
        masker.key(line);
        return `${masker.key1},${masker.key2}`;
      }),
    );
    expect(keys.size).toBe(1);
  });
});

describe('LineMasker: key() agrees with mask()', () => {
  it('gives equal keys exactly to lines with equal masked shapes', () => {
    const token = fc.oneof(
      fc.constantFrom('INFO', 'ERROR', 'user', 'failed', 'a=b', 'x:1', '[main]', '"q"', '/tmp/a/b', '|', '0x1f', 'v2', '[a b]'),
      fc.integer({ min: 0, max: 99999 }).map(String),
      fc.stringMatching(/^[a-z]{1,6}$/),
    );
    const line = fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(line, line, (a, b) => {
        const sameShape = masked(a) === masker.mask(b).words.join(' ') && masker.mask(a).words.length === masker.mask(b).words.length;
        masker.key(a);
        const ka = `${masker.key1},${masker.key2}`;
        masker.key(b);
        const kb = `${masker.key1},${masker.key2}`;
        return sameShape === (ka === kb);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('LineMasker: keyBytes() agrees with key() on ASCII', () => {
  const encoder = new TextEncoder();
  const both = (m: LineMasker, line: string): [string, string | undefined] => {
    m.key(line);
    const fromString = `${m.key1},${m.key2}`;
    // Embed the line in a larger buffer, as a reader's chunk would.
    const bytes = encoder.encode(`xx\n${line}\nyy`);
    const ok = m.keyBytes(bytes, 3, 3 + bytes.length - 6);
    return [fromString, ok ? `${m.key1},${m.key2}` : undefined];
  };

  it('on random lines of log-like ASCII, truncated or not', () => {
    const short = new LineMasker(40);
    const chars = fc.constantFrom(...'ab Z09 ./\\:,@=[]()<>{};"\'`|\t-_x\u0001\u007f'.split(''), ...TOKENS);
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 120 }).map((a) => a.join('')), (line) => {
        for (const m of [masker, short]) {
          const [a, b] = both(m, line);
          if (a !== b) return false;
        }
        return true;
      }),
      { numRuns: 5000 },
    );
  });

  it('hands non-ASCII lines back to the string path', () => {
    expect(masker.keyBytes(new TextEncoder().encode('café 12'), 0, 8)).toBe(false);
  });
});

describe('LineMasker: wordIds() agrees with mask() on ASCII', () => {
  const encoder = new TextEncoder();

  it('gives the ids of the masked words and the | glues, learning new words as it goes', () => {
    const short = new LineMasker(40);
    const chars = fc.constantFrom(...'ab Z09 ./\\:,@=[]()<>{};"\'`|\t-_x\u0001user'.split(''), ...TOKENS);
    const table = new WordTable();
    const ids = new Int32Array(64);
    const pipes = new Uint8Array(64);
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 80 }).map((a) => a.join('')), (line) => {
        for (const m of [masker, short]) {
          const { words, glues } = m.mask(line);
          const bytes = encoder.encode(`xx\n${line}\nyy`);
          const n = m.wordIds(bytes, 3, 3 + line.length, table, ids, pipes);
          // -1 only for a new word holding control chars.
          if (n === -1) {
            if (!/[\u0000-\u0008\u000b-\u001f]/.test(line)) return false;
            continue;
          }
          const got = Array.from(ids.subarray(0, n), (id) => table.word(id));
          const gotGlues = Array.from(pipes.subarray(1, n), (p) => (p === 1 ? '|' : ' '));
          if (got.join('\u0001') !== words.join('\u0001') || gotGlues.join('') !== glues.join('')) return false;
        }
        return true;
      }),
      { numRuns: 5000 },
    );
  });

  it('hands non-ASCII lines back to the string path', () => {
    const table = new WordTable();
    expect(masker.wordIds(encoder.encode('café 12'), 0, 8, table, new Int32Array(8), new Uint8Array(8))).toBe(-1);
  });
});
