import { GraphQLError } from "graphql";
import { Field, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";

/** Relay-style pages with keyset cursors: a cursor holds the sort values of the last row seen. */

export const pageLimits = { default: 50, max: 100 };

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection" });

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

/**
 * The Relay edge and connection types of a node type, named `<Name>Edge` and
 * `<Name>Connection` (type-graphql's generic types pattern).
 */
export function connectionTypes<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [nodeType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }

  return { Edge, Connection };
}

/** The page size asked for, refused outside 1..100. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? pageLimits.default;
  if (!Number.isInteger(size) || size < 1 || size > pageLimits.max) throw badInput(`first must be between 1 and ${pageLimits.max}.`);
  return size;
}

export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** The values of a cursor made by encodeCursor with this many parts; anything else is refused. */
export function decodeCursor(cursor: string, parts: number): Array<string | number | null> {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === parts && values.every((v) => v === null || ["string", "number"].includes(typeof v))) return values;
  } catch {
    // falls through to the refusal below
  }
  throw badInput("after is not a cursor this list gave out.");
}

/** A page from rows fetched with limit size + 1: the extra row only tells that there is a next page. */
export function toPage<T>(rows: T[], size: number, cursorOf: (row: T) => string) {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node) }));
  return { nodes, edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}

export { badInput };
