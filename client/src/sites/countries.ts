import { getAlpha2Codes } from "i18n-iso-countries";
import { countryName } from "../i18n/i18n.svelte";

/** The ISO 3166-1 alpha-2 codes the server accepts (the same list it validates against). */
const codes = Object.keys(getAlpha2Codes());

/** Every country, named in the current language and sorted by that name. */
export function countryOptions(): { code: string; name: string }[] {
  return codes.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The IANA time zones the browser knows (the server checks against its own, nearly identical list). */
export const timeZones: string[] = [...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"])].sort();

/** The browser's own time zone, a sensible default for a new site. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}
