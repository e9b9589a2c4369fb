/** The parsers' public surface: one LineParser per format (on bytes), and the level, time and message readers they share. */
export { LineRecord, TRACE, DEBUG, INFO, WARN, ERROR, FATAL, LEVEL_NAMES } from './record.js';
export type { LevelName, LineParser } from './record.js';
export { parseStandard } from './standard.js';
export { parseJson } from './json.js';
export { parseLogfmt } from './logfmt.js';
export { parseNginx } from './nginx.js';
export { levelAt, levelFromNumber } from './levels.js';
export { scanMessage } from './message.js';
export { parseIso, parseNginxTime, epochAt, daysFromCivil } from './time.js';
export { unescapeString } from './unescape.js';
