import { PartnerAdmin } from "./admins/admin.entity";
import { AuditEntry } from "./audit/audit-entry.entity";
import { AdminSession } from "./auth/admin-session.entity";
import { LoginThrottle } from "./auth/login-throttle.entity";
import { CreditTransaction } from "./credits/credit-transaction.entity";
import { OutboxMessage } from "./mail/outbox.entity";
import { Partner } from "./partners/partner.entity";
import { SiteAdministrator } from "./sites/site-administrator.entity";
import { Site } from "./sites/site.entity";
import { ApiToken } from "./tokens/api-token.entity";

/** Every table of the portal, for the DataSource and its migrations. */
export const entities = [Partner, PartnerAdmin, AdminSession, LoginThrottle, OutboxMessage, Site, SiteAdministrator, CreditTransaction, ApiToken, AuditEntry];
