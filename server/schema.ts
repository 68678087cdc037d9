import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { applyMiddleware } from "graphql-middleware";
import { buildSchemaSync, type NonEmptyArray } from "type-graphql";
import { AdminResolver } from "./admins/admin.resolver";
import { AuditResolver } from "./audit/audit.resolver";
import { AuthResolver } from "./auth/auth.resolver";
import { BillingResolver } from "./billing/billing.resolver";
import { CreditResolver } from "./credits/credit.resolver";
import { PartnerResolver } from "./partners/partner.resolver";
import { permissions } from "./permissions";
import { SiteAdministratorResolver, SiteResolver } from "./sites/site.resolver";
import { ApiTokenResolver } from "./tokens/api-token.resolver";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  PartnerResolver,
  AdminResolver,
  SiteResolver,
  SiteAdministratorResolver,
  CreditResolver,
  BillingResolver,
  ApiTokenResolver,
  AuditResolver,
];

/** The schema as the TypeGraphQL classes declare it, without permissions: what schema.graphql holds. */
export function buildBareSchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // Inputs are checked by the services, which answer with userErrors.
    validate: false,
  });
}

/** The schema the server runs: the bare schema behind the permission shield. (Services write the audit log in their own transactions.) */
export function createSchema(): GraphQLSchema {
  const schema = buildBareSchema();
  // The shield's rules are on the operations only (see permissions.ts), so only Query and Mutation
  // get its middleware, and no other field resolver is wrapped in a promise.
  const shieldMap = permissions().generate(schema) as Record<string, any>;
  return applyMiddleware(schema, { Query: shieldMap.Query, Mutation: shieldMap.Mutation });
}

/** schema.graphql's text: the public schema, sorted so that diffs stay small. */
export function printPublicSchema(schema: GraphQLSchema = buildBareSchema()): string {
  return "# Generated from the TypeGraphQL classes by `npm run schema`; do not edit.\n\n" + printSchema(lexicographicSortSchema(schema)) + "\n";
}
