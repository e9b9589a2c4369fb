/** Access logs in nginx's (and Apache's) combined or common layout (SPEC §3.4), optionally followed by $request_time. */
import { nginxMinute, parseNginx } from '../parsers/nginx.js';
import type { LogFormat } from './format.js';

export const nginx: LogFormat = {
  name: 'nginx',
  title: 'access log, combined or common layout, optional $request_time (nginx, Apache)',
  parse: parseNginx,
  samples: [
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105',
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    '192.168.1.20 - - [24/Jan/2024:10:15:34 +0000] "POST /api/orders HTTP/2.0" 503 0',
  ],
  lookalikes: ['10.0.0.1 - - [99/Foo/2024:99:99:99 +0000] "GET / HTTP/1.1" 200 0 "-" "-"'],
  lane: { wasm: 'nginx-lane.wasm', minuteAt: nginxMinute },
  generator: async () => {
    const { NginxLines } = await import('../gen/access.js');
    return { entries: (rng, content) => new NginxLines(rng, content) };
  },
};
