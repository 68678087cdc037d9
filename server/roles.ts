import { registerEnumType } from "type-graphql";

/** The four levels of a partner admin; each includes everything of the levels below it. */
export enum AdminRole {
  OBSERVER = "OBSERVER",
  OPERATOR = "OPERATOR",
  ADMINISTRATOR = "ADMINISTRATOR",
  MASTER = "MASTER",
}
registerEnumType(AdminRole, { name: "AdminRole", description: "A partner admin's level; each includes the ones below it." });

const rank: Record<AdminRole, number> = { OBSERVER: 1, OPERATOR: 2, ADMINISTRATOR: 3, MASTER: 4 };

export function atLeast(role: AdminRole, minimum: AdminRole): boolean {
  return rank[role] >= rank[minimum];
}
