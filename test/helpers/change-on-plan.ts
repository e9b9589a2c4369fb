/**
 * A test hook for the CLI, loaded with `NODE_OPTIONS=--import <this file>`:
 * in the supervisor's process (not its actors), the first stat of the file
 * LOGA_TEST_CHANGE_PATH (the planning's) is followed by a change to it, so a
 * file changes under `loga analyze` at a known point, between planning and
 * reading, without racing the reader. LOGA_TEST_CHANGE: `truncate:<bytes>`,
 * `replace:<path of the file renamed over it>` or `append:<path of the bytes appended>`.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const target = process.env.LOGA_TEST_CHANGE_PATH;
const change = process.env.LOGA_TEST_CHANGE ?? '';
// cluster workers (the actors) have NODE_UNIQUE_ID
if (target !== undefined && process.env.NODE_UNIQUE_ID === undefined) {
  const statSync = fs.statSync;
  let done = false;
  const patched = ((path: fs.PathLike, opts?: fs.StatSyncOptions) => {
    const st = statSync(path, opts);
    if (!done && typeof path === 'string' && resolve(path) === target) {
      done = true;
      const [how, arg] = [change.slice(0, change.indexOf(':')), change.slice(change.indexOf(':') + 1)];
      if (how === 'truncate') fs.truncateSync(target, Number(arg));
      else if (how === 'replace') fs.renameSync(arg, target);
      else if (how === 'append') fs.appendFileSync(target, fs.readFileSync(arg));
      else throw new Error(`LOGA_TEST_CHANGE: ${change}`);
    }
    return st;
  }) as typeof fs.statSync;
  Object.assign(fs, { statSync: patched });
  syncBuiltinESMExports();
}
