import { AdminRole } from "../../server/roles";
import { signUpInput } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner, type GivenSite } from "../support/given";
import { Portal, type GqlResponse } from "../support/harness";
import { stateOf } from "../support/ledger";
import { ops } from "../support/operations";

const userErrors = "userErrors { field message code }";
const m = {
  createPartner: `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } ${userErrors} } }`,
  createApiToken: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { apiToken { id } ${userErrors} } }`,
  signUp: `mutation($input: SignUpInput!) { signUp(input: $input) { admin { id } ${userErrors} } }`,
};

/** Characters that could break an email header or reorder what a person reads. */
const hostile: Array<[string, string]> = [
  ["CR LF (a forged header)", "\r\nBcc: victim@example.com"],
  ["LF", "\nsecond line"],
  ["a lone CR", "\rover"],
  ["NUL", "\u0000"],
  ["a bell (C0)", "\u0007"],
  ["DEL", "\u007f"],
  ["NEL (C1)", "\u0085"],
  ["a C1 control", "\u009b"],
  ["a right-to-left override", "\u202Egpj.exe"],
  ["a left-to-right embedding", "\u202A"],
  ["a first-strong isolate", "\u2068x\u2069"],
  ["a right-to-left isolate", "\u2067"],
];

/** Notes keep LF and CRLF line breaks; everything else above is still refused. */
const hostileInNotes = hostile.filter(([, chars]) => !/^(\r\n|\n)[^\r\n\u0000-\u001f]*$/.test(chars));

describe("names and notes refuse control characters and text-direction overrides", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let site: GivenSite;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Plain VAR" });
    site = await portal.given.site(partner, { name: "Plain site", notes: "plain", credits: 5 });
    await portal.given.credits(partner, 5);
  });
  afterAll(() => portal.stop());

  const asMaster = () => ({ token: partner.master.token });
  const userErrorsOf = (response: GqlResponse, field: string) => {
    expect(response.errors).toBeUndefined();
    return response.data[field].userErrors as Array<{ field: string[] | null; code: string }>;
  };

  type Send = (value: string) => Promise<GqlResponse>;
  /** Each text input that reaches an email or the UI: how its refusal names it, how to send a value in it, and what it refuses. */
  const inputs: Array<[string, string, Send, Array<[string, string]>]> = [
    ["createSite", "name", (name) => portal.gql(ops.createSite, { input: { name: "Site " + name, country: "ES", timeZone: "UTC", administratorEmail: uniqueEmail() } }, asMaster()), hostile],
    ["updateSite", "name", (name) => portal.gql(ops.updateSite, { input: { id: site.id, name: "Site " + name } }, asMaster()), hostile],
    ["createPartner", "name", (name) => portal.platform(m.createPartner, { input: { name: "Partner " + name, country: "ES", masterEmail: uniqueEmail() } }), hostile],
    ["createApiToken", "name", (name) => portal.gql(m.createApiToken, { input: { name: "Tool " + name, role: "OBSERVER" } }, asMaster()), hostile],
    ["grantCredits", "reference", (reference) => portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits: 1, reference: "PO " + reference } }), hostile],
    [
      "createSite",
      "notes",
      (notes) => portal.gql(ops.createSite, { input: { name: "Noted", country: "ES", timeZone: "UTC", administratorEmail: uniqueEmail(), notes: "a" + notes } }, asMaster()),
      hostileInNotes,
    ],
    ["updateSite", "notes", (notes) => portal.gql(ops.updateSite, { input: { id: site.id, notes: "a" + notes } }, asMaster()), hostileInNotes],
    ["allocateCredits", "note", (note) => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1, note: "a" + note } }, asMaster()), hostileInNotes],
  ];

  describe.each(inputs)("%s's %s", (mutation, field, send, refused) => {
    it.each(refused)("refuses %s, and changes nothing", async (_what, chars) => {
      const before = await stateOf(portal, partner.id);

      const errors = userErrorsOf(await send(chars), mutation);

      expect(errors).toEqual([expect.objectContaining({ field: ["input", field] })]);
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });
  });

  it.each(inputs.filter(([, , , refused]) => refused === hostileInNotes))("%s's %s keeps LF and CRLF line breaks", async (mutation, _field, send) => {
    expect(userErrorsOf(await send("\nsecond line\r\nthird line"), mutation)).toEqual([]);
  });

  it("signUp's name refuses every one of them, and the invitation stays open", async () => {
    const invited = await portal.given.invitation(partner, AdminRole.OBSERVER);
    const token = await portal.given.signUpToken(invited.email);

    for (const [, chars] of hostile) {
      const errors = userErrorsOf(await portal.gql(m.signUp, { input: signUpInput(token, { name: "Person " + chars }) }), "signUp");
      expect(errors).toEqual([expect.objectContaining({ field: ["input", "name"] })]);
    }

    expect(userErrorsOf(await portal.gql(m.signUp, { input: signUpInput(token, { name: "Plain Person" }) }), "signUp")).toEqual([]);
  });

  it("an email address with a text-direction override or isolate is INVALID_EMAIL, and nobody is invited", async () => {
    for (const email of ["\u202Eexample.com@evil.test", "a\u2066b@example.com"]) {
      const before = await stateOf(portal, partner.id);
      const errors = userErrorsOf(await portal.gql(ops.inviteSiteAdministrator, { input: { siteId: site.id, email } }, asMaster()), "inviteSiteAdministrator");
      expect(errors).toEqual([expect.objectContaining({ code: "INVALID_EMAIL", field: ["input", "email"] })]);
      expect(await stateOf(portal, partner.id)).toEqual(before);
    }
  });

  it("no email was ever sent with a forged header", async () => {
    await portal.mailSettled();
    expect(portal.mail.mails.filter((mail) => JSON.stringify(mail).includes("victim@example.com"))).toEqual([]);
  });
});
