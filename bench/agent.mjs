// The Lambda agent's figures, to size the function (memory, timeout) in the template:
//   bundle size, cold import time of the zipped handler, and the time to process a 1 MB decompressed batch
//   of 10,000 events (decode → analyze → offline diagnosis → card), each against a reference measured in
//   the same run: a bare `node -e ''` start-up, and gunzip + JSON.parse of the same payload.
// Run after `npm run build`:  node bench/agent.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';

const ZIP = 'dist/agent/cloudsentry-agent.zip';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

// 1. Size.
const zip = readFileSync(ZIP);
const bundle = unzipSync(zip)['index.mjs'];
console.log(`bundle: ${ZIP} ${(zip.length / 1024).toFixed(0)} KiB zipped; index.mjs ${(bundle.length / 1024).toFixed(0)} KiB`);

// 2. Cold import: a fresh process per run, as a cold start is (the runtime's own start-up excluded in Lambda).
const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-bench-agent-'));
writeFileSync(join(dir, 'index.mjs'), bundle);
const timeChild = (code) => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1' }, encoding: 'utf8' });
  return Number(out.trim());
};
const bare = [];
const cold = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(timeChild(`const t = performance.now(); await import('node:zlib'); console.log(performance.now() - t)`));
  cold.push(timeChild(`const t = performance.now(); const m = await import('./index.mjs'); if (typeof m.handler !== 'function') process.exit(1); console.log(performance.now() - t)`));
}
const processStart = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  execFileSync(process.execPath, ['-e', ''], { env: { PATH: process.env.PATH } });
  processStart.push(performance.now() - t);
}
console.log(`cold import of index.mjs: median ${ms(median(cold))} over ${RUNS} runs (reference: node process start ${ms(median(processStart))}; ratio ${(median(cold) / median(processStart)).toFixed(2)}×)`);

// 3. A 1 MB decompressed batch of 10,000 events through the handler (offline provider, in-memory state, no network).
const { createAgentHandler, analyzeBatch } = await import('../dist/lambda/handler.js');
const { decodeSubscriptionEvent } = await import('../dist/lambda/payload.js');
const { createAgentLog } = await import('../dist/lambda/log.js');
const start = Date.UTC(2026, 11, 3, 16, 0, 0);
const logEvents = [];
for (let i = 0; i < 10_000; i++) {
  // About 100 bytes per event with its JSON envelope: 10,000 events make the 1 MB decompressed batch.
  const message =
    i % 50 === 0
      ? `ERROR Timeout after 30000ms waiting for pool orders-db (active=${i % 20})`
      : i % 97 === 0
        ? `ERROR inventory-service returned 503 for GET /v1/stock/${i}`
        : `INFO GET /v1/orders/${i} 200 ${i % 300}ms`;
  logEvents.push({ id: String(36_000_000_000_000_000_000_000n + BigInt(i)), timestamp: start + i * 10, message });
}
const json = JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/prod/orders', logStream: 's1', subscriptionFilters: ['cloudsentry'], logEvents });
const data = gzipSync(Buffer.from(json)).toString('base64');
const event = { awslogs: { data } };
console.log(`batch: ${logEvents.length.toLocaleString('en-US')} events, ${(json.length / 1024).toFixed(0)} KiB decompressed, ${(data.length / 1024).toFixed(0)} KiB as awslogs.data`);

const posted = new Map();
const suppression = {
  async decide(sighting) {
    if (posted.has(sighting.fingerprint)) return { kind: 'suppressed', sighting, total: 0 };
    posted.set(sighting.fingerprint, true);
    return { kind: 'new', sighting, token: 't' };
  },
  async release() {},
};
const handler = createAgentHandler({
  config: { tableName: 't', provider: 'offline', cooldownMinutes: 30, llmCallsPerMinute: 0, slackTop: 3, region: 'eu-west-1' },
  secrets: { get: async () => ({ slackWebhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX' }) },
  suppression,
  llm: async () => undefined,
  log: createAgentLog(() => {}),
  now: Date.now,
  version: 'bench',
  send: async () => ({ ok: true, attempts: 1 }),
});

const reference = [];
const decodeAnalyze = [];
const whole = [];
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'));
  reference.push(performance.now() - t);
  t = performance.now();
  const decoded = decodeSubscriptionEvent(event);
  analyzeBatch(decoded.payload);
  decodeAnalyze.push(performance.now() - t);
  posted.clear();
  t = performance.now();
  const result = await handler(event);
  whole.push(performance.now() - t);
  if (result.incidents < 2 || result.posted < 1) throw new Error(`unexpected result ${JSON.stringify(result)}`);
}
const rssMb = process.memoryUsage().rss / 1024 / 1024;
console.log(`reference (gunzip + JSON.parse only): median ${ms(median(reference))}`);
console.log(`decode + analyze: median ${ms(median(decodeAnalyze))} (${(median(decodeAnalyze) / median(reference)).toFixed(1)}× the reference)`);
console.log(`whole handler (decode, analyze, suppress, diagnose offline, build card; no network): median ${ms(median(whole))} (${(median(whole) / median(reference)).toFixed(1)}× the reference)`);
console.log(`resident memory after ${RUNS} batches: ${rssMb.toFixed(0)} MB`);
