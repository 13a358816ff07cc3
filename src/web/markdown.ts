import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { type SafeHtml, trusted } from './html.js';

// html:false shows raw HTML as text; the sanitiser is the second wall in case a plugin or bug lets any through.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 's'],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['style'],
    td: ['style'],
    ol: ['start'],
  },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    // Links leave the page in a new tab and never tell the target where they came from.
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }, true),
  },
  disallowedTagsMode: 'escape',
};

/** A journey entry's Markdown as sanitised HTML: a `<script>` or `javascript:` link in an entry never runs. */
export function renderMarkdownHtml(source: string): SafeHtml {
  return trusted(sanitizeHtml(markdown.render(source), SANITIZE));
}
