/** Android logcat, `threadtime` and `time` output, the year from the file's mtime; `--------- beginning of main` is a marker. */
import { isLogcatMarker, logcatParser } from '../parsers/logcat.js';
import { nowContext, YearGuess } from '../parsers/year.js';
import { shapeLane, type LogFormat } from './format.js';

export const logcat: LogFormat = {
  name: 'logcat',
  title: 'Android logcat threadtime/time: 03-17 16:13:38.811  1702  2395 D Tag: msg',
  parse: logcatParser(new YearGuess(nowContext())),
  parserFor: (file) => logcatParser(new YearGuess(file)),
  multiline: true,
  marker: isLogcatMarker,
  lane: shapeLane('dd-dd dd:dd:ss.fff '),
  samples: [
    // loghub Android/Android_2k.log (threadtime)
    '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992 ActivityRecord{de9231d u0 com.tencent.qt.qtl/.activity.info.NewsDetailXmlActivity t761}}}, allDrawn= false, startingDisplayed =  false, startingMoved =  false, isRelaunching =  false',
    '03-17 16:13:38.935  1702  3697 W ActivityManager: getRunningAppProcesses: caller 10113 does not hold REAL_GET_TASKS; limiting output',
    '03-17 16:13:45.466  1702 17632 W ActivityManager: java.lang.ClassCastException: android.os.BinderProxy cannot be cast to com.android.server.am.ActivityRecord$Token',
    // a tag shorter than 8 is padded: `chatty  : `
    '12-25 11:02:32.478  7446  7446 I chatty  : uid=10086(com.example) identical 3 lines',
    // the `time` format (logcat -v time)
    '01-24 10:15:32.123 E/AndroidRuntime( 1234): FATAL EXCEPTION: main',
  ],
  lookalikes: [
    '13-17 16:13:38.811  1702  2395 D WindowManager: month 13',
    '03-17 16:13:38.811  1702  2395 Q WindowManager: not a level letter',
    '03-17 16:13:38.811  1702  2395 D WindowManager no colon after the tag',
  ],
};
