/**
 * The nginx combined access-log line (SPEC §3.4) followed by `$request_time`:
 * `10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /api/orders/42 HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.105`
 * Every line is a request: line k is stamped GEN_START_MS + k·1000/rps. The
 * share of 5xx statuses is errorRatio (loga reads them as ERROR).
 */

import { bytes, type ByteSink, NL, SP } from './bytes.js';
import { GEN_START_MS, LineClock } from './clock.js';
import { type ContentOptions, METHODS, PATHS, Picker, responseTimeUs } from './content.js';
import type { EntryWriter } from './lines.js';
import { type Rng } from './random.js';

const STATUS_5XX = new Picker<number>([
  [500, 20],
  [502, 40],
  [503, 25],
  [504, 15],
]);

/** The other statuses: 4xx 5.5 %, 3xx 5 %, the rest 2xx. */
const STATUS_OTHER = new Picker<number>([
  [200, 85],
  [201, 3],
  [204, 2],
  [301, 1],
  [302, 1.5],
  [304, 2.5],
  [400, 1],
  [401, 1],
  [403, 0.5],
  [404, 2.5],
  [429, 0.5],
]);

const PROTOCOLS = new Picker<Uint8Array>([
  [bytes(' HTTP/1.1" '), 85],
  [bytes(' HTTP/2.0" '), 15],
]);

const REFERERS = new Picker<Uint8Array>([
  [bytes(' "-" "'), 80],
  [bytes(' "https://shop.example.com/" "'), 10],
  [bytes(' "https://shop.example.com/cart" "'), 5],
  [bytes(' "https://www.google.com/" "'), 5],
]);

const AGENTS = new Picker<Uint8Array>([
  [bytes('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" '), 40],
  [bytes('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15" '), 20],
  [bytes('Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1" '), 15],
  [bytes('python-requests/2.31.0" '), 8],
  [bytes('curl/8.5.0" '), 5],
  [bytes('Go-http-client/1.1" '), 5],
  [bytes('okhttp/4.12.0" '), 5],
  [bytes('kube-probe/1.29" '), 2],
]);

const IDENT_TIME = bytes(' - - [');
const TIME_REQUEST = bytes('] "');

/** Client addresses: a fixed pool per seed, a few clients sending most requests. */
const IP_POOL_BITS = 12;

export class NginxLines implements EntryWriter {
  private readonly clock = new LineClock();
  private readonly msPerRequest: number;
  private readonly errorRatio: number;
  private readonly ips: Uint8Array[] = [];
  private readonly values: number[] = [0, 0, 0, 0];
  private requests = 0;

  constructor(
    private readonly rng: Rng,
    opts: ContentOptions,
  ) {
    this.msPerRequest = 1000 / opts.rps;
    this.errorRatio = opts.errorRatio;
    for (let i = 0; i < 1 << IP_POOL_BITS; i++) {
      const net = rng.u32() >>> 24;
      const ip =
        net < 180
          ? `10.${rng.int(4)}.${rng.int(256)}.${rng.range(1, 254)}`
          : net < 230
            ? `192.168.${rng.int(16)}.${rng.range(1, 254)}`
            : `172.16.${rng.int(32)}.${rng.range(1, 254)}`;
      this.ips.push(bytes(ip));
    }
  }

  entry(s: ByteSink): void {
    const rng = this.rng;
    const ts = GEN_START_MS + Math.floor(this.requests * this.msPerRequest);
    this.requests++;

    const f = rng.float();
    s.put(this.ips[Math.floor(f * f * (1 << IP_POOL_BITS))]);
    s.put(IDENT_TIME);
    this.clock.nginx(s, ts);
    s.put(TIME_REQUEST);
    s.put(METHODS.pick(rng));
    s.byte(SP);
    const path = PATHS.pick(rng);
    path.draw(rng, this.values);
    path.write(s, false, this.values);
    s.put(PROTOCOLS.pick(rng));

    const status = rng.float() < this.errorRatio ? STATUS_5XX.pick(rng) : STATUS_OTHER.pick(rng);
    s.uint(status);
    s.byte(SP);
    let body: number;
    if (status === 204 || status === 304) body = 0;
    else if (status >= 300) body = rng.range(120, 600);
    else body = 128 + (rng.u32() & ((1 << rng.range(8, 16)) - 1));
    s.uint(body);

    s.put(REFERERS.pick(rng));
    s.put(AGENTS.pick(rng));
    // $request_time: seconds with millisecond resolution; a 504 is the proxy's 30 s timeout.
    const ms = status === 504 ? 30000 + rng.int(50) : Math.round(responseTimeUs(rng) / 1000);
    s.thousandths(ms);
    s.byte(NL);
  }
}
