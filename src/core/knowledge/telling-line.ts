import { isFrameLine, unescapeEmbedded } from './engine.js';

/** Longest evidence line we keep; a minified one-line JSON blob is not evidence anyone reads. */
export const MAX_EVIDENCE = 300;

const EXCEPTION_HEADER = /^\s*(?:Caused by:\s*)?(?:[\w$]+[.$])*[\w$]*(?:Error|Exception|Fault|Failure)\b/;
const ERROR_WORD = /\b(?:error|exception|fatal|panic|failed|failure|refused|denied|timed? ?out|killed|crit|emerg|unable|cannot|can't|could not)\b/i;
const ERROR_LEVEL = /\b(?:ERROR|FATAL|CRITICAL|CRIT|EMERG|SEVERE|PANIC)\b|"level":\s*"?(?:error|fatal|50|60)/;
const NOISE = /^\s*(?:[{}[\]]|\^+|~+|goroutine \d+|Traceback \(most recent call last\)|Require stack|-\s\/|[\w$]+:\s*['"\d[{]|<---|\d+: 0x)/;

/** Cuts a line down to something readable in a terminal or a Slack message. */
export function clip(line: string): string {
  const t = line.trim();
  return t.length > MAX_EVIDENCE ? `${t.slice(0, MAX_EVIDENCE - 1)}…` : t;
}

/**
 * The line with the strongest error signal: the deepest `Caused by`, an
 * exception header, an error-level line; later lines win ties because tracebacks
 * print the final exception last.
 */
export function mostTellingLine(text: string): string {
  const lines = unescapeEmbedded(text).split('\n');
  let best = '';
  let bestScore = -1;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || isFrameLine(line) || NOISE.test(line)) continue;
    let score = 1;
    if (/^\s*Caused by:/.test(line) || line.includes('[cause]:')) score += 6;
    if (EXCEPTION_HEADER.test(line)) score += 4;
    if (ERROR_LEVEL.test(line)) score += 3;
    if (ERROR_WORD.test(line)) score += 2;
    if (score >= bestScore) {
      bestScore = score;
      best = line;
    }
  }
  return clip(best || (lines.find((l) => l.trim() !== '') ?? ''));
}
