/**
 * Literal texts of which every match of a regex contains at least one, so the engine can skip a regex with a
 * few `includes` instead of running it. Running a regex for the first time compiles it, and with a thousand
 * matchers that compilation was most of an offline diagnosis.
 *
 * Conservative by construction: anything not understood (groups, classes, escapes other than escaped
 * punctuation) ends a literal run; a top-level `|` needs a literal in every alternative, or gives none.
 * Literals are lower-cased for case-insensitive regexes.
 */
export function requiredLiterals(re: RegExp): string[] | undefined {
  const literals: string[] = [];
  for (const branch of topLevelBranches(re.source)) {
    const literal = longestLiteral(branch);
    if (literal === undefined) return undefined;
    literals.push(re.flags.includes('i') ? literal.toLowerCase() : literal);
  }
  return literals;
}

function topLevelBranches(src: string): string[] {
  const branches: string[] = [];
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') i = skipClass(src, i) - 1;
    else if (c === '(') i = skipGroup(src, i) - 1;
    else if (c === '|') {
      branches.push(src.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(src.slice(start));
  return branches;
}

/** The longest run of characters (3 or more) that every match of an alternation-free regex source contains. */
function longestLiteral(src: string): string | undefined {
  const runs: string[] = [];
  let run = '';
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = '';
  };
  for (let i = 0; i < src.length; ) {
    const ch = src[i]!;
    if (ch === '(' || ch === '[') {
      endRun();
      i = skipQuantifier(src, ch === '(' ? skipGroup(src, i) : skipClass(src, i));
      continue;
    }
    let literal: string | undefined;
    let next = i + 1;
    if (ch === '\\') {
      const escaped = src[i + 1] ?? '';
      next = skipEscape(src, i);
      if (escaped !== '' && !isAlphanumeric(escaped.charCodeAt(0))) literal = escaped;
    } else if (!isMeta(ch)) {
      literal = ch;
    }
    const quantifier = src[next];
    if (literal === undefined) {
      endRun();
      i = skipQuantifier(src, next);
      continue;
    }
    if (quantifier === '?' || quantifier === '*' || (quantifier === '{' && src[next + 1] === '0' && (src[next + 2] === ',' || src[next + 2] === '}'))) {
      endRun(); // the character is optional
    } else if (quantifier === '+' || quantifier === '{') {
      run += literal; // required at least once, but what follows may be a repeat of it
      endRun();
    } else {
      run += literal;
    }
    i = skipQuantifier(src, next);
  }
  endRun();
  const longest = runs.reduce((best, r) => (r.length > best.length ? r : best), '');
  return longest.length >= 3 ? longest : undefined;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isMeta(ch: string): boolean {
  return ch === '^' || ch === '$' || ch === '.' || ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === '}' || ch === '|';
}

function skipEscape(src: string, i: number): number {
  const c = src[i + 1];
  if ((c === 'p' || c === 'P' || c === 'u') && src[i + 2] === '{') return src.indexOf('}', i) + 1 || src.length;
  if (c === 'k' && src[i + 2] === '<') return src.indexOf('>', i) + 1 || src.length;
  if (c === 'x') return i + 4;
  if (c === 'u') return i + 6;
  if (c === 'c') return i + 3;
  return i + 2;
}

function skipClass(src: string, i: number): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === ']') return j + 1;
  }
  return src.length;
}

function skipGroup(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === '[') j = skipClass(src, j) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return src.length;
}

/** Skips a quantifier (`*`, `+`, `?`, `{n,m}`, with an optional lazy `?`) at `i`, if there is one. */
function skipQuantifier(src: string, i: number): number {
  let j = i;
  const c = src[j];
  if (c === '*' || c === '+' || c === '?') j++;
  else if (c === '{') {
    const close = src.indexOf('}', j);
    if (close === -1 || !isCountedRepeat(src, j + 1, close)) return j;
    j = close + 1;
  } else return j;
  return src[j] === '?' ? j + 1 : j;
}

/** `{n}`, `{n,}`, `{n,m}`, `{,m}`: digits with at most one comma between `from` and `to`. */
function isCountedRepeat(src: string, from: number, to: number): boolean {
  let commas = 0;
  for (let k = from; k < to; k++) {
    const c = src.charCodeAt(k);
    if (c === 44) commas++;
    else if (c < 48 || c > 57) return false;
  }
  return commas <= 1;
}
