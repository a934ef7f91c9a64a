#!/usr/bin/env node
// Thin entry: load the bundled CLI and hand its exit code to the process.

process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
    // A reader that goes away early (`cloudsentry patterns big.log | head`) is not an error. A command that
    // still has work to do once its output is gone (forwarding to Slack) listens too, and carries on.
    if (process.stdout.listenerCount('error') <= 1) process.exit(process.exitCode ?? 0);
    return;
  }
  // A full disk, a closed descriptor: one line, exit 1, never a stack trace.
  const reason = error.code === 'ENOSPC' ? 'no space left on device' : String(error.message).split(',')[0];
  process.stderr.write(`cloudsentry: cannot write the output: ${reason} (${error.code ?? 'error'})\n`);
  process.exit(1);
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
