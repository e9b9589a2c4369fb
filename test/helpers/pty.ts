/**
 * Runs a command under a pseudo-terminal (Node has none built in: python3's
 * pty module makes it), as an interactive user would: its stdin, stdout and
 * stderr are the terminal and it is the terminal's foreground process group.
 * Keys are typed on the master side when given text appears in the output: a
 * Ctrl-C (0x03) makes the line discipline send SIGINT to the whole group,
 * exactly as a terminal does. Every wait is bounded; whatever is left of the
 * group at the end is SIGKILLed.
 */
import { execa } from 'execa';

export const CTRL_C = '\x03';

export interface PtyStep {
  /** Text to wait for, in the output written since the previous step's keys. */
  waitFor: string;
  /** Typed once it appears. */
  keys: string;
}

export interface PtyRun {
  /** Everything the command wrote to the terminal (latin1, escape sequences kept). */
  output: string;
  /** For each step whose keys were typed, the offset in `output` at that moment. */
  typedAt: number[];
  /** The shell's status: the exit code, or 128 + the signal that ended it; null if it had to be killed. */
  status: number | null;
  /** Milliseconds from the first keys to the command's exit (null if none typed or it did not exit). */
  msToExit: number | null;
  timedOut: boolean;
  /** Processes of its group (the children it started) were still running 3 s after it exited. */
  leftover: boolean;
}

const SCRIPT = String.raw`
import fcntl, json, os, pty, select, signal, struct, sys, termios, time
cfg = json.loads(sys.argv[1])
steps = [(s['waitFor'].encode('latin1'), s['keys'].encode('latin1')) for s in cfg['steps']]
deadline = time.monotonic() + cfg['timeout_ms'] / 1000.0
pid, fd = pty.fork()
if pid == 0:
    try:
        os.execvp(cfg['argv'][0], cfg['argv'])
    finally:
        os._exit(127)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
out = bytearray()
typed = []
first_typed = None
status = None
exited = None

def reap(block):
    global status, exited
    done, st = os.waitpid(pid, 0 if block else os.WNOHANG)
    if done:
        exited = time.monotonic()
        code = os.waitstatus_to_exitcode(st)
        status = 128 - code if code < 0 else code

while time.monotonic() < deadline:
    if status is None:
        reap(False)
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        out += data
        while len(typed) < len(steps) and steps[len(typed)][0] in out[(typed[-1] if typed else 0):]:
            typed.append(len(out))
            os.write(fd, steps[len(typed) - 1][1])
            if first_typed is None:
                first_typed = time.monotonic()
    elif status is not None:
        break
while status is None and time.monotonic() < deadline:
    reap(False)
    if status is None:
        time.sleep(0.01)

def group_running():
    # a member of its process group that has not exited (zombies, exited and not yet reaped, do not count)
    if not os.path.isdir('/proc/self'):
        try:
            os.killpg(pid, 0)
            return True
        except ProcessLookupError:
            return False
    for p in os.listdir('/proc'):
        if not p.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % p) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid and fields[0] != 'Z':
            return True
    return False

left_until = min(deadline, time.monotonic() + 3.0)
while status is not None and group_running() and time.monotonic() < left_until:
    time.sleep(0.01)
leftover = status is not None and group_running()
try:
    os.killpg(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
timed_out = status is None
if timed_out:
    reap(True)
    status = None
ms = None if first_typed is None or exited is None or timed_out else round((exited - first_typed) * 1000)
print(json.dumps({'output': out.decode('latin1'), 'typedAt': typed, 'status': status, 'msToExit': ms, 'timedOut': timed_out, 'leftover': leftover}))
`;

/** Runs argv under a pty, types each step's keys once its text appears, and reports what happened (at most timeoutMs). */
export async function runInPty(argv: string[], steps: PtyStep[], timeoutMs: number): Promise<PtyRun> {
  const r = await execa('python3', ['-c', SCRIPT, JSON.stringify({ argv, steps, timeout_ms: timeoutMs })], {
    reject: false,
    timeout: timeoutMs + 10_000,
    stdin: 'ignore',
  });
  if (r.exitCode !== 0) throw new Error(`python3 pty helper failed (exit ${r.exitCode}): ${String(r.stderr)}`);
  return JSON.parse(String(r.stdout)) as PtyRun;
}
