#!/usr/bin/env node
// Pass-through cost of `cloudsentry run` against running the command directly, on 200 MB of output.
// Usage: npm run build && node bench/run.mjs [MB]
// The command writes MB of log-like lines; its stdout is read and discarded by this script in both cases.
// Target: wall-clock ratio ≤ 1.5× with flat memory (peak RSS of cloudsentry independent of output size).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MB = Number(process.argv[2] ?? 200);
const bin = fileURLToPath(new URL('../bin/cloudsentry.js', import.meta.url));
const generator = join(tmpdir(), 'cloudsentry-bench-run-gen.mjs');
writeFileSync(
  generator,
  `const line = (i) => \`2024-01-02T03:04:05.123Z INFO request \${i} handled path=/api/items/\${i % 977} status=200 dur=\${i % 97}ms\\n\`;
let chunk = ''; for (let i = 0; chunk.length < 65536; i++) chunk += line(i);
const buf = Buffer.from(chunk); const total = (Number(process.env.BENCH_MB) || ${MB}) * 1024 * 1024; let sent = 0;
function pump() { while (sent < total) { sent += buf.length; if (!process.stdout.write(buf)) return process.stdout.once('drain', pump); } 
  if (process.env.BENCH_FAIL) { console.error('Error: connect ECONNREFUSED 127.0.0.1:5432'); process.exitCode = 1; } }
pump();`,
);

/** Runs argv, discarding stdout; returns wall ms, exit code and the peak RSS of the spawned process. */
function timed(argv, env = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', ...env } });
    let bytes = 0;
    let peak = 0;
    const sample = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {}
    }, 25);
    child.stdout.on('data', (c) => (bytes += c.length));
    child.stderr.resume();
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ ms: performance.now() - started, code, bytes, peak });
    });
  });
}

const node = process.execPath;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const RUNS = 5;
const direct = [];
const wrapped = [];
const hop = [];
const startup = [];
let peakWrapped = 0;
let peakDirect = 0;
for (let i = 0; i < RUNS; i++) {
  const d = await timed([node, generator]);
  const w = await timed([node, bin, 'run', '--', node, generator]);
  if (w.bytes !== d.bytes || w.code !== 0) throw new Error(`pass-through lost output: ${w.bytes} vs ${d.bytes} bytes, exit ${w.code}`);
  // Any pass-through pays one more pipe hop: `| cat` is its floor, measured in the same run.
  hop.push((await timed(['sh', '-c', `"${node}" "${generator}" | cat`])).ms);
  startup.push((await timed([node, bin, 'run', '--', 'true'])).ms);
  direct.push(d.ms);
  wrapped.push(w.ms);
  peakDirect = Math.max(peakDirect, d.peak);
  peakWrapped = Math.max(peakWrapped, w.peak);
}
const tenth = await timed([node, bin, 'run', '--', node, generator], { BENCH_MB: String(Math.max(1, Math.round(MB / 10))) });
const failing = await timed([node, bin, 'run', '--', node, generator], { BENCH_FAIL: '1' });

console.log(`${MB} MB of output, median of ${RUNS} runs`);
console.log(`  direct (node generator)           ${median(direct).toFixed(0).padStart(6)} ms   ${(MB / (median(direct) / 1000)).toFixed(0)} MB/s   peak RSS ${peakDirect.toFixed(0)} MB (the command)`);
console.log(`  cloudsentry run -- node generator ${median(wrapped).toFixed(0).padStart(6)} ms   ${(MB / (median(wrapped) / 1000)).toFixed(0)} MB/s   peak RSS ${peakWrapped.toFixed(0)} MB (cloudsentry)`);
console.log(`  node generator | cat (one pipe hop) ${median(hop).toFixed(0).padStart(6)} ms`);
console.log(`  cloudsentry run -- true (start-up)  ${median(startup).toFixed(0).padStart(6)} ms`);
console.log(`  ratio ${(median(wrapped) / median(direct)).toFixed(2)}× against the bare command (target ≤ 1.5×); the cat hop alone: ${(median(hop) / median(direct)).toFixed(2)}×`);
console.log(`  peak RSS of cloudsentry: ${tenth.peak.toFixed(0)} MB on ${Math.max(1, Math.round(MB / 10))} MB of output, ${peakWrapped.toFixed(0)} MB on ${MB} MB (flat: the output is kept in a fixed 4 MB ring)`);
console.log(`  failing run (exit 1, diagnosis of the 4 MB tail): ${failing.ms.toFixed(0)} ms, exit ${failing.code}, peak RSS ${failing.peak.toFixed(0)} MB`);
