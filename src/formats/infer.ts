/**
 * Layout inference, the last resort of detection (src/formats/detect.ts):
 * a template definition for a sample no format of the registry reads.
 * Not built yet: no layout is inferred.
 */
import type { FormatDefinition } from './format.js';

export function inferLayout(_sample: Uint8Array): FormatDefinition | undefined {
  return undefined;
}
