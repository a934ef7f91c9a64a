import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fnv1a64, patternId } from '../../../src/core/patterns/hash.js';
import { createMinerMatcher } from '../../../src/core/patterns/matcher.js';
import { PatternMiner, similarity } from '../../../src/core/patterns/miner.js';

const LINES = [
  '2024-05-01 10:00:01,001 ERROR [worker-1] db.Pool: connection to 10.0.0.5:5432 refused after 3 retries',
  '2024-05-01 10:00:02,117 ERROR [worker-2] db.Pool: connection to 10.0.0.6:5432 refused after 5 retries',
  '2024-05-01 10:00:03,200 INFO [main] http.Server: GET /api/users/42 200 in 12ms',
  '2024-05-01 10:00:04,380 INFO [main] http.Server: GET /api/orders/7 200 in 3ms',
  '2024-05-01 10:00:05,999 INFO [main] http.Server: POST /api/orders 201 in 40ms',
  '2024-05-01 10:00:06,000 WARN [cache] lru.Cache: evicted 120 entries, size=4096',
  '2024-05-01 10:00:07,500 WARN [cache] lru.Cache: evicted 77 entries, size=2048',
  '2024-05-01 10:00:08,000 ERROR [worker-1] job.Runner: job 7f3a9c failed: timeout after 30s',
];

function mine(lines: readonly string[], options = {}): PatternMiner {
  const miner = new PatternMiner(options);
  for (const line of lines) miner.add(line);
  return miner;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('fingerprints', () => {
  it('use the standard FNV-1a 64 vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('are 12 hex chars of the template, pinned so that a change of scheme is noticed', () => {
    expect(patternId(['connection', 'to', '<*>', 'refused'])).toMatch(/^[0-9a-f]{12}$/);
    const miner = mine(LINES.slice(0, 2));
    const [p] = miner.patterns();
    expect(p!.pattern).toBe('<*> <*> ERROR [<*>] db.Pool: connection to <*> refused after <*> retries');
    expect(p!.id).toBe(patternId(p!.pattern.split(' ')));
    expect(p!.id).toBe('28a4e745ff83');
  });

  it('are the same across miner instances and insertion orders', () => {
    const reference = new Map(mine(LINES).patterns().map((p) => [p.pattern, p.id]));
    for (let seed = 1; seed <= 20; seed++) {
      const again = mine(shuffled(LINES, seed)).patterns();
      expect(new Map(again.map((p) => [p.pattern, p.id]))).toEqual(reference);
    }
  });

  it('do not depend on spacing', () => {
    const a = mine(['ERROR  db.Pool:   connection refused']).patterns()[0]!;
    const b = mine(['ERROR db.Pool: connection refused']).patterns()[0]!;
    expect(a.id).toBe(b.id);
  });
});

describe('PatternMiner', () => {
  it('groups lines into patterns, most frequent first, with counts and examples', () => {
    const patterns = mine(LINES).patterns();
    expect(new Set(patterns.map((p) => `${p.count} ${p.pattern}`))).toEqual(
      new Set([
        '2 <*> <*> ERROR [<*>] db.Pool: connection to <*> refused after <*> retries',
        '2 <*> <*> INFO [main] http.Server: GET <*> <*> in <*>',
        '2 <*> <*> WARN [cache] lru.Cache: evicted <*> entries, size=<*>',
        '1 <*> <*> ERROR [<*>] job.Runner: job <*> failed: timeout after <*>',
        '1 <*> <*> INFO [main] http.Server: POST <*> <*> in <*>',
      ]),
    );
    const counts = patterns.map((p) => p.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    const db = patterns.find((p) => p.pattern.includes('db.Pool'))!;
    expect(db.example).toBe(LINES[0]);
  });

  it('widens a template where an identifier varies and gives every line its final pattern', () => {
    const miner = new PatternMiner();
    const first = miner.add('Jul 1 09:00:55 authorMacBook-Pro kernel[0]: AirPort: Link Down on en0 reason 8');
    const second = miner.add('Jul 1 09:01:55 calvisitor-10-105-160-95 kernel[0]: AirPort: Link Down on en0 reason 8');
    expect(miner.patterns()).toHaveLength(1);
    expect(miner.resolve(first.index)!.id).toBe(miner.resolve(second.index)!.id);
    expect(miner.resolve(first.index)!.template).toContain('kernel[<*>]: AirPort: Link Down');
  });

  it('never merges lines that differ in a plain word', () => {
    const miner = mine(['VM Started (Lifecycle Event)', 'VM Paused (Lifecycle Event)', 'VM Resumed (Lifecycle Event)']);
    expect(miner.patterns()).toHaveLength(3);
  });

  it('treats a syslog date and dates inside the message as variables, month and weekday names included', () => {
    const miner = mine([
      'Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 () at Fri Jun 17 07:07:00 2005',
      'Jul  2 23:01:10 combo ftpd[31272]: connection from 82.252.162.81 () at Sat Jul  2 23:01:10 2005',
      'Mar  7 04:12:55 combo ftpd[8829]: connection from 222.33.90.199 () at Mon Mar  7 04:12:55 2005',
    ]);
    expect(miner.patterns()).toHaveLength(1);
    expect(miner.patterns()[0]!.pattern).toBe('<*> <*> <*> combo ftpd[<*>]: connection from <*> () at <*> <*> <*> <*> <*>');
  });

  it('lets lines of one event meet when a header or variable field has another number of words', () => {
    const miner = mine([
      '[10.30 16:49:06] chrome.exe - proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS',
      '[07.26 15:30:02] chrome.exe *64 - tvax1.sinaimg.cn:80 open through proxy proxy.example.org:5070 HTTPS',
      '[10.30 16:49:07] chrome.exe - proxy.example.org:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
      '[10.30 16:49:08] chrome.exe - proxy.example.org:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime <1 sec',
      '03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404, flags=0x1, tag="View Lock", uid=10037',
      '03-17 16:13:40.142  1702  2618 D PowerManagerService: acquire lock=166121161, flags=0x1, tag="RILJ_ACK_WL", uid=1001',
      '2 node-4 domain status 1077 1 inconsistent nodesets node-0 4391 <ok> node-1 4391 <ok>',
      '3 node-9 domain status 1078 1 inconsistent nodesets node-0 4391 <ok> node-1 4391 <ok> node-2 4391 <ok>',
    ]);
    expect(miner.patterns().map((p) => p.count)).toEqual([2, 2, 2, 2]);
  });

  it('lets the same message meet from another component or request context in the header, at any threshold', () => {
    const miner = mine([
      'nova-api.log 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b 113d3a99 - - -] 10.11.10.1 "GET /v2/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
      'nova-api.log 2017-05-16 00:00:01.102 25743 INFO nova.metadata.wsgi.server [-] 10.11.21.138 "GET /openstack/2013-10-17 HTTP/1.1" status: 200 len: 967 time: 0.0011010',
    ], { similarity: 0.9 });
    expect(miner.patterns()).toHaveLength(1);
  });

  it('keeps apart lines that differ in a field, whatever their lengths', () => {
    const miner = mine([
      'Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
      'Jun 15 02:04:59 combo sshd(pam_unix)[20884]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root',
    ]);
    expect(miner.patterns()).toHaveLength(2);
  });

  it('records first and last seen and a timeline when timestamps are given', () => {
    const miner = new PatternMiner({ timelineBuckets: 4 });
    for (let i = 0; i < 100; i++) miner.add(`tick ${i}`, 1_000_000 + i * 1000);
    const [p] = miner.patterns();
    expect(p!.firstSeen).toBe(1_000_000);
    expect(p!.lastSeen).toBe(1_099_000);
    expect(p!.timeline!.reduce((a, b) => a + b, 0)).toBe(100);
    expect(p!.timeline!.length).toBeLessThanOrEqual(4);
  });

  it('keeps a bounded number of examples, each of bounded length', () => {
    const miner = new PatternMiner({ maxExamples: 2, maxExampleLength: 20 });
    for (let i = 0; i < 50; i++) miner.add(`request ${i} served ${'x'.repeat(100)}`);
    const [p] = miner.patterns();
    expect(p!.examples).toHaveLength(2);
    for (const e of p!.examples) expect(e.length).toBeLessThanOrEqual(20);
  });

  it('evicts the least recently seen patterns beyond maxPatterns', () => {
    const miner = new PatternMiner({ maxPatterns: 10, keepRetired: true });
    const early = miner.add('keepalive ping');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(miner.add(`event${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} happened`).id);
      if (i % 2 === 0) miner.add('keepalive ping');
    }
    const kept = miner.patterns();
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.map((p) => p.pattern)).toContain('keepalive ping');
    expect(kept.map((p) => p.id)).toContain(ids.at(-1));
    expect(kept.map((p) => p.id)).not.toContain(ids[0]);
    // Retired patterns still resolve, so per-line labels stay complete.
    expect(miner.resolve(early.index)!.template).toBe('keepalive ping');
  });

  it('keeps memory bounded by patterns, not lines, on a stream of unique junk', () => {
    const miner = new PatternMiner({ maxPatterns: 100 });
    let s = 7;
    for (let i = 0; i < 20_000; i++) {
      let line = '';
      for (let j = 0; j < 12; j++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        line += String.fromCharCode(33 + (s % 90));
        if (s % 5 === 0) line += ' ';
      }
      miner.add(line);
    }
    expect(miner.patterns().length).toBeLessThanOrEqual(100);
  });

  it('keeps its word table bounded by patterns, and templates right, on a stream of ever-new words', () => {
    const miner = new PatternMiner({ maxPatterns: 50 });
    const name = (i: number): string => i.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
    for (let i = 0; i < 80_000; i++) {
      miner.add(`session ${name(i)} opened`);
      if (i % 20 === 0) {
        const line = Buffer.from(`disk sda${i} full on host${i}`);
        miner.addBytes(line, 0, line.length);
      }
    }
    const table = (miner as unknown as { table: { size: number } }).table;
    expect(table.size).toBeLessThan(70_000);
    const disk = miner.patterns().find((p) => p.pattern.startsWith('disk'));
    expect(disk).toMatchObject({ pattern: 'disk <*> full on <*>', count: 4000 });
    expect(miner.add('session zzzzzzzz opened').template).toBe('session zzzzzzzz opened');
  });

  it('puts binary junk into one pattern', () => {
    const miner = new PatternMiner();
    for (let i = 0; i < 200; i++) miner.add(`\u0000\u0001${'\uFFFD'.repeat(i % 7)}${i}\u0002 x`);
    miner.add('real line 1');
    expect(miner.patterns()).toHaveLength(2);
  });

  it('mines very long lines on their first maxLineLength characters', () => {
    const miner = new PatternMiner({ maxLineLength: 200 });
    miner.add(`payload ${'a '.repeat(100_000)}1`);
    miner.add(`payload ${'a '.repeat(50_000)}2`);
    expect(miner.patterns()).toHaveLength(1);
  });
});

const LOGHUB = fileURLToPath(new URL('../../../../shared/loghub/', import.meta.url));
const DATASETS = ['HDFS', 'Hadoop', 'BGL', 'HPC', 'Windows', 'HealthApp', 'OpenStack', 'Mac'];

describe.skipIf(!existsSync(LOGHUB))('accuracy on Loghub-2k (raw lines, one configuration)', () => {
  it('averages a grouping accuracy of at least 0.95', () => {
    let sum = 0;
    for (const name of DATASETS) {
      const lines = readFileSync(`${LOGHUB}${name}/${name}_2k.log`, 'utf8').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
      const truth = eventIds(readFileSync(`${LOGHUB}${name}/${name}_2k.log_structured.csv`, 'utf8'));
      const miner = new PatternMiner({ keepRetired: true });
      const indices = lines.map((l) => miner.add(l).index);
      sum += groupingAccuracy(truth, indices.map((i) => miner.resolve(i)!.id));
    }
    expect(sum / DATASETS.length).toBeGreaterThanOrEqual(0.95);
  });
});

/** The EventId column of a Loghub structured CSV, in row order. */
function eventIds(csv: string): string[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const column = rows[0]!.indexOf('EventId');
  return rows.slice(1).map((r) => r[column]!);
}

/** Grouping Accuracy (Zhu et al. 2019): a line counts when its predicted group is exactly its true group. */
function groupingAccuracy(truth: readonly string[], predicted: readonly string[]): number {
  const members = (labels: readonly string[]) => {
    const m = new Map<string, number[]>();
    labels.forEach((l, i) => (m.get(l) ?? m.set(l, []).get(l)!).push(i));
    return m;
  };
  const byTruth = members(truth);
  const byPred = members(predicted);
  let correct = 0;
  for (const lines of byTruth.values()) {
    const p = byPred.get(predicted[lines[0]!]!)!;
    if (p.length === lines.length && lines.every((i) => predicted[i] === predicted[lines[0]!])) correct += lines.length;
  }
  return correct / truth.length;
}

describe('createMinerMatcher', () => {
  it('keeps a pattern on the id it was first given while its template widens, so incidents never split', () => {
    const matcher = createMinerMatcher();
    const a = matcher.match('Jul 1 09:00:55 authorMacBook-Pro kernel[0]: AirPort: Link Down on en0 reason 8');
    const b = matcher.match('Jul 1 09:01:55 calvisitor-10-105-160-95 kernel[0]: AirPort: Link Down on en0 reason 8');
    expect(b.id).toBe(a.id);
    expect(b.template).not.toBe(a.template);
    expect(matcher.match('ERROR disk full on /dev/sda1').id).not.toBe(a.id);
  });
});

describe('similarity', () => {
  it('scores the informative positions on which a template accepts a shape', () => {
    expect(similarity(['GET', '<*>', 'ok'], ['GET', '/a', 'ok'])).toBe(2 / 3);
    expect(similarity(['<*>', 'ok'], ['<*>', 'ok'])).toBe(1);
    // Different plain words never share a pattern.
    expect(similarity(['GET', '<*>'], ['POST', '<*>'])).toBe(-1);
    // An identifier where the shape has a masked value is one more value.
    expect(similarity(['host-a', 'up'], ['<*>', 'up'])).toBe(1);
  });
});
