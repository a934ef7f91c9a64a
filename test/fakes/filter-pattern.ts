/**
 * The CloudWatch Logs filter-pattern subset the loopback fake understands (platform-facts §1 "Filter pattern
 * syntax essentials"; AWS "Filter pattern syntax" page). Enough to exercise cloudsentry honestly, not the whole language:
 *
 * - empty pattern (or `""`): every event;
 * - terms, case-sensitive substring matches (the AWS page's own examples: `ERROR` matches "Exiting with ERRORCODE"):
 *   bare words, `"quoted phrases"`, `%regex%` (the service's restricted charset: no parentheses, no spaces);
 *   unprefixed terms are ANDed, `?term`s are ORed (at least one must appear), `-term` excludes;
 * - JSON patterns `{ … }` on events whose message is a JSON object: selectors `$.a.b`, `$.a[0]`, `$.*`-free;
 *   operators `=` `!=` (strings with `*` wildcards, numbers, true/false/null) and `>` `<` `>=` `<=` (numbers);
 *   `$.x EXISTS`, `$.x NOT EXISTS`, `$.x IS NULL`; `&&`, `||` and parentheses, `&&` binding tighter.
 *
 * Not supported (the parser says so with an error naming the fake): space-delimited `[a, b, …]` patterns.
 * Anything malformed throws `FilterPatternError`, which the fake answers as InvalidParameterException.
 */

/** A bad or unsupported filter pattern; the fake answers it with InvalidParameterException and this message. */
export class FilterPatternError extends Error {}

/** A compiled pattern: true when the event message matches. */
export type MessageMatcher = (message: string) => boolean;

/** Compiles a filter pattern; throws FilterPatternError when the service would reject it. */
export function compileFilterPattern(pattern: string | undefined): MessageMatcher {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw new FilterPatternError('space-delimited [ … ] patterns are not supported by the cloudsentry fake');
  return compileTerms(text);
}

// ---------------------------------------------------------------- terms

interface Term {
  mode: 'all' | 'any' | 'none';
  test: (message: string) => boolean;
}

function compileTerms(text: string): MessageMatcher {
  const terms = readTerms(text);
  const all = terms.filter((t) => t.mode === 'all');
  const any = terms.filter((t) => t.mode === 'any');
  const none = terms.filter((t) => t.mode === 'none');
  return (message) =>
    all.every((t) => t.test(message)) && !none.some((t) => t.test(message)) && (any.length === 0 || any.some((t) => t.test(message)));
}

const REGEX_ALLOWED = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]*$/;

function readTerms(text: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') {
      i++;
      continue;
    }
    let mode: Term['mode'] = 'all';
    if (text[i] === '?') mode = 'any';
    else if (text[i] === '-') mode = 'none';
    if (mode !== 'all') i++;
    const quote = text[i];
    if (quote === '"' || quote === '%') {
      const end = text.indexOf(quote, i + 1);
      if (end === -1) throw new FilterPatternError(`Invalid filter pattern: unbalanced ${quote} in "${text}"`);
      const body = text.slice(i + 1, end);
      terms.push({ mode, test: quote === '"' ? (m) => m.includes(body) : compileRegexTerm(body) });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
    const word = text.slice(i, end);
    if (word === '') throw new FilterPatternError(`Invalid filter pattern: empty term in "${text}"`);
    if (!/^[A-Za-z0-9_]+$/.test(word)) {
      throw new FilterPatternError(`Invalid character(s) in term '${word}': terms with characters other than letters, digits or _ must be quoted`);
    }
    terms.push({ mode, test: (m) => m.includes(word) });
    i = end;
  }
  return terms;
}

function compileRegexTerm(body: string): (message: string) => boolean {
  if (body === '' || !REGEX_ALLOWED.test(body)) throw new FilterPatternError(`Invalid regex pattern %${body}%: unsupported character`);
  try {
    const regex = new RegExp(body);
    return (m) => regex.test(m);
  } catch {
    throw new FilterPatternError(`Invalid regex pattern %${body}%`);
  }
}

// ---------------------------------------------------------------- JSON

type Token =
  | { kind: 'selector'; path: (string | number)[] }
  | { kind: 'op'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'paren'; value: '(' | ')' }
  | { kind: 'logic'; value: '&&' | '||' };

type Condition = (doc: unknown) => boolean;

function compileJsonPattern(text: string): MessageMatcher {
  if (!text.endsWith('}')) throw new FilterPatternError(`Invalid filter pattern: unbalanced { in "${text}"`);
  const tokens = tokenize(text.slice(1, -1));
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token => {
    const token = tokens[pos++];
    if (!token) throw new FilterPatternError(`Invalid filter pattern: unexpected end of "${text}"`);
    return token;
  };

  const isLogic = (value: '&&' | '||'): boolean => {
    const token = peek();
    return token?.kind === 'logic' && token.value === value;
  };
  const parseOr = (): Condition => {
    const parts = [parseAnd()];
    while (isLogic('||')) {
      pos++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0]! : (doc) => parts.some((p) => p(doc));
  };
  const parseAnd = (): Condition => {
    const parts = [parsePrimary()];
    while (isLogic('&&')) {
      pos++;
      parts.push(parsePrimary());
    }
    return parts.length === 1 ? parts[0]! : (doc) => parts.every((p) => p(doc));
  };
  const parsePrimary = (): Condition => {
    const token = next();
    if (token.kind === 'paren' && token.value === '(') {
      const inner = parseOr();
      const close = next();
      if (close.kind !== 'paren' || close.value !== ')') throw new FilterPatternError(`Invalid filter pattern: expected ) in "${text}"`);
      return inner;
    }
    if (token.kind !== 'selector') throw new FilterPatternError(`Invalid filter pattern: expected a $. selector in "${text}"`);
    return parseComparison(token.path);
  };
  const parseComparison = (path: (string | number)[]): Condition => {
    const token = next();
    if (token.kind === 'word' && token.value === 'EXISTS') return (doc) => lookup(doc, path).found;
    if (token.kind === 'word' && token.value === 'NOT') {
      const exists = next();
      if (exists.kind !== 'word' || exists.value !== 'EXISTS') throw new FilterPatternError(`Invalid filter pattern: expected EXISTS after NOT in "${text}"`);
      return (doc) => !lookup(doc, path).found;
    }
    if (token.kind === 'word' && token.value === 'IS') {
      const nul = next();
      if (nul.kind !== 'word' || nul.value !== 'NULL') throw new FilterPatternError(`Invalid filter pattern: expected NULL after IS in "${text}"`);
      return (doc) => {
        const found = lookup(doc, path);
        return found.found && found.value === null;
      };
    }
    if (token.kind !== 'op') throw new FilterPatternError(`Invalid filter pattern: expected an operator after the selector in "${text}"`);
    const operand = next();
    if (operand.kind !== 'string' && operand.kind !== 'word') throw new FilterPatternError(`Invalid filter pattern: expected a value in "${text}"`);
    return comparison(path, token.value, operand);
  };

  const condition = parseOr();
  if (pos !== tokens.length) throw new FilterPatternError(`Invalid filter pattern: unexpected token in "${text}"`);
  return (message) => {
    const trimmed = message.trimStart();
    if (!trimmed.startsWith('{')) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      return false;
    }
    return condition(doc);
  };
}

function comparison(path: (string | number)[], op: string, operand: Extract<Token, { kind: 'string' | 'word' }>): Condition {
  const numeric = operand.kind === 'word' && /^-?\d+(\.\d+)?$/.test(operand.value);
  if (op !== '=' && op !== '!=' && !numeric) throw new FilterPatternError(`Invalid filter pattern: ${op} needs a number`);
  return (doc) => {
    const { found, value } = lookup(doc, path);
    if (!found) return false;
    if (numeric) {
      if (typeof value !== 'number') return false;
      const n = Number(operand.value);
      switch (op) {
        case '=':
          return value === n;
        case '!=':
          return value !== n;
        case '>':
          return value > n;
        case '<':
          return value < n;
        case '>=':
          return value >= n;
        default:
          return value <= n;
      }
    }
    const equal = matchesValue(value, operand);
    return op === '=' ? equal : !equal;
  };
}

function matchesValue(value: unknown, operand: Extract<Token, { kind: 'string' | 'word' }>): boolean {
  if (operand.kind === 'word' && (operand.value === 'true' || operand.value === 'false')) return value === (operand.value === 'true');
  if (operand.kind === 'word' && operand.value === 'null') return value === null;
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const wildcard = new RegExp(`^${operand.value.split('*').map(escapeRegex).join('.*')}$`, 's');
  return wildcard.test(String(value));
}

function lookup(doc: unknown, path: (string | number)[]): { found: boolean; value: unknown } {
  let current: unknown = doc;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return { found: false, value: undefined };
    current = (current as Record<string | number, unknown>)[key];
  }
  return { found: true, value: current };
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', value: c });
      i++;
    } else if (body.startsWith('&&', i) || body.startsWith('||', i)) {
      tokens.push({ kind: 'logic', value: body.slice(i, i + 2) as '&&' | '||' });
      i += 2;
    } else if (/[=!<>]/.test(c)) {
      const op = /^(!=|>=|<=|=|>|<)/.exec(body.slice(i))?.[0];
      if (!op) throw new FilterPatternError(`Invalid filter pattern: unknown operator near "${body.slice(i, i + 3)}"`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    } else if (c === '"') {
      const end = body.indexOf('"', i + 1);
      if (end === -1) throw new FilterPatternError('Invalid filter pattern: unbalanced " in a JSON pattern');
      tokens.push({ kind: 'string', value: body.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '$') {
      const match = /^\$((?:\.[A-Za-z_@-][\w@-]*|\[\d+\])+)/.exec(body.slice(i));
      if (!match) throw new FilterPatternError(`Invalid filter pattern: bad selector near "${body.slice(i, i + 10)}"`);
      const path = [...match[1]!.matchAll(/\.([\w@-]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
      tokens.push({ kind: 'selector', path });
      i += match[0].length;
    } else {
      const match = /^[^\s()=!<>&|"]+/.exec(body.slice(i));
      if (!match) throw new FilterPatternError(`Invalid filter pattern: unexpected character "${c}"`);
      tokens.push({ kind: 'word', value: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
