#!/usr/bin/env node
// First, so that every stack through the bundle, even one from loading the rest, names src/ lines.
import './util/source-map-stacks.js';
import { runCli } from './cli/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
