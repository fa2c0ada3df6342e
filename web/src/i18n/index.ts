// The language switch: one dictionary per language, chosen by the person and remembered on this browser.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type Dictionary, type LabelKey, type LabelledValues } from './en.js';
import { hi } from './hi.js';

export type Language = 'en' | 'hi';
export const dictionaries: Readonly<Record<Language, Dictionary>> = { en, hi };
export const languageNames: Readonly<Record<Language, string>> = { en: 'English', hi: 'हिन्दी' };

export type Translate = (key: LabelKey, values?: Readonly<Record<string, string | number>>) => string;

export const translator = (language: Language): Translate => {
  const dictionary = dictionaries[language];
  return (key, values = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
};

/**
 * Labels keyed by an API value (`reason_not-started` -> `reason_not_started`). en.ts has one for every value of
 * the lists it names (checked by the compiler); a value the API sends that no list has is shown as it is.
 */
export const labelFor = (t: Translate, prefix: LabelPrefix, value: string): string => {
  const key = `${prefix}_${value.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (key in en) return t(key as LabelKey);
  // A list that says what an unknown value is (`errorName_other`) says it rather than show the code.
  const other = `${prefix}_other`;
  return other in en ? t(other as LabelKey) : value;
};

type LabelPrefix = keyof LabelledValues | 'role' | 'scheme' | 'relation' | 'field' | 'refusal' | 'apiError';

/** A registration's reason code (e-KYC refusals, a return, a stop, or a reject reason) in words. */
export const reasonLabel = (t: Translate, code: string): string => {
  const key = `reasonCode_${code}`;
  return key in en ? t(key as LabelKey) : labelFor(t, 'rejectReason', code);
};

export interface I18n {
  readonly language: Language;
  readonly t: Translate;
  readonly setLanguage: (language: Language) => void;
}

export const I18nContext = createContext<I18n>({ language: 'en', t: translator('en'), setLanguage: () => undefined });
export const useI18n = (): I18n => useContext(I18nContext);

const storageKey = 'healthcard.language';
export const savedLanguage = (): Language => (localStorage.getItem(storageKey) === 'hi' ? 'hi' : 'en');
export const saveLanguage = (language: Language): void => localStorage.setItem(storageKey, language);
