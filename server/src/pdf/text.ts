import type { PDFFont } from 'pdf-lib';
import { PARIS, formatDayShort, parisDay } from '../domain/dates.js';

/** Letters WinAnsi lacks, written the nearest way it can (names from every country end up on a child file). */
const FALLBACKS: Record<string, string> = {
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2032': '’',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
};

const charsets = new WeakMap<PDFFont, Set<number>>();

function charsetOf(font: PDFFont): Set<number> {
  let set = charsets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charsets.set(font, set);
  }
  return set;
}

/**
 * The text as the standard fonts can draw it: the 14 PDF standard fonts only know WinAnsi, and
 * pdf-lib throws on anything else. French (é è à ç ô ù œ « » – ’) passes through; other letters
 * lose their accent (ễ → e) or fall back to a look-alike, never to an exception. Line feeds are
 * kept for `wrap`; use `printableLine` for text drawn as is.
 */
export function printable(text: string, font: PDFFont): string {
  const set = charsetOf(font);
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (set.has(code)) out += char;
    else if (FALLBACKS[char] !== undefined) out += FALLBACKS[char];
    else if (char === '\n') out += char;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else {
      const base = char.normalize('NFD')[0];
      out += base !== char && set.has(base.codePointAt(0)!) ? base : '?';
    }
  }
  return out;
}

/** One line for a direct drawText: line breaks become spaces. */
export const printableLine = (text: string, font: PDFFont) => printable(text.replace(/[\r\n]+/g, ' '), font);

/** Splits a text into lines that fit `width`, breaking between words and, for a word too long, inside it. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

const parisTime = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "7 septembre 2026 à 10:00", Paris time. */
export const formatInstant = (instant: Date) => `${formatDayShort(parisDay(instant), true)} à ${parisTime.format(instant)}`;

/** "14/03/2018" from a `YYYY-MM-DD` day; anything else is printed as given. */
export const formatDay = (day: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : day;
};

export const NOT_GIVEN = 'Non renseigné';

/** A value for a row: trimmed text, or null when there is nothing to print. */
export const present = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null);

export const yesNo = (value: boolean | null | undefined) => (value === true ? 'Oui' : value === false ? 'Non' : null);
