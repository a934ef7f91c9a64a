#!/usr/bin/env node
// Grouping accuracy of `cloudsentry patterns --label` on every Loghub-2k dataset in ../shared/loghub,
// on the raw .log lines (headers included) with the one built-in configuration.
// Usage: npm run build && node bench/patterns-accuracy.mjs
// Scored by ../shared/bench/grouping_accuracy.py (GA as in Zhu et al., ICSE-SEIP 2019). Target: average GA >= 0.95.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const shared = fileURLToPath(new URL('../../shared/', import.meta.url));
const loghub = `${shared}loghub/`;
const scorer = `${shared}bench/grouping_accuracy.py`;
const out = `${root}bench/.data/`;

// Reference GA on the extracted Content column, copied from ../shared/README.md.
const REFERENCE = {
  HDFS: [0.998, 0.998],
  Hadoop: [0.948, 0.954],
  BGL: [0.963, 0.969],
  HPC: [0.887, 0.741],
  Windows: [0.997, 0.571],
  HealthApp: [0.78, 0.576],
  OpenStack: [0.733, 0.31],
  Mac: [0.787, 0.715],
};

if (!existsSync(loghub) || !existsSync(scorer)) {
  console.log(`skipped: ${loghub} or ${scorer} is missing`);
  process.exit(0);
}
mkdirSync(out, { recursive: true });

const rows = [];
for (const name of readdirSync(loghub).sort()) {
  const log = `${loghub}${name}/${name}_2k.log`;
  const truth = `${loghub}${name}/${name}_2k.log_structured.csv`;
  if (!existsSync(log) || !existsSync(truth)) continue;
  const run = spawnSync(process.execPath, [`${root}bin/cloudsentry.js`, 'patterns', '--label', log], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
  });
  if (run.status !== 0) throw new Error(`patterns --label ${log} exited ${run.status}: ${run.stderr}`);
  const labels = run.stdout.split('\n').slice(0, -1).map((line) => line.slice(0, line.indexOf(' ')));
  const pred = `${out}${name}.labels`;
  writeFileSync(pred, `${labels.join('\n')}\n`);
  const score = spawnSync('python3', [scorer, truth, pred, '--json'], { encoding: 'utf8' });
  if (score.status !== 0) throw new Error(`scoring ${name} failed: ${score.stderr}`);
  const s = JSON.parse(score.stdout);
  rows.push({ name, lines: s.lines, events: s.gt_groups, patterns: s.pred_clusters, ga: s.GA, f1: s.PW_F1, fga: s.FGA, ref: REFERENCE[name] });
}

const f = (x) => (x === undefined ? '' : x.toFixed(3));
const avg = (key) => rows.reduce((sum, r) => sum + key(r), 0) / rows.length;
const table = [
  ['dataset', 'lines', 'true events', 'patterns', 'GA', 'pairwise F1', 'FGA', 'Drain (tuned, Content)', 'Drain3 (defaults, Content)'],
  ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
  ...rows.map((r) => [r.name, String(r.lines), String(r.events), String(r.patterns), f(r.ga), f(r.f1), f(r.fga), f(r.ref?.[0]), f(r.ref?.[1])]),
];
const known = rows.filter((r) => r.ref);
table.push([
  '**average**', '', '', '',
  `**${f(avg((r) => r.ga))}**`, f(avg((r) => r.f1)), f(avg((r) => r.fga)),
  known.length === rows.length ? f(avg((r) => r.ref[0])) : '', known.length === rows.length ? f(avg((r) => r.ref[1])) : '',
]);
for (const row of table) console.log(`| ${row.join(' | ')} |`);
const ga = avg((r) => r.ga);
console.log(`\naverage GA ${ga.toFixed(4)} over ${rows.length} datasets (target >= 0.95): ${ga >= 0.95 ? 'met' : 'NOT met'}`);
