import { html, type TemplateResult } from 'lit';
import type { HelpInline } from '../api/messages.js';

/**
 * The commune's help text as the server cut it: paragraphs of text and links. Everything is
 * bound as text, never as HTML, and only an `https:` address becomes a link, whatever the
 * server sent, so a `javascript:` address or a `<script>` is shown as typed and runs nothing.
 */
export function helpParagraphs(help: readonly (readonly HelpInline[])[]): TemplateResult[] {
  return help.map((paragraph) => html`<p class="help-paragraph">${paragraph.map(inline)}</p>`);
}

function inline(piece: HelpInline): TemplateResult | string {
  if (!('href' in piece)) return piece.text;
  try {
    const url = new URL(piece.href);
    if (url.protocol === 'https:') return html`<a href=${url.href} rel="noopener noreferrer">${piece.text}</a>`;
  } catch {
    // Not an address: shown as text below.
  }
  return piece.text;
}
