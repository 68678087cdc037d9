import { allow } from "graphql-shield";
import { permissions } from "../../server/permissions";

/** The shield is applied to Query and Mutation only (server/schema.ts): its map may hold nothing else. */
describe("the permission map's scope", () => {
  it("accepts the portal's own map", () => {
    expect(() => permissions()).not.toThrow();
  });

  it("refuses a rule on an object type or its field, which would be silently ignored", () => {
    expect(() => permissions({ Query: { me: allow }, Site: allow })).toThrow("rules for Site would not be applied");
    expect(() => permissions({ Mutation: { logIn: allow }, Partner: { unallocatedCredits: allow } })).toThrow("rules for Partner would not be applied");
  });
});
