import type { CombinedError } from "@urql/svelte";
import { translations } from "../i18n/i18n.svelte";
import { graphql, type ResultOf } from "./graphql";
import { t } from "./api.messages";

/** The selection of a mutation payload's userErrors (`userErrors { ...UserErrorFields }`), for every operation that has them. */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
    params {
      name
      value
    }
  }
`);

/** An expected failure of a mutation, returned in its payload (see `UserError` in schema.graphql). */
export type UserError = ResultOf<typeof UserErrorFields>;

/** Turns a userError into the words shown to the person, in the current language. */
export type Translate = (userError: UserError) => string;

/** The server's own message (English): for codes a feature has no translation of. */
export const serverMessage: Translate = (userError) => userError.message;

const translatedCodes = ["UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED", "SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR", "BAD_USER_INPUT"] as const;
type TranslatedCode = (typeof translatedCodes)[number];

/** The error code of one of a failed request's errors (extensions.code), if any. */
export function codeOf(error: { extensions?: Record<string, unknown> }): string | null {
  const code = error.extensions?.code;
  return typeof code === "string" ? code : null;
}

/**
 * What to tell a person about a failed request, in their language, by the error's code: never
 * the server's own text (GraphQL's validation messages, "[GraphQL]" prefixes, enum names).
 * A code the client does not know reads as the generic "something went wrong".
 */
export function describeError(error: CombinedError): string {
  if (error.graphQLErrors.length === 0) return t("unreachable");
  const said = error.graphQLErrors.map((e) => {
    const code = codeOf(e);
    if (code === "GRAPHQL_VALIDATION_FAILED") return t("BAD_USER_INPUT");
    return code && (translatedCodes as readonly string[]).includes(code) ? t(code as TranslatedCode) : t("INTERNAL_SERVER_ERROR");
  });
  return [...new Set(said)].join(" ");
}

/** True when any of the request's errors has this code. */
export function hasCode(error: CombinedError | undefined, code: string): boolean {
  return !!error && error.graphQLErrors.some((e) => codeOf(e) === code);
}

/** True when the request failed only because nobody is signed in. */
export function isUnauthenticated(error: CombinedError): boolean {
  return error.graphQLErrors.length > 0 && error.graphQLErrors.every((e) => e.extensions?.code === "UNAUTHENTICATED");
}

/** A userError's params by name; figures (plain digits) become numbers, to be formatted like the rest of the UI. */
export function paramsOf(userError: UserError): Record<string, string | number> {
  return Object.fromEntries((userError.params ?? []).map(({ name, value }) => [name, /^-?\d+$/.test(value) ? Number(value) : value]));
}

/**
 * A feature's table of userError messages by code, in English and Spanish: the one path from
 * a userError to words. A message names the error's params, e.g. `{available}` or `{minutes}`.
 * A key `CODE.param=value` (e.g. `INSUFFICIENT_CREDITS.of=pool`) words one case of a code.
 * Codes missing from the table show the server's own message.
 */
export function userErrorMessages<T extends Record<string, string>>(tables: { en: T; es: { [K in keyof T]: string } }): Translate {
  const tr = translations(tables);
  return (userError) => {
    const params = paramsOf(userError);
    const cases = Object.entries(params).map(([name, value]) => `${userError.code}.${name}=${value}`);
    const key = [...cases, userError.code].find((candidate) => Object.hasOwn(tables.en, candidate));
    return key === undefined ? userError.message : tr(key as keyof T, params);
  };
}

/** A userError the client finds itself, before sending: worded by the same tables as the server's. */
export function clientError(field: string, code: string, params: Record<string, string | number> = {}): UserError {
  return { field: ["input", field], code, message: code, params: Object.entries(params).map(([name, value]) => ({ name, value: String(value) })) };
}

/** The name of the input field a userError is about (`["input", "email"]` → "email"), if any. */
export function fieldOf(userError: UserError): string | null {
  return userError.field?.at(-1) ?? null;
}

/** The userErrors about one field. */
export function errorsOf(userErrors: UserError[], field: string): UserError[] {
  return userErrors.filter((userError) => fieldOf(userError) === field);
}
