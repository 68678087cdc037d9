import { GraphQLError } from "graphql";
import { Field, ObjectType } from "type-graphql";

/** Codes of the top-level errors the API returns (extensions.code). */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

export function unauthenticated(message = "Sign in to do this."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** A refused argument of a query (a page size, a cursor, a filter): a top-level BAD_USER_INPUT error. */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

export function forbidden(message = "Your level does not allow this."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

@ObjectType({ description: "A figure of a UserError's message, for clients that write the message themselves (e.g. in another language)." })
export class UserErrorParam {
  @Field({ description: "e.g. available, max, minutes" })
  name: string;

  @Field({ description: "The value as text; numbers in plain digits (1500), for the client to format." })
  value: string;
}

/** The figures of a message, by name. */
export type UserErrorParams = Record<string, string | number>;

@ObjectType({ description: "An expected failure of a mutation; nothing was changed." })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field, e.g. ["input", "country"]' })
  field: string[] | null;

  @Field()
  message: string;

  @Field({ description: "e.g. INSUFFICIENT_CREDITS, INVALID_COUNTRY, NOT_FOUND, LAST_MASTER" })
  code: string;

  @Field(() => [UserErrorParam], { description: "The figures the message names (e.g. available: 40), so clients can word it themselves; code + params say all the message says." })
  params?: UserErrorParam[];
}

function paramList(params: UserErrorParams = {}): UserErrorParam[] {
  return Object.entries(params).map(([name, value]) => ({ name, value: String(value) }));
}

/**
 * Thrown by services for an expected business or validation failure. Thrown inside a
 * transaction it rolls the transaction back, so nothing is changed; the resolver turns it
 * into the payload's userErrors.
 */
export class UserFacingError extends Error {
  readonly errors: UserError[];

  constructor(code: string, message: string, field?: string, params?: UserErrorParams) {
    super(message);
    this.name = "UserFacingError";
    this.errors = [{ code, message, field: field ? ["input", field] : null, params: paramList(params) }];
  }

  static many(errors: UserError[]): UserFacingError {
    const error = new UserFacingError(errors[0].code, errors[0].message);
    error.errors.splice(0, 1, ...errors.map((e) => ({ ...e, params: e.params ?? [] })));
    return error;
  }
}

/**
 * Runs a service call for a mutation: its result is the payload; a UserFacingError becomes
 * the payload's userErrors. Anything else is unexpected and propagates (and is masked).
 */
export async function payload<T extends object>(
  call: () => Promise<T>,
): Promise<T & { userErrors: UserError[] }> {
  try {
    return { ...(await call()), userErrors: [] };
  } catch (error) {
    if (error instanceof UserFacingError) return { userErrors: error.errors } as T & { userErrors: UserError[] };
    throw error;
  }
}
