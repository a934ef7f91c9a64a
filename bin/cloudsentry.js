#!/usr/bin/env node
// Thin entry: load the built CLI and hand its exit code to the process.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
