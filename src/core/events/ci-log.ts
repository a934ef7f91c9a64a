/**
 * CI log forms: the prefixes CI systems put before each line (GitHub Actions timestamps and workflow
 * commands, the job and step columns of `gh run view --log-failed`, GitLab section markers, Jenkins
 * timestamps), the failure lines of build tools that carry no level word, and the multi-line blocks
 * (an `npm ERR!` block, a pytest failure section, a Maven BUILD FAILURE block, a jest failure) that
 * make one failure.
 */

/** A plain line. */
export const CI_PLAIN = 0;
/** A line that only frames the log (`##[endgroup]`, an empty GitLab section marker): dropped. */
export const CI_DROP = 1;
/** A workflow command that reports an error (`##[error]…`, `::error …::…`). */
export const CI_ERROR = 2;
/** A workflow command that reports a warning. */
export const CI_WARNING = 3;

/** What the CI framing said about a line: one of the CI_* constants. */
export type CiKind = typeof CI_PLAIN | typeof CI_DROP | typeof CI_ERROR | typeof CI_WARNING;

/** A line with its CI prefix removed. */
export interface CiLine {
  text: string;
  kind: CiKind;
  /** Epoch ms of the CI system's own timestamp, when the prefix had one. */
  timestamp: number | undefined;
}

const GH_STAMP_LENGTH = 28; // 2023-03-06T10:11:12.1234567Z

/**
 * Strips the CI prefix of one ANSI-free line; the line untouched (kind CI_PLAIN) when it has none.
 * Fills `out` (reused by the assembler, so a line costs no allocation) and returns it.
 */
export function readCiLine(line: string, out: CiLine = { text: line, kind: CI_PLAIN, timestamp: undefined }): CiLine {
  out.text = line;
  out.kind = CI_PLAIN;
  out.timestamp = undefined;
  let text = line;
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (isGithubStamp(text, 0)) {
      out.timestamp = stampMs(text, 0);
      text = text.slice(GH_STAMP_LENGTH + 1);
    }
  } else if (c === 91) {
    const end = jenkinsStampEnd(text);
    if (end > 0) {
      out.timestamp = Date.parse(text.slice(1, end - 1));
      text = text.slice(end + 1);
    }
  } else if (c === 115) {
    if (text.startsWith('section_start:') || text.startsWith('section_end:')) return gitlabSection(text, out);
  } else {
    const columns = ghLogFailedColumnsEnd(text);
    if (columns > 0) {
      out.timestamp = stampMs(text, columns);
      text = text.slice(columns + GH_STAMP_LENGTH + 1);
    }
  }
  const w = text.charCodeAt(0);
  if (w === 35) {
    const step = buildKitStepEnd(text);
    if (step > 0) text = text.slice(step);
    else return workflowCommand(text, out);
  } else if (w === 58) {
    return workflowCommand(text, out);
  }
  out.text = text;
  return out;
}

/** BuildKit's progress prefix, `#12 ` and, on output lines, the seconds (`#12 3.456 `): where the text starts. */
function buildKitStepEnd(s: string): number {
  let i = 1;
  while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === 1 || i > 5 || s.charCodeAt(i) !== 32) return -1;
  let j = i + 1;
  while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j > i + 1 && s.charCodeAt(j) === 46) {
    let k = j + 1;
    while (s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k > j + 1 && s.charCodeAt(k) === 32) return k + 1;
  }
  return i + 1;
}

/** `2023-03-06T10:11:12.1234567Z ` at pos: GitHub's runner timestamp (always seven fractional digits). */
function isGithubStamp(s: string, pos: number): boolean {
  return (
    s.charCodeAt(pos + 4) === 45 &&
    s.charCodeAt(pos + 10) === 84 &&
    s.charCodeAt(pos + 19) === 46 &&
    s.charCodeAt(pos + 27) === 90 &&
    (s.charCodeAt(pos + 28) === 32 || pos + 28 === s.length)
  );
}

function stampMs(s: string, pos: number): number | undefined {
  const ms = Date.parse(`${s.slice(pos, pos + 23)}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `[2024-01-02T03:04:05.123Z] ` (Jenkins timestamper): the index of the space after "]", or -1. */
function jenkinsStampEnd(s: string): number {
  const d = s.charCodeAt(1);
  if (d < 48 || d > 57 || s.charCodeAt(5) !== 45 || s.charCodeAt(11) !== 84) return -1;
  const close = s.indexOf('] ', 12);
  return close > 0 && close < 40 && s.charCodeAt(close - 1) === 90 ? close + 1 : -1;
}

/** `job<TAB>step<TAB>2023-…Z line` from `gh run view --log-failed`: where the timestamp starts, or -1. */
function ghLogFailedColumnsEnd(s: string): number {
  const first = s.indexOf('\t');
  if (first < 1 || first > 200) return -1;
  const second = s.indexOf('\t', first + 1);
  if (second < 0 || second - first > 300) return -1;
  return isGithubStamp(s, second + 1) ? second + 1 : -1;
}

/** `section_start:1685000001:step_script\r<ESC>[0KExecuting…`: the text after the marker, or dropped. */
function gitlabSection(s: string, out: CiLine): CiLine {
  const cr = s.indexOf('\r');
  const rest = cr < 0 ? '' : s.slice(cr + 1);
  out.text = rest;
  if (rest.trim() === '') out.kind = CI_DROP;
  return out;
}

/** GitHub workflow commands: `##[group]Run x`, `##[error]msg`, `::error file=a,line=3::msg`, `::endgroup::`. */
function workflowCommand(s: string, out: CiLine): CiLine {
  out.text = s;
  if (s.startsWith('##[')) {
    const close = s.indexOf(']', 3);
    if (close < 0 || close > 20) return out;
    return command(s.slice(3, close), s.slice(close + 1), out);
  }
  if (s.charCodeAt(1) === 58) {
    const close = s.indexOf('::', 2);
    if (close < 0) return out;
    const space = s.indexOf(' ', 2);
    const name = s.slice(2, space > 0 && space < close ? space : close);
    return command(name, s.slice(close + 2), out);
  }
  return out;
}

function command(name: string, message: string, out: CiLine): CiLine {
  switch (name) {
    case 'error':
      out.kind = CI_ERROR;
      break;
    case 'warning':
      out.kind = CI_WARNING;
      break;
    case 'endgroup':
      out.kind = CI_DROP;
      break;
    case 'group':
    case 'command':
    case 'notice':
    case 'debug':
    case 'section':
      break;
    default:
      return out;
  }
  out.text = message;
  if (message.trim() === '' && out.kind === CI_PLAIN) out.kind = CI_DROP;
  return out;
}

// Failure lines of build tools that carry no level word (the CI-flavoured false all-clears of issue #11).
const TSC_ERROR = /^\S.{0,300}\(\d+,\d+\): error TS\d+: |^error TS\d+: |^\S+:\d+:\d+ - error TS\d+: /;
const PYTEST_E_LINE = /^E {3}/;
const PYTEST_FAILED = /^(?:FAILED|ERROR) \S+::\S/;
const ESLINT_ROW = /^\s+\d+:\d+\s+error\s/;
// gcc/clang/javac "file.c:3:10: error: …" (column optional), go build "./main.go:12:5: undefined: x".
const COMPILER_LINE = /^[\w./\\-]{1,300}\.(?:c|cc|cpp|cxx|h|hpp|m|java|kt|scala|swift|cs|go):\d+:(?:\d+:)? (?:(?:fatal )?error: |[^:\n]{0,40}(?:undefined|cannot|not|expected|missing|invalid|unknown|too many|declared and not used))/;

/** True when an unlevelled line reports a build, test or package-manager failure. */
export function isCiFailureLine(text: string): boolean {
  if (startsCiFailure(text)) return true;
  if (text.includes('error TS')) return TSC_ERROR.test(text);
  return (text.includes('error: ') || text.includes('.go:')) && COMPILER_LINE.test(text);
}

function startsCiFailure(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 110: // n
      return text.startsWith('npm error ') || text.startsWith('npm ERR!');
    case 101: // e
      return text.startsWith('error[E') || text.startsWith('error Your lockfile needs') || text.startsWith('error Command failed');
    case 69: // E
      return PYTEST_E_LINE.test(text) || text.startsWith('ERR_PNPM_') || PYTEST_FAILED.test(text);
    case 70: // F
      return PYTEST_FAILED.test(text) || text.startsWith('FATAL ERROR: ');
    case 45: // -
      return text.startsWith('--- FAIL: ');
    case 32: // space: pnpm's " ERR_PNPM_…", jest's " FAIL  file", an eslint row
      return text.startsWith(' ERR_PNPM_') || text.startsWith(' FAIL ') || ESLINT_ROW.test(text);
    case 95: // _ pytest's "____ test_name ____" section header
      return PYTEST_SECTION.test(text);
    case 61: // =
      return PYTEST_FAILURES.test(text);
    case 102: // f
      return text.startsWith('failed to solve: ');
    default:
      return false;
  }
}

/** True when a line inside an event shows the event is a failure (an eslint row, a pytest E line). */
export function isCiFailureInside(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 69) return PYTEST_E_LINE.test(line);
  return c === 32 && (ESLINT_ROW.test(line) || line.startsWith(' ERR_PNPM_'));
}

const CLOSING = [
  'Process completed with exit code ',
  'Error: Process completed with exit code ',
  'Error: The process ',
  'ERROR: Job failed',
  'script returned exit code ',
  'ERROR: script returned exit code ',
  'Finished: FAILURE',
  'error Command failed with exit code ',
  'Exited with code ',
  'lerna ERR! ',
  ' ELIFECYCLE ',
  'ELIFECYCLE ',
  'make: *** ',
  'FAIL\t',
  'The command "',
  'npm ERR! code ELIFECYCLE',
  'npm error code ELIFECYCLE',
  'npm ERR! A complete log of this run',
  'npm error A complete log of this run',
  'error: could not compile ',
  'error: aborting due to ',
  'error: failed to compile ',
  'ERROR: ResolutionImpossible',
  'ERROR: No matching distribution found',
  'The operation was canceled',
  'ERROR: process "',
  'ERROR: failed to solve: ',
  'failed to solve: ',
  'error: failed to solve: ',
  'ERROR: executor failed running ',
  "The command '",
  'Error: buildx failed with: ',
  'ERROR: Job failed: ',
  'FAILURE: Build failed with an exception',
  'BUILD FAILED in ',
  // Summaries a tool prints after the error it already reported.
  'For more information about this error',
  'For more information about an error',
  'Some errors have detailed explanations',
  '✖ ',
  'Failure reason:',
  'Aborted (core dumped)',
];

// Keyed by first character: error events are checked against these, and most match none at the first letter.
const CLOSING_BY_FIRST = new Map<number, string[]>();
for (const prefix of [...CLOSING, 'FAIL']) {
  const list = CLOSING_BY_FIRST.get(prefix.charCodeAt(0)) ?? [];
  list.push(prefix);
  CLOSING_BY_FIRST.set(prefix.charCodeAt(0), list);
}

/**
 * A line that only reports that a step, script or job ended badly ("Process completed with exit code 1",
 * npm's ELIFECYCLE, "ERROR: Job failed", Jenkins' "Finished: FAILURE"): after a real error it adds nothing.
 */
export function isClosingStatus(text: string): boolean {
  const prefixes = CLOSING_BY_FIRST.get(text.charCodeAt(0));
  if (prefixes === undefined) return false;
  if (text === 'FAIL') return true;
  for (const prefix of prefixes) if (text.startsWith(prefix)) return true;
  return false;
}

/** No multi-line CI block. */
export const CI_BLOCK_NONE = 0;
/** `npm ERR!` / `npm error` lines. */
export const CI_BLOCK_NPM = 1;
/** Maven `[ERROR]` lines with the `[INFO]` separators and BUILD FAILURE lines between them. */
export const CI_BLOCK_MAVEN = 2;
/** A pytest FAILURES section, up to its closing `=== N failed … ===` line. */
export const CI_BLOCK_PYTEST = 3;
/** A jest `FAIL file` / `●` report: indented lines and blanks until the next unindented line. */
export const CI_BLOCK_JEST = 4;

/** pip's "Cannot install … conflicting dependencies" report, up to its `ERROR: ResolutionImpossible` line. */
export const CI_BLOCK_PIP = 5;

/** Which CI block an event is: one of the CI_BLOCK_* constants. */
export type CiBlock = 0 | 1 | 2 | 3 | 4 | 5;

const PIP_CONFLICT = /^ERROR: Cannot install .{1,2000} because these package versions have conflicting dependencies/;
const PIP_REPORT_LINE = /^(?:\s|The conflict is caused by|To fix this|\d+\. |ERROR: ResolutionImpossible)/;

const PYTEST_FAILURES = /^={3,} (?:FAILURES|ERRORS) ={3,}$/;
const PYTEST_SECTION = /^_{3,} \S.{0,200} _{3,}$/;
const PYTEST_END = /^={3,} .{0,200}\b(?:failed|passed|errors?)\b.{0,200} ={3,}$/;
const MAVEN_INFO_IN_BLOCK = /^\[INFO\](?:\s*$| -{3,}| BUILD FAILURE| Total time:| Finished at:| Final Memory:| \d+ errors?\s*$| Results:)/;
// Only Maven's own failure reports open a block, so ordinary "[ERROR] …" log lines stay one event each.
const MAVEN_BLOCK_START = /^\[ERROR\] (?:COMPILATION ERROR|Failures:|Errors:|Tests run:|Failed to execute goal|BUILD FAILURE)/;

/** The block an event starting with this (prefix-free) line opens. */
export function ciBlockOf(text: string): CiBlock {
  switch (text.charCodeAt(0)) {
    case 110: // n
      return text.startsWith('npm ERR!') || text.startsWith('npm error ') || text === 'npm error' ? CI_BLOCK_NPM : CI_BLOCK_NONE;
    case 91: // [
      return MAVEN_BLOCK_START.test(text) ? CI_BLOCK_MAVEN : CI_BLOCK_NONE;
    case 61: // =
      return PYTEST_FAILURES.test(text) ? CI_BLOCK_PYTEST : CI_BLOCK_NONE;
    case 95: // _
      return PYTEST_SECTION.test(text) ? CI_BLOCK_PYTEST : CI_BLOCK_NONE;
    case 32: // space
      return text.startsWith(' FAIL ') ? CI_BLOCK_JEST : CI_BLOCK_NONE;
    case 69: // E
      return PIP_CONFLICT.test(text) ? CI_BLOCK_PIP : CI_BLOCK_NONE;
    default:
      return CI_BLOCK_NONE;
  }
}

/** Whether a line continues a CI block (blank lines are asked about separately, by `holdsBlanks`). */
export function continuesCiBlock(block: CiBlock, text: string): boolean {
  switch (block) {
    case CI_BLOCK_NPM:
      return text.startsWith('npm ERR!') || text.startsWith('npm error');
    case CI_BLOCK_MAVEN:
      return text.startsWith('[ERROR]') || MAVEN_INFO_IN_BLOCK.test(text);
    case CI_BLOCK_PYTEST:
      return true;
    case CI_BLOCK_PIP:
      return PIP_REPORT_LINE.test(text);
    case CI_BLOCK_JEST:
      // jest indents its report; vitest prints the assertion, diff and code frame flush left until its rule.
      return !(text.startsWith(' FAIL ') || text.startsWith(' PASS ') || text.charCodeAt(0) === 0x23af || text.startsWith(' Test Files ') || text.startsWith('Test Suites:'));
    default:
      return false;
  }
}

/** Whether the block ends with this line included (pytest's closing summary line). */
export function endsCiBlock(block: CiBlock, text: string): boolean {
  if (block === CI_BLOCK_PIP) return text.startsWith('ERROR: ResolutionImpossible');
  return block === CI_BLOCK_PYTEST && text.charCodeAt(0) === 61 && PYTEST_END.test(text);
}

/** Blank lines inside these blocks wait for the next line to decide, as they do inside Python chains. */
export function holdsBlanks(block: CiBlock): boolean {
  return block !== CI_BLOCK_NONE && block !== CI_BLOCK_MAVEN;
}

/** A source location a failure points at. */
export interface FailureLocation {
  file: string;
  line: number;
  col?: number;
}

// Each form names a file and a line; the first form that matches anywhere in the text wins.
const LOCATIONS: RegExp[] = [
  /^(?<file>[^\s(]{1,300})\((?<line>\d+),(?<col>\d+)\): error TS\d+/m, // tsc
  /^(?<file>[^\s:]{1,300}):(?<line>\d+):(?<col>\d+) - error TS\d+/m, // tsc --pretty
  /(?<file>[^\s[:]{1,300}\.java):\[(?<line>\d+),(?<col>\d+)\]/, // javac under Maven
  /^(?<file>[^\s:]{1,300}\.(?:java|kt)):(?<line>\d+): error: /m, // javac
  /^\s{0,10}--> (?<file>[^\s:]{1,300}):(?<line>\d+):(?<col>\d+)/m, // rustc
  /^(?<file>[\w./-]{1,300}\.(?:c|cc|cpp|cxx|h|hpp|go|swift|cs|m)):(?<line>\d+):(?<col>\d+): /m, // gcc, clang, go
  /^(?<file>\/?[^\s]{1,300}\.\w{1,5})\n\s{1,4}(?<line>\d+):(?<col>\d+)\s{1,4}error\s/m, // eslint
  /^(?<file>[\w./-]{1,300}\.py):(?<line>\d+): /m, // pytest
  /^\s{1,20}(?<file>[\w./-]{1,300}_test\.go):(?<line>\d+): /m, // go test
  /\((?<file>[\w./-]{1,300}\.(?:[cm]?[jt]sx?)):(?<line>\d+):(?<col>\d+)\)/, // jest frame
  /^(?<file>Dockerfile[\w.-]{0,100}):(?<line>\d+)$/m, // BuildKit
  /❯ (?<file>[\w./-]{1,300}\.(?:[cm]?[jt]sx?)):(?<line>\d+):(?<col>\d+)/, // vitest code frame
];

/** The file and line a build or test failure points at (compilers, linters, test runners), if it names one. */
export function locateFailure(text: string): FailureLocation | undefined {
  for (const re of LOCATIONS) {
    const groups = re.exec(text)?.groups;
    if (groups?.file === undefined || groups.line === undefined) continue;
    const location: FailureLocation = { file: groups.file, line: Number(groups.line) };
    if (groups.col !== undefined) location.col = Number(groups.col);
    return location;
  }
  return undefined;
}
