#!/usr/bin/env node
/**
 * The `loga` executable. For `loga analyze` it first starts the local worker
 * actors (src/cli/prefork-argv.ts), so that their start-up (a Node process
 * each) overlaps with loading the rest of loga here; then it loads the
 * command line (src/cli/main.ts) and runs it.
 */
import { setFlagsFromString } from 'node:v8';
import { releasePreforked } from './transport/prefork.js';
import { preforkFromArgv } from './cli/prefork-argv.js';

preforkFromArgv(process.argv);
// This process supervises: its hot code (checking and merging results) runs a
// few dozen times in a typical job. With V8's default budget it compiled ~23
// functions with TurboFan on background threads — 70-80 ms of CPU taken from
// the actors on a 2-core machine (the result validator alone 49 ms, fromWire
// 42 ms) for code that then ran 32 times. An 8× budget waits until the work
// proves hot; a long job still gets optimized code. Actors keep the default.
setFlagsFromString('--interrupt-budget=540672');
const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv);
releasePreforked(); // none adopted: the command failed before its job started
