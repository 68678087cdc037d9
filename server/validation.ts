import countries from "i18n-iso-countries";
import { isEmail } from "class-validator";
import { UserFacingError } from "./errors";

/** Input checks shared by every feature; each throws a UserFacingError naming the input field. */

const messages = {
  email: "Enter a valid email address.",
  country: "Choose a country by its two-letter ISO 3166-1 code, e.g. ES.",
  timeZone: "Choose a time zone by its IANA name, e.g. Europe/Madrid.",
  textEmpty: (label: string) => `${label} cannot be empty.`,
  textLong: (label: string, max: number) => `${label} can have at most ${max} characters.`,
};

export function email(raw: string, field: string): string {
  const value = raw.trim().toLowerCase();
  if (value.length > 254 || !isEmail(value)) throw new UserFacingError("INVALID_EMAIL", messages.email, field);
  return value;
}

export function text(
  raw: string,
  field: string,
  rule: { label: string; max: number; allowEmpty?: boolean; code?: string },
): string {
  const value = raw.trim();
  const code = rule.code ?? `INVALID_${field.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase()}`;
  if (!value && !rule.allowEmpty) throw new UserFacingError(code, messages.textEmpty(rule.label), field, { max: rule.max });
  if (value.length > rule.max) throw new UserFacingError(code, messages.textLong(rule.label, rule.max), field, { max: rule.max });
  return value;
}

export function country(raw: string, field: string): string {
  const value = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(value) || !countries.isValid(value))
    throw new UserFacingError("INVALID_COUNTRY", messages.country, field);
  return value;
}

let timeZones: Set<string> | null = null;

export function timeZone(raw: string, field: string): string {
  timeZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  const value = raw.trim();
  if (!timeZones.has(value)) throw new UserFacingError("INVALID_TIME_ZONE", messages.timeZone, field);
  return value;
}
