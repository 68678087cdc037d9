import { clientError, type UserError } from "../api/errors";

/**
 * What the client checks before sending, so a form shows every problem at once without a
 * round trip. Each check answers a userError with the server's own code and params (or null),
 * so one table words it, whoever found it.
 */

/** A whole number from min to max; an empty value passes unless `required`. */
export function wholeNumber(
  field: string,
  value: number | string | null | undefined,
  rule: { min: number; max: number; code: string; required?: boolean },
): UserError | null {
  const empty = value === null || value === undefined || value === "";
  if (empty) return rule.required ? clientError(field, rule.code, { min: rule.min, max: rule.max }) : null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isInteger(number) && number >= rule.min && number <= rule.max ? null : clientError(field, rule.code, { min: rule.min, max: rule.max });
}

/** Text that, trimmed, is not empty (unless `allowEmpty`) and has at most `max` characters. */
export function text(field: string, value: string, rule: { max: number; code: string; allowEmpty?: boolean }): UserError | null {
  const trimmed = value.trim();
  return (!trimmed && !rule.allowEmpty) || trimmed.length > rule.max ? clientError(field, rule.code, { max: rule.max }) : null;
}

/** An email address's shape (the server checks it fully): something@domain.tld, at most 254 characters. */
export function email(field: string, value: string, code = "INVALID_EMAIL"): UserError | null {
  const trimmed = value.trim();
  return trimmed.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? null : clientError(field, code);
}

/** Something chosen or typed (a country, a time zone, a password). */
export function required(field: string, value: string, code: string): UserError | null {
  return value.trim() ? null : clientError(field, code);
}
