/**
 * JSON Schemas of the protocol messages (SPEC §6). Compiled to standalone
 * validators at build time (scripts/build-validators.ts), so neither ajv nor
 * schema compilation costs start-up time in the supervisor or the actors.
 */

const nonNeg = { type: 'number', minimum: 0 };
const int = { type: 'integer' };
const str = { type: 'string' };
const num = { type: 'number' };
const numOrNull = { type: ['number', 'null'] };
/**
 * A format name; which names exist is the worker's registry's to say (a
 * worker may run a build with more formats): an unknown one fails the chunk
 * with a message naming it, as any other unreadable chunk.
 */
const formatName = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' };
/** A format as data (src/formats/format.ts FormatDefinition): built by the worker's FormatKind of that kind. */
const formatDef = { type: 'object', required: ['name', 'kind'], properties: { name: formatName, kind: { type: 'string', pattern: '\\S' } } };

const sketch = {
  type: 'object',
  required: ['n', 'sumUs', 'min', 'max', 'b'],
  properties: { n: nonNeg, sumUs: nonNeg, min: num, max: num, b: { type: 'array', items: nonNeg } },
};
const stat = { type: ['array', 'null'], items: num, minItems: 4, maxItems: 4 };
const partial = {
  type: 'object',
  required: ['lines', 'malformed', 'levels', 'firstTs', 'lastTs', 'minutes', 'errors', 'errorsUncounted', 'samples'],
  properties: {
    lines: nonNeg,
    malformed: nonNeg,
    continuation: nonNeg,
    levels: { type: 'array', items: nonNeg, minItems: 6, maxItems: 6 },
    firstTs: numOrNull,
    lastTs: numOrNull,
    minutes: {
      type: 'array',
      items: {
        type: 'array',
        minItems: 8,
        maxItems: 8,
        items: [int, nonNeg, nonNeg, nonNeg, sketch, stat, stat, { type: 'array', items: nonNeg, maxItems: 120 }],
      },
    },
    errors: {
      type: 'array',
      items: { type: 'array', minItems: 5, maxItems: 5, items: [str, nonNeg, str, nonNeg, nonNeg] },
    },
    errorsUncounted: nonNeg,
    samples: {
      type: 'array',
      maxItems: 10,
      items: { type: 'object', required: ['file', 'offset', 'text'], properties: { file: nonNeg, offset: nonNeg, text: str } },
    },
  },
};
/** The file as planned (src/scan/file-change.ts): its size, and its device and inode on the planner's host. */
const fileStat = { type: 'object', required: ['size'], properties: { size: nonNeg, dev: nonNeg, ino: nonNeg, host: str } };
/** A lease's token (src/supervisor/lease-token.ts): base64url. */
const token = { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' };
const chunk = {
  type: 'object',
  required: ['id', 'path', 'file', 'start', 'end', 'attempt', 'format'],
  properties: { id: int, path: str, file: nonNeg, start: nonNeg, end: nonNeg, attempt: { type: 'integer', minimum: 1 }, format: formatName, format_def: formatDef, mtime_ms: nonNeg, file_stat: fileStat, token, compression: { enum: ['gzip', 'zstd'] }, plain_start: nonNeg, plain_end: nonNeg, inflate_from: nonNeg, skip: nonNeg },
};

export const workRequest = {
  type: 'object',
  required: ['type', 'worker', 'pid', 'host'],
  properties: { type: { const: 'work' }, worker: str, pid: int, host: str },
};
export const heartbeat = {
  type: 'object',
  required: ['type', 'worker', 'pid', 'host', 'chunk', 'bytes_done', 'rss_mb', 'cpu_pct'],
  properties: {
    type: { const: 'heartbeat' },
    worker: str,
    pid: int,
    host: str,
    chunk: { type: ['integer', 'null'] },
    token,
    bytes_done: nonNeg,
    rss_mb: nonNeg,
    cpu_pct: nonNeg,
  },
};
export const result = {
  type: 'object',
  required: ['type', 'job', 'chunk', 'attempt', 'token', 'worker', 'bytes', 'ms', 'partial'],
  properties: { type: { const: 'result' }, sig: str, job: str, chunk: int, attempt: int, token, worker: str, bytes: nonNeg, ms: nonNeg, partial, split_at: nonNeg },
};
export const failed = {
  type: 'object',
  required: ['type', 'job', 'chunk', 'attempt', 'token', 'worker', 'reason', 'message'],
  properties: { type: { const: 'failed' }, sig: str, job: str, chunk: int, attempt: int, token, worker: str, reason: { enum: ['unreadable', 'error'] }, message: str },
};
export const workReply = {
  oneOf: [
    { type: 'object', required: ['type', 'job', 'chunk', 'lease_ms'], properties: { type: { const: 'lease' }, job: str, chunk: { ...chunk, required: [...chunk.required, 'token'] }, lease_ms: nonNeg } },
    { type: 'object', required: ['type', 'job', 'retry_ms'], properties: { type: { const: 'idle' }, job: str, retry_ms: nonNeg } },
    { type: 'object', required: ['type', 'job'], properties: { type: { const: 'stop' }, job: str } },
  ],
};


/**
 * One definition of a `--format-file` (src/run/format-files.ts; a file holds
 * one or an array of them): a name, a template or a regex, the time layout,
 * a level map, the response-time unit, and the samples that must parse. Not a
 * message: compiled here with the protocol's validators for the same reason
 * (no ajv at start-up). Keys are closed, so a misspelt key is said, not ignored.
 */
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const nonBlank = { type: 'string', pattern: '\\S' };
export const formatFileDefinition = {
  type: 'object',
  required: ['name', 'samples'],
  additionalProperties: false,
  properties: {
    name: formatName,
    title: str,
    template: nonBlank,
    regex: nonBlank,
    time: nonBlank,
    levels: { type: 'object', propertyNames: { pattern: '\\S' }, additionalProperties: { enum: [...LEVELS, ...LEVELS.map((l) => l.toLowerCase())] } },
    response_time_unit: { enum: ['ms', 's', 'us'] },
    samples: { type: 'array', minItems: 1, items: nonBlank },
  },
  oneOf: [{ required: ['template'] }, { required: ['regex'] }],
};
