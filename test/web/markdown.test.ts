import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../src/web/html.js';
import { renderMarkdownHtml } from '../../src/web/markdown.js';

describe('HTML templates', () => {
  it('escape every interpolated value unless it is trusted HTML', () => {
    const name = `<b onclick="x">'&'</b>`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;">&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;</p>',
    );
    expect(html`<ul>${['<a>', trusted('<li>ok</li>'), null, false, 3]}</ul>`.value).toBe(
      '<ul>&lt;a&gt;<li>ok</li>3</ul>',
    );
    expect(escapeHtml('"quoted"')).toBe('&quot;quoted&quot;');
  });
});

describe('journey Markdown', () => {
  it('renders headings, emphasis, code, lists and tables', () => {
    const out = renderMarkdownHtml(
      '# Title\n\n*em* and `code`\n\n- one\n- two\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n',
    ).value;
    expect(out).toContain('<h1>Title</h1>');
    expect(out).toContain('<em>em</em> and <code>code</code>');
    expect(out).toContain('<li>one</li>');
    expect(out).toContain('<td style="text-align:right">2</td>');
    expect(out).toContain('<code class="language-ts">const x = 1;');
  });

  it('shows raw HTML as text and never makes script, event-handler or javascript: markup', () => {
    const out = renderMarkdownHtml(
      '<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n[x](javascript:alert(1)) [y](data:text/html,hi) <javascript:alert(1)>\n',
    ).value;
    expect(out).not.toMatch(/<script|<iframe|href="javascript:|href="data:/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('opens links safely in a new tab', () => {
    const out = renderMarkdownHtml('[docs](https://example.com/a) and https://example.com/b').value;
    expect(out).toContain(
      '<a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">docs</a>',
    );
    expect(out).toContain('href="https://example.com/b"');
  });
});
