import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { timestamp } from "../database";

export enum PartnerStatus {
  PENDING_ACTIVATION = "PENDING_ACTIVATION",
  ACTIVE = "ACTIVE",
}
registerEnumType(PartnerStatus, { name: "PartnerStatus" });

@ObjectType({ description: "A value-added reseller (VAR) company." })
@Entity("partner")
export class Partner {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Field()
  @Column("varchar", { length: 200 })
  name: string;

  @Field({ description: "ISO 3166-1 alpha-2, upper case" })
  @Column("varchar", { length: 2 })
  country: string;

  @Field(() => PartnerStatus)
  @Column("varchar", { length: 20 })
  status: PartnerStatus;

  @Field(() => Int, { description: "Credits bought from the platform and not yet allocated to a site." })
  @Column("int", { name: "unallocated_credits", default: 0 })
  unallocatedCredits: number;

  @Field()
  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;

  @Column(timestamp({ name: "activated_at", nullable: true }))
  activatedAt: Date | null;
}
