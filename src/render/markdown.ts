import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { terminalText } from '../base/terminal-text.js';
import type { Colors } from './colors.js';

/**
 * Renders Markdown for a terminal: headings bold and underlined, emphasis, inline code, fenced code
 * indented, lists with bullets or numbers, block quotes with a bar, links as `text (url)`, tables as rows.
 * Raw HTML is shown as text, never interpreted.
 */
export function renderMarkdown(markdown: string, colors: Colors, width = 100): string {
  // A journey entry quotes the agent: control characters are shown visibly before anything is parsed.
  const tokens = new MarkdownIt({ html: false, linkify: false }).parse(terminalText(markdown, 200_000), {});
  const out: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quote = 0;
  let pendingBullet: string | undefined;
  let tableRow: string[] | undefined;

  const prefix = () => `${'  '.repeat(Math.max(0, lists.length - 1))}${colors.dim('│ ').repeat(quote)}`;
  const emit = (text: string) => {
    const lead = pendingBullet ?? (lists.length > 0 ? '  ' : '');
    pendingBullet = undefined;
    for (const line of wrap(text, width - 4)) out.push(`${prefix()}${lead}${line}`);
  };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    switch (token.type) {
      case 'heading_open': {
        const inline = tokens[index + 1] as Token;
        const text = renderInline(inline.children ?? [], colors);
        out.push('', token.tag === 'h1' ? colors.bold(colors.underline(text)) : colors.bold(text));
        index += 2;
        break;
      }
      case 'inline':
        if (tableRow) tableRow.push(renderInline(token.children ?? [], colors));
        else emit(renderInline(token.children ?? [], colors));
        break;
      case 'paragraph_close':
        if (lists.length === 0) out.push('');
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({
          ordered: token.type === 'ordered_list_open',
          next: Number(token.attrGet('start') ?? 1),
        });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) out.push('');
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1];
        pendingBullet = list?.ordered ? `${list.next++}. ` : '• ';
        break;
      }
      case 'blockquote_open':
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'fence':
      case 'code_block':
        for (const line of token.content.replace(/\n$/, '').split('\n'))
          out.push(`${prefix()}    ${colors.cyan(line)}`);
        out.push('');
        break;
      case 'hr':
        out.push(colors.dim('─'.repeat(Math.min(width, 40))), '');
        break;
      case 'tr_open':
        tableRow = [];
        break;
      case 'tr_close':
        out.push(`${prefix()}${(tableRow ?? []).join(colors.dim(' │ '))}`);
        tableRow = undefined;
        break;
      case 'table_close':
        out.push('');
        break;
      default:
        break;
    }
  }
  while (out.length > 0 && out[0] === '') out.shift();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

function renderInline(tokens: readonly Token[], colors: Colors): string {
  let text = '';
  let href: string | undefined;
  const styles: ((value: string) => string)[] = [];
  const styled = (value: string) => styles.reduceRight((acc, style) => style(acc), value);
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'html_inline':
        text += styled(token.content);
        break;
      case 'code_inline':
        text += colors.cyan(token.content);
        break;
      case 'strong_open':
        styles.push(colors.bold);
        break;
      case 'em_open':
        styles.push(colors.italic);
        break;
      case 's_open':
        styles.push(colors.strikethrough);
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        styles.pop();
        break;
      case 'link_open':
        href = token.attrGet('href') ?? undefined;
        styles.push(colors.underline);
        break;
      case 'link_close':
        styles.pop();
        if (href) text += colors.dim(` (${href})`);
        href = undefined;
        break;
      case 'softbreak':
        text += ' ';
        break;
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += `[image: ${token.content || token.attrGet('src')}]`;
        break;
      default:
        text += token.content;
    }
  }
  return text;
}

/** Word-wraps on visible width (ANSI escapes do not count). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let visible = 0;
    for (const word of paragraph.split(' ')) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
      const length = word.replace(/\u001b\[[0-9;]*m/g, '').length;
      if (visible > 0 && visible + 1 + length > width) {
        lines.push(line);
        line = word;
        visible = length;
      } else {
        line = visible > 0 || line !== '' ? `${line} ${word}` : word;
        visible += (visible > 0 ? 1 : 0) + length;
      }
    }
    lines.push(line);
  }
  return lines;
}
