import { AdminRole } from "../../server/roles";
import { Portal } from "../support/harness";

describe("issue 6 smoke", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await Portal.start({ RATE_LIMIT_AUTH_PER_MINUTE: "4" });
  });
  afterAll(() => portal.stop());

  it("creates, uses and revokes a token, audits, resets a password, limits", async () => {
    const partner = await portal.given.partner();
    const created = await portal.gql(`mutation { createApiToken(input: { name: "ERP", role: OPERATOR }) { secret apiToken { id role createdBy { email } } userErrors { code } } }`, {}, { token: partner.master.token });
    expect(created.errors).toBeUndefined();
    const { secret, apiToken } = created.data.createApiToken;
    const me = await portal.gql(`{ partner { name } sites { totalCount } }`, {}, { token: secret });
    expect(me.errors).toBeUndefined();
    const denied = await portal.gql(`{ apiTokens { id } }`, {}, { token: secret });
    expect(denied.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    await portal.gql(`mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { revokedAt } userErrors { code } } }`, { i: { id: apiToken.id } }, { token: partner.master.token });
    const after = await portal.gql(`{ partner { name } }`, {}, { token: secret });
    expect(after.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const audit = await portal.gql(`{ auditLog { totalCount nodes { action actorKind actorName objectType before after } } }`, {}, { token: partner.master.token });
    expect(audit.errors).toBeUndefined();
    expect(audit.data.auditLog.nodes.map((n: { action: string }) => n.action)).toEqual(["revokeApiToken", "createApiToken", "signUp", "createPartner"]);
    const op = await portal.given.admin(partner, AdminRole.OPERATOR);
    await portal.gql(`mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { ok } }`, { i: { email: op.email } });
    const mail = await portal.mail.waitFor(op.email, (m) => !!m.link?.includes("reset-password"));
    const token = new URL(mail.link!).searchParams.get("token");
    const reset = await portal.gql(`mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { ok userErrors { code } } }`, { i: { token, password: "a brand new password" } });
    expect(reset.data.resetPassword).toEqual({ ok: true, userErrors: [] });
    const old = await portal.gql(`{ me { id } }`, {}, { token: op.token });
    expect(old.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const tooMany = await portal.gql(`mutation { logIn(input: { email: "x@example.com", password: "0123456789" }) { userErrors { code } } }`);
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(tooMany.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    const deep = await portal.gql(`{ creditTransactions { nodes { site { administrators { id } } actor { invitedBy { invitedBy { invitedBy { invitedBy { invitedBy { invitedBy { invitedBy { id } } } } } } } } } } }`, {}, { token: partner.master.token });
    expect(deep.errors?.[0].message).toMatch(/depth/);
    const big = await fetch(`${portal.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }", pad: "x".repeat(200_000) }) });
    expect(big.status).toBe(413);
    expect(portal.errorsLogged).toEqual([]);
  });
});
