import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { exactKey, timestamp } from "../database";
import { Language } from "../language";

/** One of the customer's people invited to run a site. */
@ObjectType({ description: "A customer's person invited to run a site." })
@Entity("site_administrator")
@Index("idx_site_administrator_site", ["siteId", "invitedAt"])
@Index("uq_site_administrator_site_email", ["siteId", "email"], { unique: true })
export class SiteAdministrator {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36 })
  partnerId: string;

  @Column("varchar", { name: "site_id", length: 36 })
  siteId: string;

  @Field()
  @Column("varchar", { length: 254 })
  email: string;

  @Index("uq_site_administrator_token", { unique: true })
  @Column("varchar", exactKey({ name: "token_hash", length: 64, nullable: true }))
  tokenHash: string | null;

  @Field(() => Language, { description: "The language of the invitation email, and of the page its link opens." })
  @Column("varchar", { length: 5, default: Language.EN })
  language: Language;

  /**
   * The hash of the last link that can no longer be used (accepted, revoked, or replaced by a
   * newer one), so that link's page can say which; it grants nothing.
   */
  @Index("idx_site_administrator_spent_token")
  @Column("varchar", { name: "spent_token_hash", length: 64, nullable: true })
  spentTokenHash: string | null;

  @Field()
  @Column(timestamp({ name: "invited_at" }))
  invitedAt: Date;

  @Field()
  @Column(timestamp({ name: "expires_at" }))
  expiresAt: Date;

  @Column(timestamp({ name: "accepted_at", nullable: true }))
  acceptedAt: Date | null;

  @Column(timestamp({ name: "revoked_at", nullable: true }))
  revokedAt: Date | null;

  @Column("varchar", { name: "message_id", length: 36, nullable: true })
  messageId: string | null;
}
