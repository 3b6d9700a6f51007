#!/usr/bin/env node
// The `tf` command. Build first (`pnpm turbo run build --filter=@tf/cli...`): this runs dist/.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
