import { getTimezonesForCountry } from "countries-and-timezones";
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

/** Countries with several zones: the one most of their people live in (the library lists them alphabetically). */
const mainZones: Record<string, string> = {
  AR: "America/Argentina/Buenos_Aires",
  AU: "Australia/Sydney",
  BR: "America/Sao_Paulo",
  CA: "America/Toronto",
  CD: "Africa/Kinshasa",
  CL: "America/Santiago",
  CN: "Asia/Shanghai",
  DE: "Europe/Berlin",
  EC: "America/Guayaquil",
  ES: "Europe/Madrid",
  ID: "Asia/Jakarta",
  KZ: "Asia/Almaty",
  MN: "Asia/Ulaanbaatar",
  MX: "America/Mexico_City",
  MY: "Asia/Kuala_Lumpur",
  NZ: "Pacific/Auckland",
  PT: "Europe/Lisbon",
  RU: "Europe/Moscow",
  UA: "Europe/Kyiv",
  US: "America/New_York",
  UZ: "Asia/Tashkent",
};

/** A country's main time zone (the one a new site there most likely has); null when the library has none the browser knows. */
export function mainTimeZone(country: string): string | null {
  if (mainZones[country]) return mainZones[country];
  const zones = (getTimezonesForCountry(country) ?? []).map((zone) => zone.name).filter((name) => timeZones.includes(name));
  return zones[0] ?? null;
}

/** The browser's own time zone, a sensible default for a new site. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}
