import hljs from 'highlight.js/lib/common';
import { html, type SafeHtml, trusted } from './html.js';

/** The language highlight.js knows for a file name's extension, or undefined (shown plain). */
function languageOf(file: string): string | undefined {
  const extension = /\.([A-Za-z0-9+]+)$/.exec(file)?.[1]?.toLowerCase();
  if (extension === undefined) return undefined;
  return hljs.getLanguage(extension) === undefined ? undefined : extension;
}

/** One line of code, highlighted in its file's language (highlight.js escapes what it returns). */
function code(text: string, language: string | undefined): SafeHtml {
  if (language === undefined || text.length > 2000) return html`${text}`;
  return trusted(hljs.highlight(text, { language, ignoreIllegals: true }).value);
}

/**
 * A `git show` or a saved patch as HTML: one row a line, added and removed lines marked, the code of each
 * file coloured in its language by highlight.js (server-side, so the page runs no highlighter), the
 * header and file lines as they are. Everything is escaped.
 */
export function diffHtml(text: string): SafeHtml {
  let language: string | undefined;
  // Only lines inside a hunk are changes: `---` above a git show's stat is not a removed line.
  let inHunk = false;
  const rows = text.split('\n').map((line) => {
    const file = /^diff --git a\/(.*) b\/(.*)$/.exec(line);
    if (file) {
      inHunk = false;
      language = languageOf(file[2] ?? '');
      return html`<tr class="d-file"><td colspan="2">${line}</td></tr>`;
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      return html`<tr class="d-hunk"><td colspan="2">${line}</td></tr>`;
    }
    if (!inHunk) {
      const meta = /^(index |--- |\+\+\+ |new file|deleted file|similarity|rename |old mode|new mode)/;
      return html`<tr class="${language !== undefined || meta.test(line) ? 'd-meta' : 'd-text'}"><td colspan="2">${line}</td></tr>`;
    }
    if (line.startsWith('+'))
      return html`<tr class="d-add"><td class="d-sign">+</td><td>${code(line.slice(1), language)}</td></tr>`;
    if (line.startsWith('-'))
      return html`<tr class="d-del"><td class="d-sign">-</td><td>${code(line.slice(1), language)}</td></tr>`;
    if (line.startsWith(' ') && language !== undefined)
      return html`<tr class="d-ctx"><td class="d-sign"> </td><td>${code(line.slice(1), language)}</td></tr>`;
    return html`<tr class="d-text"><td colspan="2">${line}</td></tr>`;
  });
  return html`<table class="diff hljs"><tbody>${rows}</tbody></table>`;
}
