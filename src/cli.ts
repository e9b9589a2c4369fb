#!/usr/bin/env node
/**
 * The `loga` executable. For `loga analyze` it first starts the local worker
 * actors (src/actors/prefork.ts), so that their start-up (a Node process
 * each) overlaps with loading the rest of loga here; then it loads the
 * command line (src/cli-app.ts) and runs it.
 */
import { preforkFromArgv, releasePreforked } from './actors/prefork.js';

preforkFromArgv(process.argv);
const { main } = await import('./cli-app.js');
process.exitCode = await main(process.argv);
releasePreforked(); // none adopted: the command failed before its job started
