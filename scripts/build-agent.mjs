// Packages the Lambda agent: esbuild bundles src/lambda/index.ts into ONE file, index.mjs (handler
// `index.handler`), zipped with fflate into dist/agent/cloudsentry-agent.zip. Reproducible: the same
// sources give the same bytes (fixed entry time, sorted entries, no absolute paths in the bundle).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

import { dirname } from 'node:path';

// CLOUDSENTRY_AGENT_ZIP writes elsewhere (the reproducibility test builds a second copy to compare).
const ZIP = process.env.CLOUDSENTRY_AGENT_ZIP || 'dist/agent/cloudsentry-agent.zip';
const OUT_DIR = dirname(ZIP);
/** DOS time cannot go before 1980; any fixed value makes the archive reproducible. */
const FIXED_TIME = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

const result = await build({
  entryPoints: ['src/lambda/index.ts'],
  bundle: true,
  write: false,
  outfile: 'index.mjs',
  format: 'esm',
  platform: 'node',
  // Lambda runs nodejs22.x or newer; node20 keeps the bundle loadable by the Node 20 that runs the tests.
  target: 'node20',
  minify: true,
  legalComments: 'none',
  // No source paths or dates in the output: only the sources decide the bytes.
  sourcemap: false,
  charset: 'utf8',
  // The zip holds no package.json for src/version.ts to read: the version is baked in.
  plugins: [
    {
      name: 'cloudsentry-version',
      setup(b) {
        b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};`, loader: 'ts' }));
      },
    },
  ],
  // Bundled CommonJS dependencies may call require(); give ESM output one.
  banner: { js: "import { createRequire as __cloudsentryRequire } from 'node:module'; const require = __cloudsentryRequire(import.meta.url);" },
  logLevel: 'warning',
});

const [bundle] = result.outputFiles;
const zip = zipSync({ 'index.mjs': [bundle.contents, { mtime: FIXED_TIME, level: 9 }] });
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(ZIP, zip);
const sha = createHash('sha256').update(zip).digest('hex');
if (process.env.CLOUDSENTRY_BUILD_QUIET !== '1') {
  console.log(`agent: ${ZIP} ${(zip.length / 1024).toFixed(0)} KiB zipped, index.mjs ${(bundle.contents.length / 1024).toFixed(0)} KiB, sha256 ${sha.slice(0, 16)}`);
}
