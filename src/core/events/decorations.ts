/**
 * Decorations that tools wrap around log lines, removed before a line is read: the borders a terminal UI
 * draws (k9s, lazydocker: "│ 2023-10-15 … FATAL: … │") and the service prefix of `docker compose logs`
 * ("zoo3_1  | 2017-05-28 …", "api-1  | …").
 */
export function stripDecorations(line: string): string {
  let out = line;
  const first = firstNonSpace(out);
  if (first >= 0 && isBoxDrawing(out.charCodeAt(first))) out = out.slice(first + 1).replace(/^ /, '');
  const last = lastNonSpace(out);
  if (last >= 0 && isBoxDrawing(out.charCodeAt(last))) out = out.slice(0, last).trimEnd();
  return stripComposePrefix(out);
}

/** U+2500–U+257F: │ ┃ ║ ╎ ┆ and the rest of the box-drawing block. */
function isBoxDrawing(code: number): boolean {
  return code >= 0x2500 && code <= 0x257f;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length && i < 8; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return i;
  }
  return -1;
}

function lastNonSpace(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return i;
  }
  return -1;
}

// A compose service name, padded, then "| ". Never a level ("INFO | msg") nor a date ("2024-01-02 | …").
const COMPOSE_PREFIX = /^[A-Za-z][\w.-]{0,62} +\| /;
const LEVEL_WORD = /^(?:trace|debug|info|notice|warn|warning|error|err|fatal|crit|critical)$/i;

function stripComposePrefix(line: string): string {
  const c = line.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return line;
  const match = COMPOSE_PREFIX.exec(line);
  if (match === null) return line;
  const name = match[0].slice(0, match[0].indexOf(' '));
  return LEVEL_WORD.test(name) ? line : line.slice(match[0].length);
}
