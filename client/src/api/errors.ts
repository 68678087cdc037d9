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
  }
`);

/** An expected failure of a mutation, returned in its payload (see `UserError` in schema.graphql). */
export type UserError = ResultOf<typeof UserErrorFields>;

/** Turns a userError into the words shown to the person, in the current language. */
export type Translate = (userError: UserError) => string;

/** The server's own message (English): for codes a feature has no translation of. */
export const serverMessage: Translate = (userError) => userError.message;

const translatedCodes = ["UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED", "SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"] as const;
type TranslatedCode = (typeof translatedCodes)[number];

/** What to tell a person about a failed request: in their language when the code is known, never "[GraphQL]" prefixes. */
export function describeError(error: CombinedError): string {
  if (error.graphQLErrors.length === 0) return t("unreachable");
  const said = error.graphQLErrors.map((e) => {
    const code = e.extensions?.code;
    return typeof code === "string" && (translatedCodes as readonly string[]).includes(code) ? t(code as TranslatedCode) : e.message;
  });
  return [...new Set(said)].join(" ");
}

/** True when the request failed only because nobody is signed in. */
export function isUnauthenticated(error: CombinedError): boolean {
  return error.graphQLErrors.length > 0 && error.graphQLErrors.every((e) => e.extensions?.code === "UNAUTHENTICATED");
}

/**
 * A feature's table of userError messages by code, in English and Spanish. A message may use
 * `{n}`: the first number of the server's message (e.g. the minutes of a log-in lock-out).
 * Codes missing from the table show the server's own message.
 */
export function userErrorMessages<T extends Record<string, string>>(tables: { en: T; es: { [K in keyof T]: string } }): Translate {
  const tr = translations(tables);
  return (userError) => {
    if (!Object.hasOwn(tables.en, userError.code)) return userError.message;
    const n = userError.message.match(/\d+/)?.[0];
    return tr(userError.code as keyof T, n === undefined ? {} : { n: Number(n) });
  };
}

/** The name of the input field a userError is about (`["input", "email"]` → "email"), if any. */
export function fieldOf(userError: UserError): string | null {
  return userError.field?.at(-1) ?? null;
}

/** The userErrors about one field. */
export function errorsOf(userErrors: UserError[], field: string): UserError[] {
  return userErrors.filter((userError) => fieldOf(userError) === field);
}
