// Throughput of EventAssembler. Build first: npx tsc -p tsconfig.build.json && node bench/events.mjs
import { EventAssembler } from '../dist/core/events/assembler.js';

const LINES = Number(process.argv[2] ?? 1_000_000);

const plain = [
  (i) => `2024-01-02T03:04:05.${String(i % 1000).padStart(3, '0')}Z INFO request handled path=/api/items/${i} status=200 dur=${i % 97}ms`,
  (i) => `2024-01-02 03:04:05,123 - app.db - WARNING - slow query took ${i % 900}ms`,
  (i) => `2024-01-02 03:04:05.123 ERROR [http-nio-8080-exec-${i % 16}] c.e.OrderService - order ${i} failed`,
  (i) => `2024/01/02 03:04:05 [error] 31#31: *${i} connect() failed (111: Connection refused) while connecting to upstream`,
  (i) => `Jan  2 03:04:05 ip-10-0-0-${i % 250} app[${i % 30000}]: worker ${i % 8} heartbeat ok`,
  (i) => `10.0.0.${i % 250} - - [02/Jan/2024:03:04:05 +0000] "GET /items/${i} HTTP/1.1" 200 ${i % 5000}`,
  (i) => `time="2024-01-02T03:04:05Z" level=info msg="cache refreshed" entries=${i}`,
  (i) => `connection pool stats active=${i % 10} idle=${i % 7}`,
];

const blocks = [
  (i) => [
    `{"level":50,"time":1704164645123,"pid":1,"hostname":"h","err":{"type":"Error","message":"boom ${i}","stack":"Error: boom\\n    at f (/app/x.js:1:2)"},"msg":"request failed"}`,
  ],
  (i) => [
    `2024-01-02 03:04:05,123 ERROR app Unhandled error ${i}`,
    'Traceback (most recent call last):',
    '  File "/app/main.py", line 10, in handler',
    '    return process(event)',
    `KeyError: 'id${i}'`,
  ],
  (i) => [
    `Exception in thread "main" java.lang.IllegalStateException: state ${i}`,
    '\tat com.example.App.run(App.java:42)',
    '\tat com.example.App.main(App.java:10)',
    'Caused by: java.io.IOException: disk full',
    '\t... 2 more',
  ],
];

/** Builds the input in memory so the figure measures assembly, not I/O. */
function generate(count, mixed) {
  const lines = [];
  let i = 0;
  while (lines.length < count) {
    if (mixed && i % 10 === 9) lines.push(...blocks[i % blocks.length](i));
    else lines.push(plain[i % plain.length](i));
    i++;
  }
  // Split one big text, as a reader of a file would: lines become flat slices, not template cons-strings.
  return lines.join('\n').split('\n');
}

const ROUNDS = 5;

/**
 * Median and best of ROUNDS timed passes after one warm-up pass. Reports wall-clock lines/s and lines per
 * CPU-second (process user+system time, GC threads included), which stays meaningful on a busy machine.
 */
function run(name, lines) {
  const wall = [];
  const cpu = [];
  let events = 0;
  let errors = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    events = errors = 0;
    const assembler = new EventAssembler(
      (event) => {
        events++;
        if (event.isError) errors++;
      },
      { source: 'bench', year: 2024 },
    );
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (const line of lines) assembler.push(line);
    assembler.end();
    const cpuUsed = process.cpuUsage(cpuStarted);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (round === 0) continue;
    wall.push(lines.length / seconds);
    cpu.push(lines.length / ((cpuUsed.user + cpuUsed.system) / 1e6));
  }
  const fmt = (n) => Math.round(n).toLocaleString('en');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `${name.padEnd(30)} ${fmt(lines.length)} lines: median ${fmt(median(wall))} lines/s wall (best ${fmt(Math.max(...wall))}), ` +
      `median ${fmt(median(cpu))} lines per CPU-second; ${fmt(events)} events, ${fmt(errors)} errors`,
  );
}

run('plain single-line text', generate(LINES, false));
run('mixed (10% JSON/stack traces)', generate(LINES, true));
