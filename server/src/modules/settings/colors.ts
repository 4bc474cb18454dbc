/** WCAG 2 contrast rules for the tenant colours (RGAA 3.2 / 3.3). */

export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** Text on the primary colour (buttons, banner): WCAG AA for normal text. */
export const TEXT_CONTRAST = 4.5;
/**
 * The primary colour against the white page. The widget also writes links and headings in it, so
 * it is held to the text rule (4.5:1), not only the 3:1 of user-interface components.
 */
export const ON_WHITE_CONTRAST = 4.5;

function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** "3,21:1": truncated, never rounded up, so a refused pair never reads as if it passed. */
export const formatRatio = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2).replace('.', ',')}:1`;

/** The French reasons a colour pair is refused, keyed by the field to correct. */
export function colourProblems(primary: string, primaryText: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const text = contrastRatio(primary, primaryText);
  if (text < TEXT_CONTRAST) {
    problems.primaryTextColor = `Le contraste entre la couleur principale et la couleur du texte est de ${formatRatio(text)} : il doit être d’au moins 4,5:1 pour que le texte reste lisible.`;
  }
  const onWhite = contrastRatio(primary, '#ffffff');
  if (onWhite < ON_WHITE_CONTRAST) {
    problems.primaryColor = `La couleur principale n’a qu’un contraste de ${formatRatio(onWhite)} avec le fond blanc : il doit être d’au moins 4,5:1 pour que les liens et boutons restent lisibles.`;
  }
  return problems;
}
