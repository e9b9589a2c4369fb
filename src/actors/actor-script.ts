/**
 * Which file an actor process runs. `npm run build` bundles the embedded
 * actor's entry module (esbuild) into `worker-main.bundle.js` beside it: one
 * file starts faster than the ~40 modules it holds (a forked actor asks for
 * work after ~60 ms instead of ~90), and `loga analyze` waits for its actors.
 * Without a bundle (tsc alone), the module itself. (The NATS actor is not
 * bundled: its client's CommonJS dependencies need `require`, and a
 * distributed worker starts once, not per job.)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function actorScript(module: URL): string {
  const path = fileURLToPath(module);
  const bundle = path.replace(/\.js$/, '.bundle.js');
  return existsSync(bundle) ? bundle : path;
}
