// Long because a shell command line has many ways to name a file (quotes, escapes, expansions,
// redirections, here-documents, substitutions), and the tripwire must see each as a shell would.

/**
 * A small reader of Bash command lines for the hook's tripwire (src/loop/hook-bash.ts): it splits a line
 * into simple commands with their words and redirections, the way the shell would, without running
 * anything. What it cannot know (a variable it never saw set, a command substitution's output) is kept as
 * an unknown part of the word, which the caller treats as a wildcard.
 */

/** One piece of a word: literal text (quoted or not: unquoted text may glob), a variable, or unknown output. */
export type WordPart =
  | { readonly kind: 'text'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'var'; readonly name: string; readonly quoted: boolean }
  | { readonly kind: 'unknown' };

export type Word = readonly WordPart[];

export interface Redirection {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<>` write; `<` reads. */
  readonly op: string;
  readonly target: Word;
}

export interface SimpleCommand {
  readonly words: Word[];
  readonly redirections: Redirection[];
  /** Commands inside `$(…)`, backquotes and `<(…)`/`>(…)` of this command, run before it. */
  readonly nested: SimpleCommand[][];
}

const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);

export function isWriteRedirection(op: string): boolean {
  return WRITE_OPS.has(op);
}

/** Parses a command line into its simple commands, in order. Never throws: odd input ends a word. */
export function parseShell(source: string): SimpleCommand[] {
  return new Parser(source).script(null);
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPECIAL_PARAM = /[0-9@*#?$!-]/;

/** Appends text to a word, joined to the part before when that is text quoted the same way. */
function appendText(parts: WordPart[], text: string, quoted: boolean): void {
  const last = parts.at(-1);
  if (last?.kind === 'text' && last.quoted === quoted) {
    parts[parts.length - 1] = { kind: 'text', text: last.text + text, quoted };
  } else {
    parts.push({ kind: 'text', text, quoted });
  }
}

class Parser {
  readonly #s: string;
  #i = 0;
  /** Here-document delimiters waiting for the next newline: [word, strip leading tabs]. */
  #heredocs: [string, boolean][] = [];

  constructor(source: string) {
    this.#s = source;
  }

  /** Commands until the end, or until `close` (`)` of `$(`, or a backquote) at this level. */
  script(close: ')' | '`' | null): SimpleCommand[] {
    const commands: SimpleCommand[] = [];
    let words: Word[] = [];
    let redirections: Redirection[] = [];
    let nested: SimpleCommand[][] = [];
    let parts: WordPart[] = [];
    let inWord = false;
    const s = this.#s;
    const endWord = () => {
      if (inWord) words.push(parts);
      parts = [];
      inWord = false;
    };
    const endCommand = () => {
      endWord();
      if (words.length > 0 || redirections.length > 0 || nested.length > 0) {
        commands.push({ words, redirections, nested });
      }
      words = [];
      redirections = [];
      nested = [];
    };
    while (this.#i < s.length) {
      const c = s[this.#i] ?? '';
      if (close !== null && c === close) {
        this.#i++;
        endCommand();
        return commands;
      }
      if (c === ' ' || c === '\t') {
        endWord();
        this.#i++;
        continue;
      }
      if (c === '\n') {
        endCommand();
        this.#i++;
        this.#skipHeredocs();
        continue;
      }
      if (c === '#' && !inWord) {
        while (this.#i < s.length && s[this.#i] !== '\n') this.#i++;
        continue;
      }
      if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        // `&>` and `&>>` are redirections, not a background `&`.
        if (c === '&' && s[this.#i + 1] === '>') {
          endWord();
          this.#redirection(redirections, nested);
          continue;
        }
        endCommand();
        this.#i++;
        if ((c === '&' || c === '|' || c === ';') && s[this.#i] === c) this.#i++;
        else if (c === '|' && s[this.#i] === '&') this.#i++;
        continue;
      }
      if (c === '<' || c === '>') {
        if (s[this.#i + 1] === '(') {
          // Process substitution: its commands run; the word is a /dev/fd path nobody knows.
          this.#i += 2;
          nested.push(this.script(')'));
          inWord = true;
          parts.push({ kind: 'unknown' });
          continue;
        }
        // A word of digits right before is the file descriptor (2>err.txt), not an argument.
        const head = parts[0];
        if (parts.length === 1 && head?.kind === 'text' && !head.quoted && /^\d+$/.test(head.text)) {
          parts = [];
          inWord = false;
        } else {
          endWord();
        }
        this.#redirection(redirections, nested);
        continue;
      }
      // A line continuation, or a lone backslash at the very end, adds nothing and starts no word.
      if (c === '\\' && (this.#i + 1 >= s.length || s[this.#i + 1] === '\n')) {
        this.#i += 2;
        continue;
      }
      inWord = true;
      this.#wordPart(parts, nested);
    }
    endCommand();
    return commands;
  }

  /** After `<` or `>` (at this.#i, maybe `&>`): the operator and its target word. */
  #redirection(redirections: Redirection[], nested: SimpleCommand[][]): void {
    const s = this.#s;
    const ops = ['&>>', '&>', '<<<', '<<-', '<<', '<>', '<&', '>&', '>>', '>|', '<', '>'];
    const op = ops.find((candidate) => s.startsWith(candidate, this.#i)) ?? s[this.#i] ?? '>';
    this.#i += op.length;
    while (s[this.#i] === ' ' || s[this.#i] === '\t') this.#i++;
    const target = this.#word(nested);
    if (op === '<<' || op === '<<-') {
      this.#heredocs.push([plainText(target), op === '<<-']);
      return;
    }
    if (op === '<<<') return;
    if (op === '>&' || op === '<&') {
      // `2>&1`, `>&-`: another descriptor. `>& file` writes the file, like `&>`.
      const plain = plainText(target);
      if (/^\d*-?$/.test(plain)) return;
      redirections.push({ op: op === '>&' ? '&>' : '<', target });
      return;
    }
    redirections.push({ op, target });
  }

  /** One word at this.#i (a redirection's target), ending at a blank or an operator. */
  #word(nested: SimpleCommand[][]): Word {
    const s = this.#s;
    const parts: WordPart[] = [];
    while (this.#i < s.length && !' \t\n;&|()<>'.includes(s[this.#i] ?? '')) this.#wordPart(parts, nested);
    return parts;
  }

  /**
   * One piece of a word at this.#i, appended to `parts`: an escaped character, '…', "…", `…`, $'…', a
   * `$` expansion, or one plain character. Blanks and operators are the caller's.
   */
  #wordPart(parts: WordPart[], nested: SimpleCommand[][]): void {
    const s = this.#s;
    const c = s[this.#i] ?? '';
    if (c === '\\') {
      const next = s[this.#i + 1];
      this.#i += 2;
      if (next !== undefined && next !== '\n') appendText(parts, next, true);
    } else if (c === "'") {
      const end = s.indexOf("'", this.#i + 1);
      const stop = end < 0 ? s.length : end;
      appendText(parts, s.slice(this.#i + 1, stop), true);
      this.#i = stop + 1;
    } else if (c === '"') {
      this.#i++;
      this.#doubleQuoted(parts, nested);
    } else if (c === '`') {
      this.#i++;
      nested.push(this.script('`'));
      parts.push({ kind: 'unknown' });
    } else if (c === '$' && s[this.#i + 1] === "'") {
      this.#i += 2;
      appendText(parts, this.#ansiC(), true);
    } else if (c === '$') {
      this.#dollar(parts, nested, false);
    } else {
      appendText(parts, c, false);
      this.#i++;
    }
  }

  /** Inside "…" (opening quote consumed): appends its parts, consumes the closing quote. */
  #doubleQuoted(parts: WordPart[], nested: SimpleCommand[][]): void {
    const s = this.#s;
    let buffer = '';
    const flush = () => {
      if (buffer !== '') parts.push({ kind: 'text', text: buffer, quoted: true });
      buffer = '';
    };
    while (this.#i < s.length) {
      const c = s[this.#i] ?? '';
      if (c === '"') {
        this.#i++;
        break;
      }
      if (c === '\\' && '$`"\\\n'.includes(s[this.#i + 1] ?? '')) {
        if (s[this.#i + 1] !== '\n') buffer += s[this.#i + 1];
        this.#i += 2;
      } else if (c === '$') {
        flush();
        this.#dollar(parts, nested, true);
      } else if (c === '`') {
        flush();
        this.#i++;
        nested.push(this.script('`'));
        parts.push({ kind: 'unknown' });
      } else {
        buffer += c;
        this.#i++;
      }
    }
    flush();
    // An empty "" is still a word.
    if (parts.length === 0) parts.push({ kind: 'text', text: '', quoted: true });
  }

  /** At `$`: a variable, `${…}`, `$(…)`, `$((…))`, or a lone `$`. */
  #dollar(parts: WordPart[], nested: SimpleCommand[][], quoted: boolean): void {
    const s = this.#s;
    const next = s[this.#i + 1] ?? '';
    if (next === '(' && s[this.#i + 2] === '(') {
      const end = s.indexOf('))', this.#i + 3);
      this.#i = end < 0 ? s.length : end + 2;
      parts.push({ kind: 'unknown' });
      return;
    }
    if (next === '(') {
      this.#i += 2;
      nested.push(this.script(')'));
      parts.push({ kind: 'unknown' });
      return;
    }
    if (next === '{') {
      const end = s.indexOf('}', this.#i + 2);
      const inner = s.slice(this.#i + 2, end < 0 ? s.length : end);
      this.#i = end < 0 ? s.length : end + 1;
      parts.push(
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(inner) ? { kind: 'var', name: inner, quoted } : { kind: 'unknown' },
      );
      return;
    }
    NAME.lastIndex = this.#i + 1;
    const name = NAME.exec(s);
    if (name !== null) {
      this.#i += 1 + name[0].length;
      parts.push({ kind: 'var', name: name[0], quoted });
      return;
    }
    if (SPECIAL_PARAM.test(next)) {
      this.#i += 2;
      parts.push({ kind: 'unknown' });
      return;
    }
    this.#i++;
    parts.push({ kind: 'text', text: '$', quoted: true });
  }

  /** Inside $'…' (opening consumed): the text with its escapes applied. */
  #ansiC(): string {
    const s = this.#s;
    const escapes: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      e: '\x1b',
    };
    let out = '';
    while (this.#i < s.length && s[this.#i] !== "'") {
      const c = s[this.#i] ?? '';
      if (c === '\\') {
        const next = s[this.#i + 1] ?? '';
        const hex = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(this.#i + 1, this.#i + 4));
        if (hex?.[1] !== undefined) {
          out += String.fromCharCode(Number.parseInt(hex[1], 16));
          this.#i += 2 + hex[1].length;
          continue;
        }
        out += escapes[next] ?? next;
        this.#i += 2;
        continue;
      }
      out += c;
      this.#i++;
    }
    this.#i++;
    return out;
  }

  /** At the start of a line after here-documents were announced: skips their bodies. */
  #skipHeredocs(): void {
    const s = this.#s;
    for (const [delimiter, stripTabs] of this.#heredocs.splice(0)) {
      while (this.#i < s.length) {
        const end = s.indexOf('\n', this.#i);
        const stop = end < 0 ? s.length : end;
        let line = s.slice(this.#i, stop);
        if (stripTabs) line = line.replace(/^\t+/, '');
        this.#i = stop + 1;
        if (line === delimiter) break;
      }
    }
  }
}

/** The word's text with every variable and unknown part dropped (for delimiters and descriptor numbers). */
export function plainText(word: Word): string {
  return word.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}
