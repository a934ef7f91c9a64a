import { PRIORITY, type KnowledgeEntry } from '../types.js';

const NATIVE_CRASH_STEPS = [
  'Get the native stack: the core dump (`coredumpctl info <pid>` / `coredumpctl gdb`), the JVM `hs_err_pid*.log`, or Python’s `faulthandler` output.',
  'Find the library in the top frames (a native extension, a JNI library, the runtime itself) and upgrade, rebuild or pin it for this platform and runtime version.',
  'Reproduce with the same input under a debugger or sanitizer (ASan) if the crash is in your own native code.',
];

/** Process crashes below the language's own exceptions: native aborts, signals, fatal runtime errors. */
export const runtimeEntries: KnowledgeEntry[] = [
  {
    id: 'runtime.jvm-fatal',
    category: 'code.exception',
    severity: 'critical',
    confidence: 0.8,
    priority: PRIORITY.exact,
    title: 'JVM crashed in native code',
    rootCause: 'The Java virtual machine itself crashed (SIGSEGV/SIGBUS) — almost always in a native library (JNI, compression, a driver), not in Java code.',
    remediation: NATIVE_CRASH_STEPS,
    match: ['A fatal error has been detected by the Java Runtime Environment', /# Problematic frame:/],
  },
  {
    id: 'runtime.cpp-terminate',
    category: 'code.exception',
    severity: 'high',
    confidence: 0.8,
    priority: PRIORITY.exact,
    title: 'C++ program aborted on an uncaught exception',
    rootCause: 'A C++ exception escaped to the top of a thread, so the runtime called `std::terminate` and aborted; `what()` names it.',
    remediation: [
      'Read `what():` for the failing operation and catch the exception where it can be handled.',
      'Run the binary under gdb (`catch throw`) to see where it was thrown.',
      'Check the input or configuration that made the call fail (an out-of-range index, a missing file).',
    ],
    match: ['terminate called after throwing an instance of', 'terminate called without an active exception'],
  },
  {
    id: 'runtime.abort-signal',
    category: 'code.exception',
    severity: 'high',
    confidence: 0.65,
    priority: PRIORITY.generic + 5,
    title: 'Process aborted or killed by a fatal signal',
    rootCause:
      'The process ended on a fatal signal (SIGABRT from a failed assertion or `abort()`, SIGSEGV/SIGBUS from invalid memory access) and may have left a core dump.',
    remediation: NATIVE_CRASH_STEPS,
    match: [
      /\bAborted \(core dumped\)/,
      /\bcode=(?:dumped|killed), status=(?:6\/ABRT|11\/SEGV|7\/BUS|4\/ILL|8\/FPE)\b/,
      /\bFailed with result 'core-dump'/,
      /\bAssertion [`'][^\n]{1,200}' failed\b/,
      'Fatal Python error',
      /\bterminated abnormally by signal\b/,
      /\bsegfault at [0-9a-f]+ ip\b/,
      /\bgeneral protection fault\b/,
    ],
  },
  {
    id: 'gunicorn.worker-timeout',
    category: 'resource.timeout',
    severity: 'high',
    confidence: 0.85,
    priority: PRIORITY.exact,
    title: 'gunicorn worker timed out',
    rootCause: 'A gunicorn worker did not answer the arbiter within `--timeout` (30 s by default): a request ran too long or the worker was blocked (slow downstream call, CPU-bound work, swapping).',
    remediation: [
      'Find the slow requests at that time (access log durations, APM traces) and what they wait on.',
      'Move long work out of the request (a task queue), or use async/threaded workers for I/O-bound apps.',
      'Raise `--timeout` only for endpoints that are legitimately slow; check memory too if the host was swapping.',
    ],
    match: ['WORKER TIMEOUT'],
  },
  {
    id: 'gunicorn.kill-after-timeout',
    category: 'resource.timeout',
    severity: 'high',
    confidence: 0.8,
    priority: PRIORITY.exact + 6,
    title: 'gunicorn killed a worker that had timed out',
    rootCause:
      'The arbiter killed a worker right after its WORKER TIMEOUT; gunicorn’s "Perhaps out of memory?" is a guess, and here the timeout explains the kill.',
    remediation: [
      'Treat it as the timeout: find the slow requests at that time and what they wait on.',
      'Move long work out of the request or raise `--timeout` for legitimately slow endpoints.',
      'Only if no timeout precedes the kill, check the kernel log for the OOM killer (`dmesg -T | grep -i oom`).',
    ],
    match: [/\bwas sent SIGKILL\b/, /\bterminated due to signal (?:9|6)\b/, /\bWorker \(pid:\d+\) exited with code\b/],
    whenContext: ['WORKER TIMEOUT'],
  },
];
