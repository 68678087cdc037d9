import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { timestamp } from "../database";

export enum AuditActorKind {
  ADMIN = "ADMIN",
  API_TOKEN = "API_TOKEN",
  PLATFORM = "PLATFORM",
  BILLING = "BILLING",
  ANONYMOUS = "ANONYMOUS",
}
registerEnumType(AuditActorKind, { name: "AuditActorKind" });

/** One successful mutation: who, from where, what, on which object, before and after. Never updated or deleted. */
@ObjectType({ description: "A successful change, as recorded in the audit log." })
@Entity("audit_entry")
@Index("idx_audit_entry_partner_time", ["partnerId", "createdAt", "id"])
@Index("idx_audit_entry_actor_time", ["actorId", "createdAt"])
export class AuditEntry {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36, nullable: true })
  partnerId: string | null;

  @Field(() => AuditActorKind)
  @Column("varchar", { name: "actor_kind", length: 20 })
  actorKind: AuditActorKind;

  @Field(() => String, { nullable: true, description: "The admin's or API token's id." })
  @Column("varchar", { name: "actor_id", length: 36, nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: "The admin's email or the token's name at the time." })
  @Column("varchar", { name: "actor_name", length: 254, nullable: true })
  actorName: string | null;

  @Field(() => String, { nullable: true })
  @Column("varchar", { name: "client_address", length: 64, nullable: true })
  clientAddress: string | null;

  @Field({ description: "The mutation, e.g. allocateCredits." })
  @Column("varchar", { length: 60 })
  action: string;

  @Field(() => String, { nullable: true })
  @Column("varchar", { name: "object_type", length: 40, nullable: true })
  objectType: string | null;

  @Field(() => String, { nullable: true })
  @Column("varchar", { name: "object_id", length: 36, nullable: true })
  objectId: string | null;

  @Field(() => String, { nullable: true, description: "JSON of the object's relevant fields before the change." })
  @Column("text", { nullable: true })
  before: string | null;

  @Field(() => String, { nullable: true, description: "JSON of the object's relevant fields after the change, and the request's input." })
  @Column("text", { nullable: true })
  after: string | null;

  @Field()
  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;
}
