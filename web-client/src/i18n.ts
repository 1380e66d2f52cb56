// Translations: every text of the interface exists in Dutch (the default) and English. The Dutch dictionary
// defines the keys; the English one must have exactly the same keys (checked by the compiler and a test).
import { en, nl } from './messages';
import type { LocalizedText } from './protocol';

export type Lang = 'nl' | 'en';
export const LANGS: Lang[] = ['nl', 'en'];
export type MessageKey = keyof typeof nl;
export type ParamValue = string | number | LocalizedText | { key: MessageKey };
export type MessageParams = Record<string, ParamValue>;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { nl, en };

export function isLang(v: unknown): v is Lang {
  return v === 'nl' || v === 'en';
}

/** A template's text in the chosen language (Dutch when the other is missing). */
export function loc(text: LocalizedText | undefined | null, lang: Lang): string {
  if (!text) return '';
  return text[lang] || text.nl || text.en || '';
}

function isLocalized(v: unknown): v is LocalizedText {
  return typeof v === 'object' && v !== null && 'nl' in v;
}

function formatNumber(n: number, lang: Lang): string {
  return Number.isInteger(n) ? String(n) : n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
}

/** The text of `key` in `lang`, with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = dictionaries[lang][key] ?? dictionaries.nl[key] ?? key;
  const plural = template.replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, other: string) => {
    const v = params[name];
    if (typeof v !== 'number') return whole;
    return (v === 1 ? one : other).replace(/#/g, formatNumber(v, lang));
  });
  return plural.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'number') return formatNumber(v, lang);
    if (typeof v === 'string') return v;
    if (isLocalized(v)) return loc(v, lang);
    return translate(lang, v.key);
  });
}

export type T = (key: MessageKey, params?: MessageParams) => string;

export function translator(lang: Lang): T {
  return (key, params) => translate(lang, key, params);
}

/** Minutes and seconds, e.g. 4:07, or 1:02:03 past an hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function formatDate(ms: number, lang: Lang): string {
  if (!ms) return '';
  return new Date(ms).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
