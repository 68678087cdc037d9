import { AdminRole } from "../../server/roles";
import { Portal } from "../support/harness";

describe("a partner's first admins", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await Portal.start();
  });
  afterAll(() => portal.stop());

  it("lets a Master sign up from the emailed link and invite an Operator", async () => {
    const partner = await portal.given.partner({ name: "Acme" });
    const me = await portal.gql(`{ me { email role status } partner { name status } }`, {}, { token: partner.master.token });
    expect(me.data).toEqual({ me: { email: partner.master.email, role: "MASTER", status: "ACTIVE" }, partner: { name: "Acme", status: "ACTIVE" } });
    const operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    expect(operator.role).toBe("OPERATOR");
  });
});
