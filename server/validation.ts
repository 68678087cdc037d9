import countries from "i18n-iso-countries";
import { isEmail } from "class-validator";
import { UserFacingError } from "./errors";

/**
 * Input checks shared by every feature; each throws a UserFacingError naming the input field.
 * A service normalizes its whole input with these first, and from then on works (and audits)
 * only with the normalized values.
 */

const messages = {
  email: "Enter a valid email address.",
  country: "Choose a country by its two-letter ISO 3166-1 code, e.g. ES.",
  timeZone: "Choose a time zone by its IANA name, e.g. Europe/Madrid.",
  textEmpty: (label: string) => `${label} cannot be empty.`,
  textLong: (label: string, max: number) => `${label} can have at most ${max} characters.`,
  textControl: (label: string, lineBreaks: boolean) =>
    `${label} cannot contain control characters or text-direction overrides${lineBreaks ? " (line breaks are fine)" : " or line breaks"}.`,
};

/** Lowercase UUIDs, as the portal makes them: the only ids that can name a row. */
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when a value is an id the portal could have made (no padding, no other case). */
export function isId(raw: unknown): raw is string {
  return typeof raw === "string" && idPattern.test(raw);
}

/**
 * An id exactly as the portal made it, else the error an unknown id gets: MySQL's PAD SPACE
 * collations compare 'id ' = 'id' (and are case-insensitive), so a padded id must never reach a query.
 */
export function id(raw: string, field: string, notFound: { code?: string; message: string }): string {
  if (!isId(raw)) throw new UserFacingError(notFound.code ?? "NOT_FOUND", notFound.message, field);
  return raw;
}

/** C0 and C1 control characters (DEL too) and the bidirectional embeddings, overrides and isolates. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** An address, lowercased; it goes into a To header and the UI, so it holds no control character or direction override either. */
export function email(raw: string, field: string): string {
  const value = raw.trim().toLowerCase();
  if (value.length > 254 || unsafe.test(value) || !isEmail(value)) throw new UserFacingError("INVALID_EMAIL", messages.email, field);
  return value;
}
/** The same, with LF and CRLF line breaks allowed (a lone CR is not). */
const unsafeBesideLineBreaks = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

/**
 * A name, a note, a reference: trimmed, length-checked, and free of control characters and
 * text-direction overrides, so it can go into an email (a subject is a header) or the UI as it is.
 * Only `lineBreaks` texts (notes) may hold LF or CRLF; they never go into an email header.
 */
export function text(
  raw: string,
  field: string,
  rule: { label: string; max: number; allowEmpty?: boolean; code?: string; lineBreaks?: boolean },
): string {
  const value = raw.trim();
  const code = rule.code ?? `INVALID_${field.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase()}`;
  if (!value && !rule.allowEmpty) throw new UserFacingError(code, messages.textEmpty(rule.label), field, { max: rule.max });
  if (value.length > rule.max) throw new UserFacingError(code, messages.textLong(rule.label, rule.max), field, { max: rule.max });
  if ((rule.lineBreaks ? unsafeBesideLineBreaks : unsafe).test(value)) throw new UserFacingError(code, messages.textControl(rule.label, !!rule.lineBreaks), field);
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
