/** klog/glog (Kubernetes, glog): `I0124 10:15:32.123456    1234 file.go:42] msg`, the year from the file's mtime. */
import { klogParser } from '../parsers/klog.js';
import { nowContext, YearGuess } from '../parsers/year.js';
import { shapeLane, type LogFormat } from './format.js';

export const klog: LogFormat = {
  name: 'klog',
  title: 'klog/glog (Kubernetes): I0124 10:15:32.123456 1234 file.go:42] msg',
  parse: klogParser(new YearGuess(nowContext())),
  parserFor: (file) => klogParser(new YearGuess(file)),
  multiline: true,
  lane: shapeLane('kdddd dd:dd:ss.ffffff '),
  samples: [
    // klog README / glog docs: the header `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`
    'I0124 10:15:32.123456    1234 file.go:42] msg',
    // kube-scheduler / kubelet lines as klog writes them (structured logging: a quoted message and key="value" pairs)
    'I1025 00:15:15.525108       1 leaderelection.go:248] attempting to acquire leader lease kube-system/kube-scheduler...',
    'E0124 10:15:33.000042    2045 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\"" pod="default/web-0"',
    'W0124 10:15:34.987654    2045 reflector.go:424] k8s.io/client-go/informers/factory.go:150: watch of *v1.Pod ended with: an error on the server',
    'F0124 10:15:35.000001       1 server.go:99] failed to start: listen tcp :10259: bind: address already in use',
  ],
  lookalikes: [
    'I1324 10:15:32.123456    1234 file.go:42] month 13',
    'I0124 10:15:32.123456    1234 file.go:42 no bracket',
    'X0124 10:15:32.123456    1234 file.go:42] not a level letter',
  ],
};
