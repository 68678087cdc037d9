import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum InvitationStatus {
  PENDING = "PENDING",
  ACCEPTED = "ACCEPTED",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
}
registerEnumType(InvitationStatus, { name: "InvitationStatus" });

@ObjectType({ description: "Where an admin's invitation stands." })
export class InvitationState {
  @Field(() => InvitationStatus)
  status: InvitationStatus;

  @Field()
  expiresAt: Date;

  @Field({ description: "Whether the latest invitation email was accepted by the mail server." })
  emailDelivered: boolean;
}
