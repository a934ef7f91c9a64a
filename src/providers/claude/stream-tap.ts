/** Receives the decoded text of chosen string fields while a JSON document is still arriving. */
export interface TapListener {
  start(field: string): void;
  text(field: string, text: string): void;
}

/**
 * An incremental JSON scanner that surfaces the values of some string fields (e.g. `rootCause`)
 * as they stream in, so a terminal can show the explanation before the answer is complete.
 */
export class JsonStringTap {
  private readonly stack: string[] = [];
  private expectKey = false;
  private inString = false;
  private isKey = false;
  private escape = false;
  private unicode: string | undefined;
  private key = '';
  private lastKey = '';
  private tapping: string | undefined;

  constructor(
    private readonly fields: ReadonlySet<string>,
    private readonly listener: TapListener,
  ) {}

  /** Feeds the next piece of JSON text. */
  push(chunk: string): void {
    let out = '';
    const emit = (text: string) => {
      if (this.isKey) this.key += text;
      else if (this.tapping) out += text;
    };
    for (const ch of chunk) {
      if (this.inString) {
        if (this.unicode !== undefined) {
          this.unicode += ch;
          if (this.unicode.length === 4) {
            emit(String.fromCharCode(Number.parseInt(this.unicode, 16) || 0xfffd));
            this.unicode = undefined;
          }
        } else if (this.escape) {
          this.escape = false;
          if (ch === 'u') this.unicode = '';
          else emit(ESCAPES[ch] ?? ch);
        } else if (ch === '\\') this.escape = true;
        else if (ch === '"') {
          this.inString = false;
          if (this.isKey) this.lastKey = this.key;
          else if (this.tapping) {
            if (out) this.listener.text(this.tapping, out);
            out = '';
            this.tapping = undefined;
          }
        } else emit(ch);
        continue;
      }
      switch (ch) {
        case '"':
          this.inString = true;
          this.isKey = this.expectKey;
          if (this.isKey) this.key = '';
          else if (this.fields.has(this.lastKey) && this.stack.at(-1) === '{') {
            this.tapping = this.lastKey;
            this.listener.start(this.tapping);
          }
          break;
        case '{':
          this.stack.push('{');
          this.expectKey = true;
          break;
        case '[':
          this.stack.push('[');
          this.expectKey = false;
          break;
        case '}':
        case ']':
          this.stack.pop();
          this.expectKey = false;
          break;
        case ':':
          this.expectKey = false;
          break;
        case ',':
          this.expectKey = this.stack.at(-1) === '{';
          break;
      }
    }
    if (out && this.tapping) this.listener.text(this.tapping, out);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
