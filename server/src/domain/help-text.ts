/**
 * The commune's help text: plain text with the smallest markup a town hall writes without
 * thinking about it. A blank line separates paragraphs, a line break stays a line break, and an
 * https:// address becomes a link; nothing else is ever interpreted (no HTML, no other scheme).
 */

import type { HelpInline } from '../contracts/index.js';

// An address ends at a space or an angle bracket; the punctuation that usually follows it in a
// sentence (a full stop, a comma, a closing parenthesis) is left out of the link.
const LINK = /https:\/\/[^\s<>"]+/g;
const TRAILING = /[.,;:!?)\]»’']+$/;

function inline(paragraph: string): HelpInline[] {
  const pieces: HelpInline[] = [];
  let last = 0;
  for (const match of paragraph.matchAll(LINK)) {
    const href = match[0].replace(TRAILING, '');
    if (!isLinkable(href)) continue;
    const start = match.index;
    if (start > last) pieces.push({ text: paragraph.slice(last, start) });
    pieces.push({ text: href, href });
    last = start + href.length;
  }
  if (last < paragraph.length) pieces.push({ text: paragraph.slice(last) });
  return pieces;
}

function isLinkable(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The paragraphs of a help text, each cut into text and links; empty text gives no paragraph. */
export function helpParagraphs(text: string | null | undefined): HelpInline[][] {
  if (!text) return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, '').replace(/[ \t]+$/gm, ''))
    .filter((p) => p.trim() !== '')
    .map(inline);
}
