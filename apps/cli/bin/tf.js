#!/usr/bin/env node
// The `tf` command. Build first (`pnpm turbo run build --filter=@tf/cli...`): this runs dist/.
import { runCli } from '../dist/main.js';

await runCli(process.argv);
