/** The Apache httpd error log, 2.2 (`[ctime] [level] msg`) and 2.4 (`[ctime.usec] [module:level] [pid N:tid M] [client ip:port] msg`). */
import { contextAt, parseApacheError } from '../parsers/apache-error.js';
import { shapeLane, type LogFormat } from './format.js';

export const apacheError: LogFormat = {
  name: 'apache-error',
  title: 'Apache httpd error log, 2.2 and 2.4: [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1:tid 2] msg',
  parse: parseApacheError,
  // 2.4's time (2.2's, without the microseconds, goes to JS); the lane skips the context fields (mode 1)
  lane: shapeLane('[??? ??? ?? dd:dd:ss.ffffff dddd] ', { mode: 1, keyEnd: () => contextAt }),
  samples: [
    // loghub Apache/Apache_2k.log (httpd 2.2 / mod_jk)
    '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
    '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
    '[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/',
    // httpd 2.4 docs, logs.html#errorlog
    '[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does not exist: /usr/local/apache2/htdocs/favicon.ico',
    // httpd 2.4 docs, core.html#errorlogformat: an AH code and a referer
    '[Thu May 12 08:28:57.652118 2011] [core:error] [pid 8777:tid 4326490112] [client ::1:58619] AH00128: File does not exist: /usr/local/apache2/htdocs/favicon.ico, referer: http://localhost/',
    // httpd 2.4 with the prefork MPM (no tid), as a stock CentOS 7 install writes it
    "[Tue Mar 20 15:08:41.147042 2018] [core:notice] [pid 1451] AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'",
    '[Tue Mar 20 15:08:41.147042 2018] [ssl:trace3] [pid 1451] ssl_engine_io.c(2221): OpenSSL: read 5/5 bytes from BIO',
  ],
  lookalikes: [
    '[Sun Dec 04 04:47:44 2005] [loud] not a level',
    '[Sun Dec 32 04:47:44 2005] [error] day 32',
    '[Sun Dec 04 04:47:44] [error] no year',
  ],
  generator: async () => {
    const { ApacheErrorLines } = await import('../gen/apache-error.js');
    return { entries: (rng, content) => new ApacheErrorLines(rng, content) };
  },
};
