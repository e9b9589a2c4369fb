/** HAProxy's HTTP (and TCP) log, with or without its syslog header; see src/parsers/haproxy.ts. It comes before syslog in the registry: a syslog reader takes these lines too, and the earlier wins a tie. */
import { parseHaproxy } from '../parsers/haproxy.js';
import type { LogFormat } from './format.js';

export const haproxy: LogFormat = {
  name: 'haproxy',
  title: 'HAProxy HTTP/TCP log (accept date, Tt/Ta as the response time)',
  parse: parseHaproxy,
  samples: [
    // the configuration manual's HTTP log example (§8.2.3) and TCP log example (§8.2.2)
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
    'Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0',
    // the manual's examples of timeouts (§8.5): a request that never came (no server, -1 timers)
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] px-http px-http/<NOSRV> -1/-1/-1/-1/8001 408 212 - - cR-- 2/2/2/0/0 0/0 "<BADREQ>"',
    // with <PRI> and no hostname, a server that never answered (Tr -1): a 504, as in public notes of HAProxy logs
    '<30>Jun 27 21:43:42 haproxy[22021]: 8.6.7.10:55480 [27/Jun/2019:21:42:38.916] public_ssl~ be_http/srva 0/0/0/-1/63387 504 194 - - sH-- 15/13/10/0/0 0/0 "PATCH /api/upload/4ddad61736a6 HTTP/1.1"',
    // `log stdout format raw`: no syslog header; logasap's +Tt
    '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/+109 200 +2750 - - ---- 1/1/1/1/0 0/0 "GET /index.html HTTP/1.1"',
  ],
  lookalikes: [
    // HAProxy's own notices in the same files, and a line with four timers
    'Feb  6 12:14:14 localhost haproxy[14389]: Proxy http-in started.',
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
  ],
};
