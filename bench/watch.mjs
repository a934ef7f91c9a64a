// Benchmark: `cloudsentry watch` against `aws logs tail --since` on the same loopback CloudWatch Logs fake, same run.
// 100,000 events in pages of 10,000. Prints wall time and peak RSS of each, and cloudsentry's peak RSS at a quarter of
// the events, to show memory does not grow with them. Build first (`npm run build`).
//
//   node bench/watch.mjs [events] [rounds]
//
// Each command runs `rounds` times (default 3), interleaved, and the median is reported: on a shared machine single
// runs swing by ±50%.
// The reference is the AWS CLI v2 (`apt-get install -y awscli`; v1 has no `logs tail`); without it, a note is printed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EVENTS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const GROUP = '/bench/payment-service';
const work = mkdtempSync(join(tmpdir(), 'cloudsentry-bench-watch-'));

// The fake is TypeScript test code: bundle it once for this plain-Node script.
const fakeFile = join(work, 'fake.mjs');
await build({ entryPoints: [join(ROOT, 'test/fakes/cloudwatch-logs.ts')], outfile: fakeFile, bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
const { startFakeCloudWatchLogs } = await import(fakeFile);

const logs = await startFakeCloudWatchLogs({ pageSize: 10_000 });
const now = Date.now();
seed(logs, GROUP, EVENTS, now);
seed(logs, `${GROUP}-quarter`, Math.floor(EVENTS / 4), now);

const env = { PATH: process.env.PATH, HOME: work, NO_COLOR: '1', XDG_CACHE_HOME: join(work, 'cache'), ...logs.env() };
const cli = join(ROOT, 'bin/cloudsentry.js');
const aws = findAwsCliV2();
if (!aws) console.log('note: AWS CLI v2 not found (`apt-get install -y awscli`); skipping the `aws logs tail` reference');
const runs = [
  { name: `cloudsentry watch (${fmt(EVENTS)} events)`, command: process.execPath, args: [cli, 'watch', GROUP, '--since', '2h', '--all', '--json', '--offline'], env },
  { name: `cloudsentry watch (${fmt(Math.floor(EVENTS / 4))} events)`, command: process.execPath, args: [cli, 'watch', `${GROUP}-quarter`, '--since', '2h', '--all', '--json', '--offline'], env },
  ...(aws
    ? [
        {
          name: `aws logs tail --since 2h (${fmt(EVENTS)} events)`,
          command: aws,
          args: ['logs', 'tail', GROUP, '--since', '2h', '--endpoint-url', logs.endpoint, '--region', logs.settings.region, '--format', 'short'],
          env: { ...env, AWS_PAGER: '', AWS_DEFAULT_OUTPUT: 'text' },
        },
      ]
    : []),
];
const samples = runs.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, run] of runs.entries()) samples[i].push(await measure(run.name, run.command, run.args, run.env));
}
const results = samples.map(median);
const reference = aws ? results[2] : undefined;

await logs.close();
rmSync(work, { recursive: true, force: true });

console.log(`\nmedian of ${ROUNDS} interleaved runs each`);
console.log(`${'run'.padEnd(44)} ${'wall s'.padStart(8)} ${'peak RSS MB'.padStart(12)} ${'stdout KB'.padStart(10)}`);
for (const r of results) console.log(`${r.name.padEnd(44)} ${(r.wallMs / 1000).toFixed(2).padStart(8)} ${(r.peakKb / 1024).toFixed(1).padStart(12)} ${(r.stdoutBytes / 1024).toFixed(0).padStart(10)}`);
const [full, quarter] = results;
console.log(`\ncloudsentry peak RSS, ${fmt(EVENTS)} vs ${fmt(Math.floor(EVENTS / 4))} events: ${(full.peakKb / quarter.peakKb).toFixed(2)}× for 4× the events`);
if (reference) {
  console.log(`cloudsentry / aws logs tail: wall ${(full.wallMs / reference.wallMs).toFixed(2)}×, peak RSS ${(full.peakKb / reference.peakKb).toFixed(2)}×`);
  console.log(full.wallMs <= reference.wallMs ? 'target met: no slower than aws logs tail' : 'target missed: slower than aws logs tail');
}
const summary = JSON.parse(full.stdout).summary;
console.log(`cloudsentry read ${fmt(summary.events)} events, ${fmt(summary.errorEvents)} errors, ${summary.incidents} incidents`);

/** Error-heavy events in the last 90 minutes: a few recurring problems, some multi-line, plus info lines. */
function seed(fake, group, n, end) {
  const streams = ['2026/12/03/[$LATEST]a1b2c3', '2026/12/03/[$LATEST]d4e5f6', 'api-1', 'api-2'];
  const batch = [];
  for (let i = 0; i < n; i++) {
    const t = end - 90 * 60_000 + Math.floor((i * 90 * 60_000) / n);
    const iso = new Date(t).toISOString();
    let message;
    switch (i % 5) {
      case 0:
        message = `${iso} ERROR [payment-service] charge failed for order ${100000 + i} request_id=${(i * 7919).toString(16)}\nError: connect ECONNREFUSED 10.0.3.${i % 250}:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)\n`;
        break;
      case 1:
        message = `${iso}\t${(i * 104729).toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')"}\n`;
        break;
      case 2:
        message = `${iso} INFO [payment-service] GET /health 200 ${i % 40}ms\n`;
        break;
      case 3:
        message = `{"level":"error","time":"${iso}","msg":"upstream returned 503","service":"ledger","attempt":${i % 5}}\n`;
        break;
      default:
        message = `${iso} WARN [payment-service] Rate exceeded (ThrottlingException) calling DynamoDB, retry ${i % 3}\n`;
    }
    batch.push({ timestamp: t, message });
    if (batch.length === 10_000) fake.putEvents(group, streams[i % streams.length], batch.splice(0));
  }
  if (batch.length > 0) fake.putEvents(group, streams[0], batch);
}

/** Runs a command, sampling its peak RSS (VmHWM) from /proc until it exits. */
function measure(name, command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let stdoutBytes = 0;
    let stderr = '';
    let peakKb = 0;
    const sample = () => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {}
    };
    const timer = setInterval(sample, 20);
    child.stdout.on('data', (chunk) => {
      stdoutBytes += chunk.length;
      if (name.startsWith('cloudsentry')) out.push(chunk);
      sample();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${name} exited ${code}: ${stderr.slice(0, 500)}`));
      resolve({ name, wallMs, peakKb, stdoutBytes, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** The run with the median wall time; its peak RSS is the median of the peaks. */
function median(runs) {
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const byRss = [...runs].sort((a, b) => a.peakKb - b.peakKb);
  const mid = Math.floor(runs.length / 2);
  return { ...byWall[mid], peakKb: byRss[mid].peakKb };
}

function findAwsCliV2() {
  for (const candidate of ['/usr/bin/aws', '/usr/local/bin/aws', 'aws']) {
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (/aws-cli\/2\./.test(version)) return candidate;
    } catch {}
  }
  return undefined;
}

function fmt(n) {
  return n.toLocaleString('en-US');
}
