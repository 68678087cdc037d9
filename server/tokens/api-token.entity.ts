import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { exactKey, timestamp } from "../database";
import { AdminRole } from "../roles";

/** A partner's API token for its internal tools. Only a hash of its secret is stored. */
@ObjectType({ description: "An API token a partner's tools use as `Authorization: Bearer <secret>`." })
@Entity("api_token")
@Index("idx_api_token_partner", ["partnerId", "createdAt"])
@Index("idx_api_token_creator", ["createdById"])
export class ApiToken {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36 })
  partnerId: string;

  @Field()
  @Column("varchar", { length: 100 })
  name: string;

  @Field(() => AdminRole, { description: "The level the token acts at; never MASTER, never above its creator's." })
  @Column("varchar", { length: 20 })
  role: AdminRole;

  /** sha256 of the secret, hex. */
  @Index("uq_api_token_secret", { unique: true })
  @Column("varchar", exactKey({ name: "secret_hash", length: 64 }))
  secretHash: string;

  @Column("varchar", { name: "created_by_id", length: 36 })
  createdById: string;

  @Field()
  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestamp({ name: "last_used_at", nullable: true }))
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Null: the token does not expire." })
  @Column(timestamp({ name: "expires_at", nullable: true }))
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column(timestamp({ name: "revoked_at", nullable: true }))
  revokedAt: Date | null;
}
