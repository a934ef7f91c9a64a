// Throughput of the redactor on a reproducible ~100 MB mixed log, next to a plain
// split+join pass over the same text. Build first:
//   npx tsc -p tsconfig.build.json && node bench/redact.mjs [megabytes]
import { createLineRedactor, redactText } from '../dist/core/redact/index.js';

const TARGET_MB = Number(process.argv[2] ?? 100);

// Deterministic PRNG (mulberry32) so every run measures the same text.
let seed = 0x5eed;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(rand() * list.length)];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rnd = (n, alphabet = ALNUM) => {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
};
const hex = (n) => rnd(n, '0123456789abcdef');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const ts = (i) => `2024-03-0${1 + (i % 9)}T1${i % 10}:${String(i % 60).padStart(2, '0')}:0${i % 10}.${String(i % 1000).padStart(3, '0')}Z`;

// Ordinary lines: what most of a real log looks like.
const plain = [
  (i) => `${ts(i)} INFO request handled method=GET path=/api/items/${i} status=200 duration_ms=${i % 97} request_id=${uuid()}`,
  (i) => `${ts(i)} ERROR [http-nio-8080-exec-${i % 16}] c.e.OrderService - order ${i} failed: java.net.SocketTimeoutException: Read timed out`,
  (i) => `\tat com.example.orders.OrderService.place(OrderService.java:${i % 400})`,
  (i) => `10.0.${i % 250}.${i % 200} - - [02/Mar/2024:03:04:05 +0000] "POST /v1/checkout?cart=${i % 7} HTTP/1.1" 502 ${i % 5000} "-" "Mozilla/5.0"`,
  (i) => `{"level":"error","time":1709348645${String(i % 1000).padStart(3, '0')},"msg":"upstream call failed","trace_id":"${hex(32)}","span_id":"${hex(16)}","err":"ECONNREFUSED 10.0.3.${i % 250}:5432"}`,
  (i) => `time="${ts(i)}" level=warn msg="slow query" db=orders rows=${i % 1000} elapsed=${i % 900}ms commit=${hex(40)}`,
  (i) => `  File "/srv/app/handlers/payment.py", line ${i % 300}, in charge_card`,
  (i) => `${ts(i)} WARN  token refresh scheduled in ${i % 3600}s for client ${uuid()} (input_tokens=${i % 4000} output_tokens=${i % 900})`,
  (i) => `REPORT RequestId: ${uuid()}\tDuration: ${i % 3000}.12 ms\tBilled Duration: ${i % 3000} ms\tMemory Size: 512 MB\tMax Memory Used: ${i % 512} MB`,
  (i) => `2024/03/02 03:04:05 [error] 31#31: *${i} connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.2.${i % 250}, server: api.example.com`,
];

// Lines carrying a secret (about one in twenty).
const secret = [
  () => `DATABASE_URL=postgres://app:${rnd(16)}@db.internal:5432/orders`,
  () => `${ts(1)} DEBUG outgoing headers {"Authorization":"Bearer ${rnd(40)}","Content-Type":"application/json"}`,
  () => `aws_access_key_id=AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')} aws_secret_access_key=${rnd(40)}`,
  () => `config dump: {"db":{"user":"app","password":"${rnd(12)}"},"slack":"https://hooks.slack.com/services/T${rnd(8)}/B${rnd(8)}/${rnd(24)}"}`,
  () => `${ts(2)} ERROR login failed for ${rnd(6).toLowerCase()}@example.com token=ghp_${rnd(36)}`,
  () => `payment declined card=4111 1111 1111 1111 cookie: session=${rnd(24)}; theme=dark`,
  () => `jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${rnd(43)}`,
];

function generate(targetBytes) {
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const line = i % 20 === 19 ? pick(secret)() : plain[i % plain.length](i);
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines.join('\n');
}

/** Best wall-clock time of three runs: the figure least disturbed by other work on the machine. */
function time(fn) {
  let best = Infinity;
  let result;
  for (let k = 0; k < 3; k++) {
    const start = process.hrtime.bigint();
    result = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: best, result };
}

const text = generate(TARGET_MB * 1024 * 1024);
const mb = Buffer.byteLength(text) / (1024 * 1024);
const lines = text.split('\n');

// Warm-up so the figures reflect optimised code.
redactText(text.slice(0, 2_000_000));
const warm = createLineRedactor();
for (let i = 0; i < 20_000; i++) warm.line(lines[i]);

const reference = time(() => text.split('\n').join('\n'));
const whole = time(() => {
  // Chunks of ~1 MB on line boundaries, as a buffered reader would hand them over.
  const out = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', Math.min(text.length, start + 1_048_576));
    if (end === -1) end = text.length;
    out.push(redactText(text.slice(start, end)));
    start = end + 1;
  }
  return out.length;
});
const batched = time(() => {
  // What `cloudsentry redact` does: batches of 4096 lines through one stateful redactor.
  const redactor = createLineRedactor();
  let n = 0;
  for (let i = 0; i < lines.length; i += 4096) n += redactor.lines(lines.slice(i, i + 4096)).length;
  return n;
});
const streaming = time(() => {
  const redactor = createLineRedactor();
  let n = 0;
  for (const line of lines) n += redactor.line(line).length;
  return { n, counts: redactor.counts };
});

const rate = (ms) => mb / (ms / 1000);
const row = (name, ms) =>
  `${name.padEnd(38)} ${rate(ms).toFixed(1).padStart(8)} MB/s  ${(ms / reference.ms).toFixed(1).padStart(6)}x reference`;
console.log(`input: ${mb.toFixed(1)} MB, ${lines.length} lines, node ${process.version}`);
console.log(row('reference split+join', reference.ms));
console.log(row('redactText, 1 MB chunks', whole.ms));
console.log(row('createLineRedactor, 4096-line batches', batched.ms));
console.log(row('createLineRedactor, line by line', streaming.ms));
const masked = Object.values(streaming.result.counts).reduce((a, b) => a + b, 0);
console.log(`masked ${masked} values: ${JSON.stringify(streaming.result.counts)}`);
