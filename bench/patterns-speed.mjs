#!/usr/bin/env node
// Speed and peak memory of `cloudsentry patterns` on a 1,000,000-line stream with headers, next to
// `sort | uniq -c` (which only counts identical lines) timed in the same run on the same file.
// Usage: npm run build && node bench/patterns-speed.mjs [runs=3] [lines=1000000]
// Targets (issue 4): >= 1,000,000 lines/s on one core, peak RSS <= 200 MiB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 3);
const lines = Number(process.argv[3] ?? 1_000_000);
const root = fileURLToPath(new URL('../', import.meta.url));
const shared = fileURLToPath(new URL('../../shared/', import.meta.url));
const dataDir = `${root}bench/.data/`;
const stream = lines === 1_000_000 ? `${dataDir}stream.txt` : `${dataDir}stream-${lines}.txt`;
const bin = `${root}bin/cloudsentry.js`;
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };

if (!existsSync(stream)) {
  if (!existsSync(`${shared}bench/make_stream.py`)) {
    console.log(`skipped: ${shared}bench/make_stream.py is missing`);
    process.exit(0);
  }
  mkdirSync(dataDir, { recursive: true });
  const made = spawnSync(
    'python3',
    [`${shared}bench/make_stream.py`, '--data', `${shared}loghub`, '-n', String(lines), '--seed', '1', '--header', '-o', stream],
    { stdio: 'inherit' },
  );
  if (made.status !== 0) throw new Error('make_stream.py failed');
}

const haveGnuTime = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' }).status === 0;

/** Wall seconds, CPU seconds (user + sys) and peak RSS (MiB) of one command, its output discarded. */
function measure(command, args) {
  if (haveGnuTime) {
    const run = spawnSync('/usr/bin/time', ['-v', command, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(-500)}`);
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(run.stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
    const user = /User time \(seconds\): ([\d.]+)/.exec(run.stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(run.stderr);
    const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
    return { seconds, cpu: Number(user[1]) + Number(sys[1]), rssMiB: Number(rss[1]) / 1024 };
  }
  // No GNU time: wall clock from here, and no RSS for the shell pipeline.
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: NaN, rssMiB: NaN };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const cases = [
  ['cloudsentry patterns', process.execPath, [bin, 'patterns', stream]],
  ['sort | uniq -c', '/bin/sh', ['-c', `sort '${stream}' | uniq -c`]],
  // GNU sort uses every core; this row is the one-core comparison.
  ['sort --parallel=1 | uniq -c', '/bin/sh', ['-c', `sort --parallel=1 '${stream}' | uniq -c`]],
];
const results = [];
for (const [name, command, args] of cases) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(measure(command, args));
  const seconds = median(samples.map((s) => s.seconds));
  const cpu = median(samples.map((s) => s.cpu));
  results.push({ name, seconds, cpu, rssMiB: Math.max(...samples.map((s) => s.rssMiB)), rate: lines / seconds, cpuRate: lines / cpu });
}

const mb = (statSync(stream).size / 1048576).toFixed(0);
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`${lines.toLocaleString('en-US')} lines (${mb} MiB), median of ${runs} runs, ${haveGnuTime ? 'GNU time' : 'wall clock only'}, load average ${load} on ${cpus().length} CPUs\n`);
// CPU seconds (user + sys) are the fairer figure when other work shares the machine; sort may use several cores.
console.log('| command | seconds | CPU seconds | lines/s | lines per CPU s | peak RSS (MiB) |');
console.log('|---|--:|--:|--:|--:|--:|');
const n = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
for (const r of results) {
  console.log(`| \`${r.name.replaceAll('|', '\\|')}\` | ${r.seconds.toFixed(2)} | ${Number.isFinite(r.cpu) ? r.cpu.toFixed(2) : 'n/a'} | ${n(r.rate)} | ${n(r.cpuRate)} | ${r.rssMiB.toFixed(0)} |`);
}
const [mine, naive, naiveOneCore] = results;
console.log(`\npatterns / sort|uniq -c speed ratio: ${(mine.rate / naive.rate).toFixed(2)} (one-core sort: ${(mine.rate / naiveOneCore.rate).toFixed(2)})`);
console.log(`targets: >= 1,000,000 lines/s ${mine.rate >= 1e6 ? 'met' : 'NOT met'}; peak RSS <= 200 MiB ${mine.rssMiB <= 200 ? 'met' : 'NOT met'}`);
