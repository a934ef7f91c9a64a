#!/usr/bin/env node
// Start-up time of the CLI against a bare `node -e 0`, measured in the same run.
// Usage: npm run build && node bench/startup.mjs [runs]
// Targets (issue 2): --version at most 1.5x, an offline diagnose of one line at most 2.5x.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 21);
const bin = fileURLToPath(new URL('../bin/cloudsentry.js', import.meta.url));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };

const cases = [
  ['node -e 0 (reference)', ['-e', '0']],
  ['cloudsentry --version', [bin, '--version']],
  ['cloudsentry diagnose (1 line, offline)', [bin, 'diagnose', '--offline', '--text', 'ERROR connect ECONNREFUSED 10.0.0.5:5432']],
];

function timeOnce(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Interleave the cases so background load affects them alike.
const samples = cases.map(() => []);
for (const [, args] of cases) timeOnce(args); // warm the file cache
for (let i = 0; i < runs; i++) cases.forEach(([, args], j) => samples[j].push(timeOnce(args)));

const reference = median(samples[0]);
const targets = [undefined, 1.5, 2.5];
console.log(`node ${process.version}, ${runs} runs each, median wall time`);
console.log('case'.padEnd(42) + 'median ms'.padStart(10) + 'ratio'.padStart(8) + 'target'.padStart(8));
cases.forEach(([name], j) => {
  const m = median(samples[j]);
  const ratio = m / reference;
  const target = targets[j];
  const verdict = target === undefined ? '' : ratio <= target ? `≤${target} ok` : `>${target} MISS`;
  console.log(name.padEnd(42) + m.toFixed(1).padStart(10) + ratio.toFixed(2).padStart(8) + verdict.padStart(10));
});
