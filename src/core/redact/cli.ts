import { type RedactionCounts, MARKER_PREFIX, bump, redactionMarker } from './kinds.js';

/** `curl -u user:password`, `--user`, `--proxy-user`, `-U`: the part after the first colon. */
const USER_FLAG_RE = /(?<=[\s'"])-(?:u|U|-user|-proxy-user)(?:[ \t]+|=)(['"]?)([^\s:'"$`]+):/g;

/**
 * Commands whose short flag takes a password: `sshpass -p pw`, `redis-cli -a pw`,
 * `docker login -p pw`, and the MySQL clients' `-ppw` (attached; a bare `-p` prompts).
 */
const TOOL_RE =
  /(?<![\w.-])(sshpass|redis-cli|[\w.-]+[ \t]+login|ldap(?:search|add|modify|delete|whoami|passwd|compare|modrdn)|mysql(?:dump|admin|import|check|show|slap)?|mariadb(?:-dump|-admin)?)(?![\w-])/g;

/** How far past the command name its flags are looked for. */
const TOOL_WINDOW = 300;

function flagFor(tool: string): { flag: string; attached: boolean } {
  if (tool === 'sshpass') return { flag: '-p', attached: false };
  if (tool === 'redis-cli') return { flag: '-a', attached: false };
  if (tool.endsWith('login')) return { flag: '-p', attached: false };
  if (tool.startsWith('ldap')) return { flag: '-w', attached: false };
  return { flag: '-p', attached: true };
}

interface Cut {
  start: number;
  end: number;
}

function toolPasswords(text: string, cuts: Cut[]): void {
  TOOL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOOL_RE.exec(text))) {
    const { flag, attached } = flagFor(m[1]!);
    const limit = Math.min(text.length, m.index + m[0].length + TOOL_WINDOW);
    let i = m.index + m[0].length;
    // Walk the words of this command; stop at its end (newline, pipe, `;`, `&`).
    while (i < limit) {
      while (i < limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      const start = i;
      while (i < limit && text.charCodeAt(i) > 32) i++;
      const word = text.slice(start, i);
      if (word === '' || /^(?:\||;|&&?|\|\|)$/.test(word)) break;
      if (attached && word.startsWith(flag) && word.length > flag.length) {
        cuts.push({ start: start + flag.length, end: i });
        break;
      }
      if (!attached && word === flag) {
        let v = i;
        while (v < limit && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
        const q = text.charCodeAt(v);
        const quote = q === 34 || q === 39 ? q : 0;
        if (quote) v++;
        const e = wordEnd(text, v, quote);
        if (e > v) cuts.push({ start: v, end: e });
        break;
      }
      if (i < text.length && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) break;
    }
    TOOL_RE.lastIndex = Math.max(TOOL_RE.lastIndex, i);
  }
}

const OPENSSL_PASS_RE = /(?<![\w-])-pass(?:in|out|word)?[ \t]+["']?pass:([^\s'"]+)/g;

const IDENTIFIED_GATE_RE = /dentified|DENTIFIED/;
const IDENTIFIED_RE = /\bidentified[ \t]+(?:with[ \t]+['"`]?\w+['"`]?[ \t]+)?by[ \t]+(?!password\b)(['"]?)/gi;

const USER_FLAG = 1;
const TOOL_FLAG = 2;

/** Which rules can apply, from one scan over the blank-dash pairs: -u/-U/--user/--proxy-user, and -p/-a. */
function flagsIn(text: string): number {
  let bits = 0;
  let i = text.indexOf(' -');
  while (i !== -1 && bits !== (USER_FLAG | TOOL_FLAG)) {
    const c = text.charCodeAt(i + 2);
    if (c === 117 || c === 85) bits |= USER_FLAG;
    else if (c === 112 || c === 97 || c === 119) bits |= TOOL_FLAG;
    else if (c === 45 && (text.startsWith('user', i + 3) || text.startsWith('proxy-user', i + 3))) bits |= USER_FLAG;
    i = text.indexOf(' -', i + 2);
  }
  return bits;
}

/** End of a command-line word from `start`: the closing quote when quoted, else the next blank or quote. */
function wordEnd(text: string, start: number, quote: number): number {
  let e = start;
  while (e < text.length) {
    const c = text.charCodeAt(e);
    if (c === 10 || c === 13) break;
    if (quote ? c === quote : c <= 32 || c === 34 || c === 39) break;
    e++;
  }
  return e;
}

function isPlainPassword(value: string): boolean {
  return value.length > 0 && !value.startsWith(MARKER_PREFIX) && !value.startsWith('$') && !/^[0-9]+$/.test(value);
}

/**
 * Masks passwords passed on command lines (`curl -u user:pw`, `sshpass -p pw`, `mysql -ppw`, `redis-cli -a pw`,
 * `ldapsearch -w pw`, `openssl -passin pass:pw`) and in SQL's `IDENTIFIED BY 'pw'`.
 */
export function redactCliPasswords(text: string, counts: RedactionCounts | undefined): string {
  const cuts: Cut[] = [];
  const gates = flagsIn(text);
  if (gates & USER_FLAG) {
    USER_FLAG_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = USER_FLAG_RE.exec(text))) {
      const user = m[2]!;
      if (/^[0-9]+$/.test(user)) continue; // docker -u 1000:1000 is uid:gid
      const start = m.index + m[0].length;
      const end = wordEnd(text, start, m[1] ? m[1].charCodeAt(0) : 0);
      const password = text.slice(start, end);
      if (isPlainPassword(password) && password !== user) cuts.push({ start, end });
      USER_FLAG_RE.lastIndex = Math.max(USER_FLAG_RE.lastIndex, end);
    }
  }
  if (gates & TOOL_FLAG) {
    toolPasswords(text, cuts);
    // openssl: -passin pass:x, -passout pass:x, -password pass:x (env: and file: name where it lives)
    if (text.indexOf('pass:') !== -1) {
      OPENSSL_PASS_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = OPENSSL_PASS_RE.exec(text))) {
        const end = m.index + m[0].length;
        cuts.push({ start: end - m[1]!.length, end });
      }
    }
  }
  // A literal alternation in a regex is a faster gate than two indexOf scans.
  if (IDENTIFIED_GATE_RE.test(text)) {
    // SQL: CREATE USER 'bob'@'%' IDENTIFIED BY 'pw' (MySQL general log, Oracle)
    IDENTIFIED_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = IDENTIFIED_RE.exec(text))) {
      const start = m.index + m[0].length;
      const end = wordEnd(text, start, m[1] ? m[1].charCodeAt(0) : 0);
      if (isPlainPassword(text.slice(start, end))) cuts.push({ start, end });
    }
  }
  if (cuts.length === 0) return text;
  cuts.sort((x, y) => x.start - y.start);
  let out = '';
  let last = 0;
  for (const cut of cuts) {
    if (cut.start < last) continue;
    const { start, end } = cut;
    const value = text.slice(start, end);
    if (!isPlainPassword(value)) continue;
    out += text.slice(last, start) + redactionMarker('password');
    last = end;
    bump(counts, 'password');
  }
  return last === 0 ? text : out + text.slice(last);
}
