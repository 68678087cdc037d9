import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { callerActor, type Context } from "../context";
import { connectionTypes } from "../pagination";
import { AuditEntry } from "./audit-entry.entity";

export const AuditEntryConnection = connectionTypes("AuditEntry", AuditEntry).Connection;
export type AuditEntryConnection = InstanceType<typeof AuditEntryConnection>;

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
