import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from "type-graphql";
import { callerActor, type Context } from "../context";
import { PageInfo } from "../pagination";
import { AuditEntry } from "./audit-entry.entity";

@ObjectType()
export class AuditEntryEdge {
  @Field()
  cursor: string;

  @Field(() => AuditEntry)
  node: AuditEntry;
}

@ObjectType()
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge])
  edges: AuditEntryEdge[];

  @Field(() => [AuditEntry])
  nodes: AuditEntry[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: "The partner's audit log, newest first (Administrators and Masters)." })
  auditLog(
    @Ctx() ctx: Context,
    @Arg("from", () => Date, { nullable: true }) from?: Date | null,
    @Arg("to", () => Date, { nullable: true }) to?: Date | null,
    @Arg("actorId", () => ID, { nullable: true }) actorId?: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditEntryConnection> {
    return ctx.services.audit.list(callerActor(ctx).partnerId, { from, to, actorId }, first, after);
  }
}
