/** Python `logging` with an asctime: `date - name - LEVEL - msg`, `date - LEVEL - msg`, Flask's `[date] LEVEL in module: msg`. */
import { parsePython } from '../../parsers/app/python.js';
import { shapeLane, type LogFormat } from '../format.js';

export const python: LogFormat = {
  name: 'python',
  title: 'Python logging: date time,ms - name - LEVEL - msg (and Flask\'s [date] LEVEL in module: msg)',
  parse: parsePython,
  lane: shapeLane('dddd-dd-dd dd:dd:ss,fff '),
  samples: [
    // the Python Logging HOWTO, "Configuring Logging" (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`)
    '2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message',
    '2005-03-19 15:10:26,695 - simple_example - WARNING - warn message',
    '2005-03-19 15:10:26,697 - simple_example - CRITICAL - critical message',
    // `%(asctime)s - %(levelname)s - %(message)s`
    '2024-01-24 10:15:32,123 - ERROR - Request failed after 3 retries',
    // Flask's default handler (flask.logging.default_handler)
    '[2024-01-24 10:15:32,123] ERROR in app: Exception on /login [POST]',
  ],
  lookalikes: ['WARNING:root:Watch out!', '2005-03-19 15:10:26,618 - simple_example - LOUD - not a level'],
  multiline: true,
};
