import { type RedactionCounts, bump, redactionMarker } from './kinds.js';

/** Whether the line redactor is inside a PEM private-key block. */
export interface PemState {
  open: boolean;
}

const BEGIN_RE = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const END_RE = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const BODY_RE = /^[ \t]*["'`]?(?:[A-Za-z0-9+/=]+|(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset):.*)?(?:\\n)?["'`]?,?[ \t]*\r?$/;
const BASE64_RUN_RE = /[A-Za-z0-9+/]{32,}={0,2}/g;
const MARKER = redactionMarker('private_key');

/** Masks the rest of a BEGIN line: to its END marker when the block was flattened onto one line (escaped \n). */
function maskFromBegin(line: string, counts: RedactionCounts | undefined, state: PemState): string {
  const begin = BEGIN_RE.exec(line);
  if (!begin) return line;
  bump(counts, 'private_key');
  const prefix = line.slice(0, begin.index);
  const after = line.slice(begin.index + begin[0].length);
  const end = END_RE.exec(after);
  if (end) {
    return prefix + MARKER + maskFromBegin(after.slice(end.index + end[0].length), counts, state);
  }
  // Truncated or multi-line: mask up to a closing quote, or to the end of the line and stay open.
  const quote = after.search(/["'`]/);
  // What follows the quote is ordinary text, which may begin another block.
  if (quote !== -1) return prefix + MARKER + after.charAt(quote) + maskFromBegin(after.slice(quote + 1), counts, state);
  state.open = true;
  return prefix + MARKER;
}

/**
 * Masks every line of a PEM private-key block. Runs before the other rules and
 * keeps one flag between lines, so streaming line by line masks blocks too.
 */
export function redactPemLine(line: string, counts: RedactionCounts | undefined, state: PemState): string {
  if (state.open) {
    const end = END_RE.exec(line);
    if (end) {
      state.open = false;
      const indent = /^[ \t]*/.exec(line)![0];
      return indent + MARKER + maskFromBegin(line.slice(end.index + end[0].length), counts, state);
    }
    if (BODY_RE.test(line)) {
      if (line.trim() === '') return line;
      return /^[ \t]*/.exec(line)![0] + MARKER;
    }
    // A log prefix in front of each key line (one event per line): mask the base64 and stay inside.
    if (/[A-Za-z0-9+/]{32,}/.test(line)) {
      BASE64_RUN_RE.lastIndex = 0;
      return line.replace(BASE64_RUN_RE, MARKER);
    }
    state.open = false;
  }
  if (line.indexOf('PRIVATE KEY') === -1) return line;
  return maskFromBegin(line, counts, state);
}
