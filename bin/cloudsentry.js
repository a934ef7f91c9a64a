#!/usr/bin/env node
// Thin entry: load the bundled CLI and hand its exit code to the process.
import { main } from '../dist/cloudsentry.js';

process.exitCode = await main(process.argv);
