/**
 * The roles of an access-log field (src/parsers/access-line.ts): the one
 * copy, compiled both by TypeScript and by AssemblyScript
 * (assembly/access-lane.ts imports it as '../src/parsers/access-roles'), as
 * src/parsers/field-ids.ts is. Only `export const NAME = <decimal integer>;`
 * lines and comments.
 */
/** A field whose value is not a figure. */
export const A_SKIP = 0;
/** The request line (`$request`, `%r`): the message. */
export const A_REQUEST = 1;
/** The URL path (`$uri`, `%U`): the message when there is no request line. */
export const A_URL = 2;
/** Three digits. */
export const A_STATUS = 3;
/** Digits or `-` (bytes). */
export const A_COUNT = 4;
/** Apache `%t`: `[10/Oct/2000:13:55:36 -0700]`. */
export const A_TIME_CLF = 5;
/** nginx `$time_local`: `10/Oct/2000:13:55:36 -0700`. */
export const A_TIME_LOCAL = 6;
/** nginx `$time_iso8601`: `2000-10-10T13:55:36-07:00`. */
export const A_TIME_ISO = 7;
/** An epoch number (`$msec` seconds.ms, `%{sec}t`, `%{msec}t`, `%{usec}t`), scaled to ms by `shift`. */
export const A_TIME_EPOCH = 8;
/** The fraction of the second (`%{msec_frac}t`, `%{usec_frac}t`) added to the time, scaled to ms by `shift`. */
export const A_TIME_FRAC = 9;
/** A strftime layout (`%{%d/%b/%Y %T}t`), as TL_* operations. */
export const A_TIME_LAYOUT = 10;
/** A layout of a zone only (`%{%z}t`): the offset of the line's time. */
export const A_TIME_ZONE = 13;
/** A response time, scaled to ms by `shift`; `-` (where not `integer`) is none. */
export const A_RT = 11;
/** nginx `$upstream_response_time`: `0.012`, `-`, or a list `0.001, 0.002 : 0.003` (retries, redirects): the sum. */
export const A_RT_LIST = 12;
