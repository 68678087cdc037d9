import { Field, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { badInput } from "./errors";

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

/**
 * A list's keyset: rows are ordered by `sql` (a column or expression) and then by `id` (the
 * tie-breaker), both in `direction`; `value` reads a row's sort value back for its cursor, and
 * `parse` turns a cursor's value into what the SQL compares with (e.g. a date).
 */
export interface Keyset<T> {
  sql: string;
  id: string;
  direction: "ASC" | "DESC";
  value: (row: T) => string | number;
  parse?: (value: string | number | null) => unknown;
}

/** Orders a query by the keyset and, given the last row seen (its sort value and id), continues after it. */
export function orderAfter<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, key: Keyset<T>, after: { value: unknown; id: string } | null): SelectQueryBuilder<T> {
  query.orderBy(key.sql, key.direction).addOrderBy(key.id, key.direction);
  const beyond = key.direction === "ASC" ? ">" : "<";
  if (after) query.andWhere(`(${key.sql} ${beyond} :keysetValue OR (${key.sql} = :keysetValue AND ${key.id} ${beyond} :keysetId))`, { keysetValue: after.value, keysetId: after.id });
  return query;
}

/**
 * One page of a list, Relay-style: the total count of the filter, then size + 1 rows after the
 * cursor (the extra row only tells that there is a next page). `filtered` builds the filtered
 * query afresh each time it is called.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(filtered: () => SelectQueryBuilder<T>, key: Keyset<T>, first?: number | null, after?: string | null) {
  const size = pageSize(first);
  const totalCount = await filtered().getCount();
  const cursor = after ? decodeCursor(after, 2) : null;
  const from = cursor ? { value: key.parse ? key.parse(cursor[0]) : cursor[0], id: String(cursor[1]) } : null;
  const rows = await orderAfter(filtered(), key, from).limit(size + 1).getMany();
  return { ...toPage(rows, size, (row) => encodeCursor([key.value(row), row.id])), totalCount };
}

/** The newest-first keyset of time-stamped rows (credit history, audit log, CSV export), over the alias's created_at and id. */
export function newestFirst<T extends { createdAt: Date; id: string }>(alias: string): Keyset<T> {
  return { sql: `${alias}.created_at`, id: `${alias}.id`, direction: "DESC", value: (row) => row.createdAt.toISOString(), parse: (value) => new Date(String(value)) };
}

/** The one check of every time-range filter: from must come before to. */
export function checkRange(filter: { from?: Date | null; to?: Date | null }): void {
  if (filter.from && filter.to && filter.from > filter.to) throw badInput("from must be before to.");
}
