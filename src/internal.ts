/**
 * loga's internals, for its own tests (as nats.js keeps internal_mod.ts apart
 * from mod.ts): the public API (src/index.ts) and every piece below it that a
 * test drives directly. Tests import from here or from src/index.ts, never a
 * deeper path, so moving a file inside src/ changes this module only.
 */
export * from './index.js';
// run modes and the command line
export { runEmbedded } from './run/embedded.js';
export { waitingWarner, WAITING_WARN_MS } from './run/distributed.js';
export { runJob, newJobId, type JobSpec, type JobContext, type ServeJob } from './run/job-runner.js';
export { inspectFile, expandGlob } from './run/inputs.js';
export { parseCommandLine, main, buildCli, COMMANDS, version, type CommandLine } from './cli/main.js';
export { emitSummary, exitStatusOf } from './cli/output.js';
export { preforkFromArgv } from './cli/prefork-argv.js';
export { parseSize, formatSize, parseCount } from './cli/values.js';
export { parseFormat } from './cli/options.js';
// the observer
export { MetricsObserver, ACTIVE_WINDOW_MS } from './observe/observer.js';
// supervision and the job
export { Job, type WorkerInfo } from './supervisor/job.js';
export { JobServer, PARK_MS } from './supervisor/job-server.js';
export { Supervisor, type Child, type ChildSpec, type RestartPolicy } from './supervisor/supervisor.js';
export { planChunks, TAIL_PIECES, MIN_TAIL_PIECE, type PlannedFile } from './supervisor/plan.js';
export { buildSummary } from './supervisor/summary.js';
export { silentLogger, systemClock } from './runtime.js';
export { processChild, SIGINT_EXIT_DELAY_MS } from './supervisor/process-child.js';
// actors
export { runWorkerActor, type WorkerActorOptions } from './actors/worker.js';
export { adoptPreforked, prefork, releasePreforked, WORKER_MAIN } from './transport/prefork.js';
// reading chunks
export { fileChange, ChangedFileError, type PlannedStat } from './scan/file-change.js';
export { ChunkScanner, scanChunk, MAX_LINE, type ByteSource, type ChunkRange, type LineReading, type ScanOptions } from './scan/chunk-scanner.js';
export { Accumulator, errorTemplate } from './scan/accumulator.js';
export { Lane } from './scan/lane.js';
export * as laneLayout from './scan/lane-layout.js';
// the mergeable value and the figures
export {
  addError,
  addSample,
  addStat,
  emptyMinute,
  emptyPartial,
  merge,
  mergeInto,
  newSeconds,
  ERROR_TEMPLATES_PRUNE_AT,
  MAX_ERROR_TEMPLATES,
  MAX_MALFORMED_SAMPLES,
  type MinuteRow,
  type PartialMetrics,
  type Stat,
} from './metrics/partial.js';
export { Sketch, MAX_INDEX, type SketchWire } from './metrics/sketch.js';
export { toWire, fromWire, type PartialWire } from './metrics/wire.js';
export { wireProblem, MAX_PARTIAL_MINUTES } from './metrics/wire-check.js';
export { computeFigures, minuteFigure } from './metrics/figures.js';
export { PackedMinutes, packRow, unpackRow, HOT_ROWS } from './metrics/packed-minutes.js';
export { renderSummary } from './report/table.js';
// parsers and formats
export { DETECT_BYTES, FALLBACK_FORMAT, INFER_BELOW, INFERRED_SHARE, candidatesFor, pick } from './formats/detect.js';
export { rank, detectionSample, type Candidate, type Ranked, type Ranking } from './formats/ranking.js';
export { notText } from './run/inputs.js';
export { StdinSpool, STDIN } from './run/stdin.js';
export { isContinuation } from './parsers/continuation.js';
export { YearGuess, nowContext, type FileContext } from './parsers/year.js';
export { levelLetter, levelFromSeverity } from './parsers/levels.js';
export { readingOf } from './formats/format.js';
export { describeTemplate, inferLayout } from './formats/infer.js';
export { buildTemplate, templateDefinition, templateKind, type TemplateDefinition } from './formats/user/template.js';
export { compileMatcher, type TemplateMatcher } from './formats/user/template-matcher.js';
export { parseTemplate, writeTemplate, type TemplatePart } from './formats/user/template-syntax.js';
export { parseStandard } from './parsers/standard.js';
export { parseJson } from './parsers/json.js';
export { parseLogfmt } from './parsers/logfmt.js';
export { parseNginx } from './parsers/nginx.js';
// access logs: the server's own format string, the load balancers', W3C, HAProxy
export { accessKind, accessProgram, buildAccess, type AccessDefinition, type AccessFieldDef, type AccessRole } from './formats/access/kind.js';
export { nginxDefinition, NGINX_COMBINED } from './formats/access/nginx-string.js';
export { apacheDefinition, APACHE_COMBINED } from './formats/access/apache-string.js';
export { compileStrftime } from './formats/access/strftime.js';
export { fitW3c } from './formats/w3c.js';
export { buildW3c, w3cKind, CLOUDFRONT_FIELDS, IIS_FIELDS, type W3cDefinition } from './formats/w3c-kind.js';
export { parseAlb, parseElb } from './parsers/aws-elb.js';
export { parseHaproxy } from './parsers/haproxy.js';
export { isW3cDirective } from './parsers/w3c.js';
export { levelFromNumber } from './parsers/levels.js';
export { compileTimeLayout, layoutEnd, TIME_LAYOUTS, type TimeLayout } from './parsers/time-layout.js';
export { dayMs, daysFromCivil, epochAt, lastEnd, parseIso, parseNginxTime, timeValueAt } from './parsers/time.js';
// the protocol and the transports
export type { Chunk, ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from './protocol/messages.js';
export { checkWorkerMessage, isWorkReply } from './protocol/validate.js';
export type { SupervisorHandlers, SupervisorTransport, WorkerPort } from './protocol/ports.js';
export { LocalWorkerPort } from './transport/local.js';
export { NatsWorkerPort } from './transport/nats/worker-port.js';
export { startInProcessActor } from './run/in-process-actor.js';
export { allowCheck, startActorPool } from './transport/nats/actors.js';
export { shippedRange } from './transport/nats/bytes.js';
export { decodePayload, encodeResult, MAX_INFLATED, ResultAssembler } from './transport/nats/codec.js';
export { connectNats, connectOptions, drainOrClose } from './transport/nats/connect.js';
export { natsOptions, subjects, type NatsOptions } from './transport/nats/options.js';
export { secretFrom, Signer, signerOf } from './transport/nats/signing.js';
export { natsMetricsSink, fitSummary } from './transport/nats/metrics-sink.js';
// the generator's parts
export { GEN_FORMATS, genFormats, GenOptionsError } from './run/generate.js';
export { MalformedLines } from './gen/malformed.js';
export { ERRORS, FATALS, MESSAGES, PATHS, Picker, Template } from './gen/content.js';
export { Rng, lognormalTable, normalQuantile } from './gen/random.js';
// user-defined formats
export { formatFilesFromEnv, readFormatFile } from './run/format-files.js';
export { buildRegexFormat, latin1Source, regexKind, type RegexDefinition, type RegexFormat } from './formats/user/regex.js';
export { compileLevelMap } from './formats/user/level-map.js';
export { DefinitionError } from './formats/user/definition-error.js';
