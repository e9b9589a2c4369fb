/**
 * The ids of the structured fields (src/parsers/fields.ts fieldOf): the one
 * copy, compiled both by TypeScript and by AssemblyScript (assembly/fields.ts
 * imports it as '../src/parsers/field-ids'), as src/scan/lane-layout.ts is.
 * Only `export const NAME = <decimal integer>;` lines.
 */
export const F_NONE = 0;
export const F_TIME = 1;
export const F_LEVEL = 2;
export const F_MSG = 3;
export const F_RT_MS = 4; // a response time in ms
export const F_RT_S = 5; // a response time in seconds
export const F_MEM = 6;
export const F_CPU = 7;
