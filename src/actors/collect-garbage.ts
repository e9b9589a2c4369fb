/**
 * A full garbage collection on demand, for the one place an actor makes
 * garbage V8 does not see as its own: shipped chunk bytes. Every slice is a
 * fresh NATS message buffer outside the JS heap, which V8 collects only once
 * about 64 MB of such external memory has piled up since the last GC
 * ("external memory pressure"): measured, an actor shipping a 100 MB file
 * peaked at 107-113 MB (VmHWM) against 62 MB reading it itself, with a JS heap
 * of 8-18 MB. `--expose-gc` set at run time gives the function.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full GC (a few ms on an actor's small heap); a no-op where V8 refuses the flag. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
