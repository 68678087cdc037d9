import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { exactKey, timestamp } from "../database";

export enum CreditTransactionKind {
  PURCHASE = "PURCHASE",
  ALLOCATION = "ALLOCATION",
  RECLAIM = "RECLAIM",
  MONTHLY_CHARGE = "MONTHLY_CHARGE",
}
registerEnumType(CreditTransactionKind, { name: "CreditTransactionKind" });

/** One row of the append-only credit ledger. Never updated or deleted. */
@ObjectType({ description: "One entry of the partner's append-only credit ledger." })
@Entity("credit_transaction")
@Index("idx_credit_transaction_partner_time", ["partnerId", "createdAt", "id"])
@Index("idx_credit_transaction_site_time", ["siteId", "createdAt", "id"])
@Index("uq_credit_transaction_idempotency", ["partnerId", "idempotencyKey"], { unique: true })
@Index("uq_credit_transaction_billing", ["siteId", "billingMonth"], { unique: true })
export class CreditTransaction {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36 })
  partnerId: string;

  @Field(() => CreditTransactionKind)
  @Column("varchar", { length: 20 })
  kind: CreditTransactionKind;

  @Field(() => Int, { description: "Always > 0; kind gives the direction." })
  @Column("int")
  credits: number;

  @Column("varchar", { name: "site_id", length: 36, nullable: true })
  siteId: string | null;

  @Field(() => String, { nullable: true, description: "The site's name when the entry was made; kept after deletion." })
  @Column("varchar", { name: "site_name", length: 200, nullable: true })
  siteName: string | null;

  @Field(() => Int)
  @Column("int", { name: "unallocated_credits_after" })
  unallocatedCreditsAfter: number;

  @Field(() => Int, { nullable: true })
  @Column("int", { name: "site_credits_after", nullable: true })
  siteCreditsAfter: number | null;

  @Column("varchar", { name: "actor_id", length: 36, nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true })
  @Column("varchar", { length: 500, nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  @Column("varchar", exactKey({ length: 200, nullable: true }))
  reference: string | null;

  @Column("varchar", exactKey({ name: "idempotency_key", length: 100, nullable: true }))
  idempotencyKey: string | null;

  /** "2026-11" for MONTHLY_CHARGE rows: the unique key that charges a site once a month. */
  @Column("varchar", { name: "billing_month", length: 7, nullable: true })
  billingMonth: string | null;

  @Field()
  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;
}
