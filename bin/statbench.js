#!/usr/bin/env node
// The `statbench` command: a tiny launcher for the compiled CLI (build it with `npm run build:electron`).
import { runCli } from '../dist/electron/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
