// A session's house style (docs/api.md, "theme"): a logo and two colours that become the values of two design
// tokens. The server checks a theme when the room is made; the client checks again before using anything of
// it, so that only a #rrggbb value can reach a custom property and only an image data URL an <img>.
import type { Theme } from './protocol';

const COLOUR = /^#[0-9a-f]{6}$/;
const LOGO = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
/** As on the server (Theme.java): characters of the logo's data URL. */
export const MAX_LOGO_CHARS = 49_152;
/** The contrast a theme colour must keep with the text on it (WCAG 2.1 AA). */
export const MIN_CONTRAST = 4.5;
/** The interface's text colour, written on the light colour. */
export const TEXT_COLOUR = '#1a1a1a';

export function isColour(v: unknown): v is string {
  return typeof v === 'string' && COLOUR.test(v);
}

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** What is wrong with a colour the organiser typed (null: fine, or empty). */
export function colourProblem(value: string, kind: 'primary' | 'light'): 'format' | 'contrast' | null {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  if (!isColour(v)) return 'format';
  return contrast(v, kind === 'primary' ? '#ffffff' : TEXT_COLOUR) < MIN_CONTRAST ? 'contrast' : null;
}

/** The design tokens a theme sets (only valid, readable colours) and its logo (only an image data URL). */
export function themeTokens(theme: Theme | null | undefined): { style: Record<string, string>; logo: string | null } {
  const style: Record<string, string> = {};
  if (theme && isColour(theme.primaryColour) && colourProblem(theme.primaryColour, 'primary') === null) {
    style['--wp-brand'] = theme.primaryColour;
  }
  if (theme && isColour(theme.lightColour) && colourProblem(theme.lightColour, 'light') === null) {
    style['--wp-brand-soft'] = theme.lightColour;
  }
  const logo = theme && typeof theme.logo === 'string' && theme.logo.length <= MAX_LOGO_CHARS && LOGO.test(theme.logo) ? theme.logo : null;
  return { style, logo };
}
