import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { PartnerAdmin } from "../admins/admin.entity";
import { callerAdmin, type Context } from "../context";
import { payload, UserError } from "../errors";
import { AdminRole } from "../roles";
import { ApiToken } from "./api-token.entity";

@InputType()
export class CreateApiTokenInput {
  @Field()
  name: string;

  @Field(() => AdminRole, { description: "At most your own level; never MASTER." })
  role: AdminRole;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@InputType()
export class RevokeApiTokenInput {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class CreateApiTokenPayload {
  @Field(() => ApiToken, { nullable: true })
  apiToken?: ApiToken | null;

  @Field(() => String, { nullable: true, description: "The token's secret. Shown this once: only a hash of it is kept." })
  secret?: string | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType()
export class ApiTokenPayload {
  @Field(() => ApiToken, { nullable: true })
  apiToken?: ApiToken | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Query(() => [ApiToken], { description: "The partner's API tokens, newest first, revoked ones included." })
  apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    return ctx.services.apiTokens.list(callerAdmin(ctx).partnerId);
  }

  @FieldResolver(() => PartnerAdmin, { nullable: true })
  createdBy(@Root() token: ApiToken, @Ctx() ctx: Context): Promise<PartnerAdmin | null> {
    return ctx.loaders.adminById.load(token.createdById);
  }

  @Mutation(() => CreateApiTokenPayload)
  createApiToken(@Arg("input") input: CreateApiTokenInput, @Ctx() ctx: Context): Promise<CreateApiTokenPayload> {
    return payload(() => ctx.services.apiTokens.create(ctx.acting, callerAdmin(ctx), input));
  }

  @Mutation(() => ApiTokenPayload, { description: "Stops the token at once." })
  revokeApiToken(@Arg("input") input: RevokeApiTokenInput, @Ctx() ctx: Context): Promise<ApiTokenPayload> {
    return payload(async () => ({ apiToken: await ctx.services.apiTokens.revoke(ctx.acting, callerAdmin(ctx).partnerId, input.id) }));
  }
}
