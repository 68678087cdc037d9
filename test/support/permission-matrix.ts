import type { GqlResponse } from "./harness";

/**
 * The vocabulary of the permission matrices (test/permissions): every operation × every
 * kind of caller. Acme is the partner under test; Globex is another partner whose Master
 * tries the same operations on Acme's ids.
 */
export type Expected = "allowed" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND";
export const A: Expected = "allowed";
export const U: Expected = "UNAUTHENTICATED";
export const F: Expected = "FORBIDDEN";
export const N: Expected = "NOT_FOUND";

export type ActorKey = "anonymous" | "OBSERVER" | "OPERATOR" | "ADMINISTRATOR" | "MASTER" | "globexMaster" | "platform";

export const actors: Array<{ key: ActorKey; title: string }> = [
  { key: "anonymous", title: "anonymous" },
  { key: "OBSERVER", title: "as an Acme Observer" },
  { key: "OPERATOR", title: "as an Acme Operator" },
  { key: "ADMINISTRATOR", title: "as an Acme Administrator" },
  { key: "MASTER", title: "as an Acme Master" },
  { key: "globexMaster", title: "as another partner's Master (Globex)" },
  { key: "platform", title: "as the platform operator (PLATFORM_API_KEY)" },
];

/** One cell of the matrix, once tried. */
export interface Attempt {
  response: GqlResponse;
  /** Asserts the operation did what the caller asked. */
  succeeded(): Promise<void>;
  /** Asserts nothing was changed. */
  unchanged(): Promise<void>;
}
