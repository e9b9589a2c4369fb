/**
 * loga's public API: what the command line calls and what a program that
 * embeds loga may rely on. Internals (the Job, the scanner, the wire forms,
 * the transports) are in src/internal.ts, for loga's own tests; they may
 * change with any release.
 */
// the three run modes
export { analyze, type AnalyzeOptions } from './run/embedded.js';
export { supervise, type SuperviseOptions } from './run/distributed.js';
export { startWorker, type WorkerNode, type WorkerNodeOptions } from './run/worker-node.js';
export { resolveInputs } from './run/inputs.js';
// what they return and report
export type { Summary } from './supervisor/summary.js';
export type { Figures, MinuteFigure } from './metrics/figures.js';
export type { Progress } from './supervisor/job.js';
export type { LiveProgress, MetricsSink, WorkerStat } from './observe/observer.js';
// formats: the registry, and what a format module is made of
export { formats, FormatRegistry, UnknownFormatError } from './formats/registry.js';
export type { Detected, FileContext, FormatDefinition, FormatGenerator, FormatKind, FormatLookup, LaneSpec, LogFormat } from './formats/format.js';
export { detectFormat } from './formats/registry.js';
// what `loga formats` shows: the catalogue, and how each format reads a file
export { listFormats, detectFile, type FormatListing, type FileDetection, type CandidateShare } from './run/format-report.js';
// user-defined formats from JSON files (--format-file)
export { loadFormatFiles, FormatFileError } from './run/format-files.js';
export { LineRecord, LEVEL_NAMES, TRACE, DEBUG, INFO, WARN, ERROR, FATAL, type LineParser, type LevelName } from './parsers/record.js';
// what a format's parser builds on: a level word's canonical level, a message's response time, memory and cpu
export { levelAt, levelLetter, levelFromSeverity } from './parsers/levels.js';
export { scanMessage, messageAt } from './parsers/message.js';
export { YearGuess } from './parsers/year.js';
// options, errors, diagnostics
export * from './defaults.js';
export { UsageError, InputError, NatsUnreachableError, exitCodeOf } from './errors.js';
export { createLogger, type LogOptions } from './log.js';
export type { Clock, Logger } from './runtime.js';
// the test-log generator
export { generate, defaultGenOptions, type GenOptions } from './run/generate.js';
