/** An executable on PATH (or at an absolute path), or null. */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export function which(name: string, extraDirs: readonly string[] = []): string | null {
  const dirs = isAbsolute(name) ? [''] : [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const d of dirs) {
    const p = d === '' ? name : join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}
