/**
 * Amazon CloudFront standard (legacy) access logs: W3C extended, tab
 * separated, time-taken in seconds (AWS docs, "Standard log file fields").
 * A file with its `#Fields:` header is fitted by the w3c module (w3c.ts),
 * which names it cloudfront; this module reads CloudFront lines without
 * the header (concatenated or cut files) by the documented default fields.
 */
import { isW3cDirective } from '../parsers/w3c.js';
import type { LogFormat } from './format.js';
import { buildW3c, CLOUDFRONT_FIELDS, type W3cDefinition } from './w3c-kind.js';

const UA = 'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36';
const row = (...cols: string[]): string => cols.join('\t');

export const cloudfront: LogFormat = {
  ...buildW3c({ name: 'cloudfront', kind: 'w3c', fields: CLOUDFRONT_FIELDS, separator: '\t', timeTaken: 's' } satisfies W3cDefinition),
  title: 'Amazon CloudFront standard access log (tab-separated W3C, time-taken in s)',
  samples: [
    // the example log file of the AWS docs: a hit, a refresh hit, an origin DNS error
    row('2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200', '-', UA, '-', '-', 'Hit',
      'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==', 'd111111abcdef8.cloudfront.net', 'https', '23', '0.001', '-', 'TLSv1.2',
      'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-'),
    row('2019-12-13', '22:36:26', 'SEA19-C1', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '304', '-', UA, '-', '-', 'RefreshHit',
      'oTOoJa8I7D4dHuh8VdrQOblUX9pyhBvmeHKG9vUhnKlDNqgr2y9aXg==', 'www.example.com', 'http', '675', '0.102', '-', '-', '-', 'RefreshHit', 'HTTP/1.1',
      '-', '-', '25260', '0.102', 'RefreshHit', 'text/html', '-', '-', '-'),
    row('2019-12-13', '22:36:27', 'SEA19-C1', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/favicon.ico', '502', 'http://www.example.com/', UA,
      '-', '-', 'Error', '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==', 'www.example.com', 'http', '675', '0.102', '-', '-', '-', 'Error',
      'HTTP/1.1', '-', '-', '25260', '0.102', 'OriginDnsError', 'text/html', '507', '-', '-'),
  ],
  lookalikes: [
    // the same request with a column missing, and with spaces for tabs
    row('2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200'),
    '2019-12-04 21:02:31 LAX1 392 192.0.2.100 GET d111111abcdef8.cloudfront.net /index.html 200 - - - - Hit x d https 23 0.001',
  ],
  marker: isW3cDirective,
};
