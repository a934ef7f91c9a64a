// Bundles the compiled CLI into dist/cloudsentry.js so start-up reads a few files instead of ~100 modules.
// The SDKs stay external: they are imported lazily, only by the runs that use them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the old ones so stale chunks never ship.
rmSync('dist/chunks', { recursive: true, force: true });

await build({
  entryPoints: { cloudsentry: 'dist/cli/main.js' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The AWS SDK stays external too: bundled, its CommonJS clients lose their named exports under import().
  external: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@slack/webhook', '@aws-sdk/*'],
  // Bundled CommonJS dependencies may call require(); give ESM output one.
  banner: { js: "import { createRequire as __cloudsentryRequire } from 'node:module'; const require = __cloudsentryRequire(import.meta.url);" },
  logLevel: 'warning',
});
