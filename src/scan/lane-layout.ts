/**
 * The memory layout of a fast lane's state and the statuses of its scan: the
 * one copy, compiled both by AssemblyScript (assembly/lane-core.ts imports it
 * as '../src/scan/lane-layout') and by TypeScript (src/scan/lane.ts).
 *
 * Only `export const NAME = <decimal integer>;` lines, so that both compilers
 * read the same value: an integer literal is a number in TypeScript and an
 * i32 constant in AssemblyScript, inlined at every use like the constants
 * lane-core.ts had before (moving them here left both lanes' .wasm the same
 * size with the same code: only two globals are numbered in another order).
 * No expressions, no types, no imports (test/scan/lane-layout.test.ts
 * checks the lines, and the values the built lanes export).
 *
 * From the state's start: F64_SLOTS f64 slots, COUNTERS u32 counters, the
 * response-time buckets (u32, BUCKETS of them: the sketch's MAX_INDEX + 1,
 * from src/metrics/sketch.ts's constants in lane-core.ts), the error list
 * (ERR_CAP entries of ERR_ENTRY bytes); the template table and records are
 * further on (the lane tells JS where: tplRecords()).
 */

// ---- f64 slots (a Float64Array for JS) ----
export const S_FIRST_TS = 0;
export const S_LAST_TS = 1;
export const S_RT_SUM_US = 2;
export const S_RT_MIN = 3;
export const S_RT_MAX = 4;
export const S_MEM = 5; // 5..7: sumMilli, min, max
export const S_CPU = 8; // 8..10
export const S_MINUTE_MS = 11; // epoch ms of the current minute (set by JS)
export const F64_SLOTS = 16;

// ---- u32 counters (a Uint32Array for JS); entries are the sum of the level counts ----
export const C_LEVELS = 0; // 0..5: TRACE..FATAL
export const C_ERRORS = 6; // error and fatal entries
export const C_ERR_COUNT = 7; // error lines listed (see ERR_CAP)
export const C_RT_N = 8; // requests with a response time
export const C_MEM_N = 9;
export const C_CPU_N = 10;
export const C_LINES = 11; // lines the lane took since the last reset (entries and blank lines)
export const C_RT_LO = 12; // lowest bucket index touched (when C_RT_N > 0)
export const C_RT_HI = 13; // highest
export const C_REQUESTS = 14; // requests (with or without a response time)
export const C_PREFIX_AT = 15; // NEW_PREFIX: where the line's time starts
export const C_PER_SECOND = 16; // 16..75: requests per second of the minute
export const COUNTERS = 80;

// ---- error list: entries of u32 (line start, message start, message end as addresses; the message's template id, or TPL_NONE) ----
export const ERR_CAP = 1024;
export const ERR_ENTRY = 16; // bytes

// ---- error templates: records of u32 (arena offset, length, hash) ----
export const TPL_CAP = 2048;
export const TPL_REC = 12; // bytes

// ---- statuses: scan returns where it stopped, status() says why ----
export const RANGE_END = 0; // the next line starts at or after `stop`
export const NEED_BYTES = 1; // no '\n' between p and len: JS reads on
export const BAIL = 2; // the line at p is for the JS parser
export const NEW_PREFIX = 3; // the line at p has another minute: JS calls setMinute
export const ERRORS_FULL = 4; // the error list is full: JS drains it and scans on

// ---- container wrappers of a lane's lines (assembly/wrappers.ts setWrap) ----
export const WRAP_NONE = 0;
export const WRAP_CRI = 1; // Kubernetes' CRI log
export const WRAP_DOCKER = 2; // Docker's json-file log
