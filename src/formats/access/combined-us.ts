/**
 * The combined access log followed by Apache's `%D`, the time taken to
 * serve the request in microseconds: `%h %l %u %t "%r" %>s %b
 * "%{Referer}i" "%{User-Agent}i" %D` (the httpd docs' way to log response
 * times) — an access definition (kind.ts) packaged as a catalogue module.
 * It comes before nginx in the registry: nginx reads a number after the
 * user agent as $request_time in seconds, and the earlier format wins a
 * tie. `%D` is an integer, nginx's `$request_time` never is (`0.105`), so
 * neither takes the other's files.
 */
import type { LogFormat } from '../format.js';
import { apacheDefinition } from './apache-string.js';
import { buildAccess } from './kind.js';

export const COMBINED_US = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D';

export const combinedUs: LogFormat = {
  ...buildAccess(apacheDefinition(COMBINED_US, 'combined_us')),
  title: 'access log, combined followed by %D (response time in µs; Apache)',
  samples: [
    // the httpd docs' combined example (mod_log_config) with its %D
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" 1532',
    '192.0.2.15 - - [24/Jan/2024:10:15:34 +0000] "POST /api/orders HTTP/1.1" 503 299 "-" "curl/8.5.0" 30012345',
    '198.51.100.7 - - [24/Jan/2024:10:15:35 +0000] "GET /missing HTTP/1.1" 404 196 "-" "Mozilla/5.0 (X11; Linux x86_64)" 287',
  ],
  lookalikes: [
    // nginx's $request_time is in seconds with a fraction; '-' is not a %D
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105',
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" -',
  ],
};
