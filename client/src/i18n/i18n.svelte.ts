/**
 * English and Spanish. The language defaults to the browser's and can be switched; the
 * choice (never anything secret) is remembered in localStorage.
 *
 * Each feature keeps its own table next to its components:
 *   export const t = translations({ en: { title: "Sites" }, es: { title: "Sitios" } });
 *   {t("title")}   {t("credits", { count: 5 })}   // "{count} credits"
 * A numeric `count` picks the plural form `key#one`, `key#few`… (Intl.PluralRules) when the
 * table has it: `{ devices: "{count} devices", "devices#one": "{count} device" }`.
 * Reading `t(...)` in a template re-renders when the language changes.
 */
export type Language = "en" | "es";
export const languages: { code: Language; name: string }[] = [
  { code: "en", name: "English" },
  { code: "es", name: "Español" },
];

const storageKey = "portal.language";

function initialLanguage(): Language {
  // A link may name the language (?lang=es), e.g. an email to someone without an account here.
  const asked = new URLSearchParams(globalThis.location?.search ?? "").get("lang");
  if (asked === "en" || asked === "es") return asked;
  const saved = globalThis.localStorage?.getItem(storageKey);
  if (saved === "en" || saved === "es") return saved;
  const browser = globalThis.navigator?.language ?? "en";
  return browser.toLowerCase().startsWith("es") ? "es" : "en";
}

const state = $state<{ language: Language }>({ language: initialLanguage() });

export const locale = {
  get language(): Language {
    return state.language;
  },
  set language(language: Language) {
    state.language = language;
    globalThis.localStorage?.setItem(storageKey, language);
  },
};

type Params = Record<string, string | number>;

/** A feature's messages in both languages; Spanish must have every English key. */
export function translations<T extends Record<string, string>>(tables: { en: T; es: { [K in keyof T]: string } }) {
  return (key: keyof T, params: Params = {}): string => {
    const table: Record<string, string> = tables[state.language];
    const count = params.count;
    const plural = typeof count === "number" ? table[`${String(key)}#${formatters[state.language].plural.select(count)}`] : undefined;
    const template = plural ?? tables[state.language][key] ?? tables.en[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? formatValue(params[name]) : whole,
    );
  };
}

function formatValue(value: string | number): string {
  return typeof value === "number" ? formatNumber(value) : value;
}

/** Intl's formatters, made once per language: a table of sites formats hundreds of cells. */
const formatters = {
  en: makeFormatters("en"),
  es: makeFormatters("es"),
};

function makeFormatters(language: Language) {
  return {
    // Always grouped, so 1500 reads 1,500 / 1.500 in either language (Spanish would write 1500).
    number: new Intl.NumberFormat(language, { useGrouping: "always" }),
    date: new Intl.DateTimeFormat(language, { dateStyle: "medium" }),
    dateTime: new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }),
    region: new Intl.DisplayNames([language], { type: "region" }),
    plural: new Intl.PluralRules(language),
  };
}

export function formatNumber(value: number): string {
  return formatters[state.language].number.format(value);
}

export function formatDate(value: string | Date): string {
  return formatters[state.language].date.format(new Date(value));
}

export function formatDateTime(value: string | Date): string {
  return formatters[state.language].dateTime.format(new Date(value));
}

/** A country's name in the current language, from its ISO 3166-1 alpha-2 code. */
export function countryName(code: string): string {
  return formatters[state.language].region.of(code) ?? code;
}
