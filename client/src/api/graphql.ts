import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env";

/**
 * Every GraphQL document of the client is written with this tag: gql.tada reads the document
 * against schema.graphql (through graphql-env.d.ts, which `npm run check` makes again from it)
 * and types its result and variables, so a document that drifts from the schema fails the check.
 * Fragments are not masked: a query's result holds the fields of the fragments it spreads.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string };
  disableMasking: true;
}>();

export type { ResultOf, VariablesOf } from "gql.tada";
