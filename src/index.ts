/** loga's library API: what the CLI and the tests call. */
export { analyze, runEmbedded, newJobId, type AnalyzeOptions } from './analyze.js';
export { resolveInputs, inspectFile, expandGlob } from './inputs.js';
export { UsageError, InputError, NatsUnreachableError, exitCodeOf } from './errors.js';
export { DEFAULT_CHUNK_SIZE, parseSize, parseFormat } from './options.js';
export type { Summary } from './supervisor/summary.js';
export type { Figures, MinuteFigure } from './metrics/figures.js';
export { computeFigures } from './metrics/figures.js';
export { Sketch } from './metrics/sketch.js';
export { emptyPartial, merge, mergeInto, type Partial } from './metrics/partial.js';
export { toWire, fromWire, type PartialWire } from './metrics/wire.js';
export { scanChunk, ChunkScanner } from './actors/scan-chunk.js';
export { runWorkerActor } from './actors/worker.js';
export { planChunks, type PlannedFile } from './supervisor/plan.js';
export { Job } from './supervisor/job.js';
export { JobServer } from './supervisor/job-server.js';
export { Supervisor, type ChildSpec, type Child } from './supervisor/supervisor.js';
export { detectFormat, parserFor } from './parsers/detect.js';
export { generate, defaultGenOptions, type GenOptions } from './gen/generate.js';
