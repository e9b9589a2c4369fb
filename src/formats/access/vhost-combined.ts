/**
 * Apache's vhost_combined access log (Debian's default LogFormat, for
 * other_vhosts_access.log): combined preceded by the virtual host and port,
 * `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"` — an
 * access definition (kind.ts) packaged as a catalogue module. It comes
 * before nginx in the registry: nginx's lenient user field reads these lines
 * too, and the earlier format wins a tie.
 */
import type { LogFormat } from '../format.js';
import { apacheDefinition } from './apache-string.js';
import { buildAccess } from './kind.js';

export const VHOST_COMBINED = '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"';

export const vhostCombined: LogFormat = {
  ...buildAccess(apacheDefinition(VHOST_COMBINED, 'vhost_combined')),
  title: 'Apache vhost_combined access log (%v:%p before combined; Debian)',
  samples: [
    // the combined example of the httpd docs (mod_log_config), after its virtual host
    'www.example.com:80 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    // what Debian's apache2 writes to other_vhosts_access.log for its own probes
    'localhost:80 ::1 - - [24/Jan/2024:10:15:33 +0000] "OPTIONS * HTTP/1.0" 200 126 "-" "Apache/2.4.57 (Debian) (internal dummy connection)"',
    'shop.example.com:443 192.0.2.15 - - [24/Jan/2024:10:15:34 +0000] "POST /cart HTTP/1.1" 502 489 "https://shop.example.com/" "curl/8.5.0"',
  ],
  lookalikes: [
    // combined without the vhost, and a vhost without its port
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "-"',
    'www.example.com 127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326 "-" "-"',
  ],
};
