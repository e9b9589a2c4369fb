/** logback with the thread before the level (`%d [%thread] %-5level %logger{36} - %msg%n`). */
import { parseLogback } from '../../parsers/app/logback.js';
import { shapeLane, type LogFormat } from '../format.js';

export const logback: LogFormat = {
  name: 'logback',
  title: 'logback: date time.ms [thread] LEVEL logger - msg',
  parse: parseLogback,
  lane: shapeLane('dddd-dd-dd dd:dd:ss.fff '),
  samples: [
    // the logback manual's `[%thread] %-5level %logger{36} - %msg%n` (Chapter 1, Chapter 6) with a `%d` date
    '2024-01-24 10:15:32.123 [main] INFO  c.e.demo.Application - Started',
    '2006-10-20 14:06:49,812 [main] DEBUG chapters.introduction.HelloWorld2 - Hello world.',
    '2024-01-24 10:15:33.001 [http-nio-8080-exec-4] WARN  o.h.engine.jdbc.spi.SqlExceptionHelper - SQL Error: 0, SQLState: 08006',
  ],
  lookalikes: [
    '2024-01-24 10:15:32.123 [main] NOTALEVEL c.e.demo.Application - Started',
    '2024-01-24 10:15:32.123 [main] INFO c.e.demo.Application no separator',
  ],
  multiline: true,
};
