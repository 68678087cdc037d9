/** The GraphQL documents the sites and credits suites send, with the fields a client reads. */

export const siteFields = `id name country timeZone notes status credits monthlyCost userCount deviceCount creditsRunOutOn
  administrators { id email status invitedAt expiresAt } createdAt updatedAt`;

export const transactionFields = `id kind credits site { id name } siteName unallocatedCreditsAfter siteCreditsAfter
  actor { id email } note reference createdAt`;

const userErrors = "userErrors { field message code }";

export const ops = {
  sites: `query($first: Int, $after: String, $search: String, $needsCreditsWithinDays: Int, $orderBy: SiteOrder) {
    sites(first: $first, after: $after, search: $search, needsCreditsWithinDays: $needsCreditsWithinDays, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${siteFields} } } nodes { id }
    }
  }`,
  site: `query($id: ID!) { site(id: $id) { ${siteFields} } }`,
  partner: `{ partner { id unallocatedCredits } }`,
  creditTransactions: `query($from: DateTime, $to: DateTime, $siteId: ID, $kinds: [CreditTransactionKind!], $first: Int, $after: String) {
    creditTransactions(from: $from, to: $to, siteId: $siteId, kinds: $kinds, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${transactionFields} } } nodes { id }
    }
  }`,
  createSite: `mutation($input: CreateSiteInput!) { createSite(input: $input) { site { ${siteFields} } partner { unallocatedCredits } ${userErrors} } }`,
  updateSite: `mutation($input: UpdateSiteInput!) { updateSite(input: $input) { site { ${siteFields} } ${userErrors} } }`,
  deleteSite: `mutation($input: DeleteSiteInput!) { deleteSite(input: $input) { deletedSiteId partner { unallocatedCredits } ${userErrors} } }`,
  allocateCredits: `mutation($input: AllocateCreditsInput!) { allocateCredits(input: $input) {
    transaction { ${transactionFields} } site { id credits status } partner { unallocatedCredits } ${userErrors} } }`,
  reclaimCredits: `mutation($input: ReclaimCreditsInput!) { reclaimCredits(input: $input) {
    transaction { ${transactionFields} } site { id credits status } partner { unallocatedCredits } ${userErrors} } }`,
  grantCredits: `mutation($input: GrantCreditsInput!) { grantCredits(input: $input) {
    transaction { ${transactionFields} } partner { id unallocatedCredits } ${userErrors} } }`,
  inviteSiteAdministrator: `mutation($input: InviteSiteAdministratorInput!) { inviteSiteAdministrator(input: $input) {
    siteAdministrator { id email status invitedAt expiresAt } site { id } ${userErrors} } }`,
  acceptSiteAdministratorInvitation: `mutation($input: AcceptSiteAdministratorInvitationInput!) {
    acceptSiteAdministratorInvitation(input: $input) { siteName ${userErrors} } }`,
  reportSiteUsage: `mutation($input: ReportSiteUsageInput!) { reportSiteUsage(input: $input) { site { ${siteFields} } ${userErrors} } }`,
  runMonthlyBilling: `mutation($input: RunMonthlyBillingInput!) { runMonthlyBilling(input: $input) {
    month sitesCharged creditsCharged sitesSuspended ${userErrors} } }`,
};

/** The codes of a payload's userErrors. */
export function codes(payload: { userErrors?: Array<{ code: string }> } | null | undefined): string[] {
  return (payload?.userErrors ?? []).map((e) => e.code);
}
