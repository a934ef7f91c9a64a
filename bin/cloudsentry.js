#!/usr/bin/env node
// Thin entry: load the bundled CLI and hand its exit code to the process.

// A reader that goes away early (`cloudsentry patterns big.log | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Scripts and health checks call this often: answer without loading the argument parser.
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('../dist/cloudsentry.js');
  process.exitCode = await main(process.argv);
}
