/** The parsers' public surface: one LineParser per format, detection, and the helpers the scanner needs. */
export { LineRecord, TRACE, DEBUG, INFO, WARN, ERROR, FATAL, LEVEL_NAMES, FORMATS } from './record.js';
export type { LevelName, LineParser, Format, FormatOption } from './record.js';
export { parseStandard } from './standard.js';
export { parseJson } from './json.js';
export { parseLogfmt } from './logfmt.js';
export { parseNginx } from './nginx.js';
export { detectFormat, parserFor, DETECT_BYTES } from '../formats/detect.js';
export { levelAt, levelFromNumber } from './levels.js';
export { scanMessage } from './message.js';
export { parseIso, parseNginxTime, epochAt, daysFromCivil } from './time.js';
export { unescapeString } from './unescape.js';
