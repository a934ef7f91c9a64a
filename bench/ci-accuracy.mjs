#!/usr/bin/env node
// Diagnosis quality of `cloudsentry diagnose --offline --json` on the real CI logs under test/fixtures/ci/,
// scored against test/fixtures/ci/expected.json. Usage: npm run build && node bench/ci-accuracy.mjs [--verbose]
// Per log: detected (not a false all-clear), category of the top incident, evidence on the first real error,
// the names the advice must carry (packages, files, tests), and how many incidents the log became.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = `${root}test/fixtures/ci/`;
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8'));
const verbose = process.argv.includes('--verbose');

const rows = [];
for (const [file, want] of Object.entries(expected)) {
  const run = spawnSync(process.execPath, [`${root}bin/cloudsentry.js`, 'diagnose', '--offline', '--json', `${dir}${file}`], {
    encoding: 'utf8',
    env: { ...process.env, ANTHROPIC_API_KEY: '', NO_COLOR: '1' },
  });
  const report = JSON.parse(run.stdout);
  const top = report.incidents[0];
  const d = top?.diagnosis;
  const text = d ? [d.title, d.rootCause, ...d.remediation, d.evidence].join('\n') : '';
  rows.push({
    file,
    detected: report.incidents.length > 0,
    category: d?.category === want.category,
    first: d !== undefined && d.evidence.toLowerCase().includes(want.first.toLowerCase()),
    mentions: d !== undefined && want.mentions.every((m) => text.includes(m)),
    incidents: report.incidents.length,
    got: d ? `${d.category}: ${d.title} | ${d.evidence}` : 'no errors',
  });
}

const count = (key) => rows.filter((r) => r[key]).length;
for (const r of rows) {
  const marks = ['detected', 'category', 'first', 'mentions'].map((k) => (r[k] ? '✔' : '✘')).join(' ');
  console.log(`${marks}  ${String(r.incidents).padStart(3)}  ${r.file}${verbose ? `\n            ${r.got}` : ''}`);
}
const n = rows.length;
const folded = rows.filter((r) => r.incidents > 0 && r.incidents <= 2).length;
console.log(`\n${n} CI logs: detected ${count('detected')}/${n}, category ${count('category')}/${n}, first error ${count('first')}/${n}, names ${count('mentions')}/${n}, folded to ≤2 incidents ${folded}/${n}, incidents total ${rows.reduce((s, r) => s + r.incidents, 0)}`);
