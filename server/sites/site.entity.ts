import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { timestamp } from "../database";

export enum SiteStatus {
  ACTIVE = "ACTIVE",
  SUSPENDED = "SUSPENDED",
}
registerEnumType(SiteStatus, { name: "SiteStatus" });

@ObjectType({ description: "One customer installation of the access-control service." })
@Entity("site")
@Index("idx_site_partner_name", ["partnerId", "deletedAt", "name", "id"])
@Index("idx_site_partner_created", ["partnerId", "deletedAt", "createdAt", "id"])
@Index("idx_site_partner_runway", ["partnerId", "deletedAt", "runwayMonths", "id"])
@Index("idx_site_billing", ["deletedAt", "status", "id"])
export class Site {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36 })
  partnerId: string;

  @Field()
  @Column("varchar", { length: 200 })
  name: string;

  @Field({ description: "ISO 3166-1 alpha-2, upper case" })
  @Column("varchar", { length: 2 })
  country: string;

  @Field({ description: "IANA time zone name, e.g. Europe/Madrid" })
  @Column("varchar", { name: "time_zone", length: 64 })
  timeZone: string;

  @Field({ description: "Internal notes of the partner; never shown to the customer." })
  @Column("varchar", { length: 2000, default: "" })
  notes: string;

  @Field(() => SiteStatus)
  @Column("varchar", { length: 20 })
  status: SiteStatus;

  @Field(() => Int, { description: "Credits allocated to the site and not yet consumed." })
  @Column("int", { default: 0 })
  credits: number;

  @Field(() => Int)
  @Column("int", { name: "user_count", default: 0 })
  userCount: number;

  @Field(() => Int)
  @Column("int", { name: "device_count", default: 0 })
  deviceCount: number;

  @Field(() => Int, { description: "Credits the site consumes per month at its current usage." })
  @Column("int", { name: "monthly_cost", default: 0 })
  monthlyCost: number;

  /** floor(credits / monthlyCost): how many more monthly charges the credits pay; null while the cost is 0. */
  @Column("int", { name: "runway_months", nullable: true })
  runwayMonths: number | null;

  /** The last month ("YYYY-MM") whose monthly charge the site has paid; null before its first charge. */
  @Column("varchar", { name: "billed_through", length: 7, nullable: true })
  billedThrough: string | null;

  /** The lowest low-credit warning threshold (in days) already mailed; null when none is due. */
  @Column("int", { name: "warned_within_days", nullable: true })
  warnedWithinDays: number | null;

  @Field()
  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;

  @Field()
  @Column(timestamp({ name: "updated_at" }))
  updatedAt: Date;

  /** Soft delete: set when the site was deleted; deleted sites stay for the ledger's history. */
  @Column(timestamp({ name: "deleted_at", nullable: true }))
  deletedAt: Date | null;
}
