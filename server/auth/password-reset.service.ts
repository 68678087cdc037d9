import { IsNull, type DataSource } from "typeorm";
import { AdminStatus, PartnerAdmin } from "../admins/admin.entity";
import { actingAsAdmin, type Acting, type AuditService } from "../audit/audit.service";
import type { Clock } from "../clock";
import type { Config } from "../config";
import { affectedRows, type Transactor } from "../database";
import { UserFacingError } from "../errors";
import type { Outbox } from "../mail/outbox";
import type { OutboxMessage } from "../mail/outbox.entity";
import { passwordReset } from "../mail/templates";
import type { ApiTokensService } from "../tokens/api-tokens.service";
import type { LoginThrottleService } from "./login-throttle";
import { hashPassword, passwordRules } from "./passwords";
import type { Sessions } from "./sessions";
import { hashToken, newLinkToken } from "./tokens";
import { messages as authMessages } from "./auth.messages";
import { messages } from "./password-reset.messages";

export const resetLifetimeMs = 3600 * 1000;

const resetRequest = "PASSWORD_RESET_REQUEST";

/** Forgotten passwords: a single-use emailed link, valid for one hour, that signs the admin out everywhere. */
export class PasswordResetService {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      transactor: Transactor;
      outbox: Outbox;
      clock: Clock;
      config: Pick<Config, "publicUrl">;
      throttle: LoginThrottleService;
      sessions: Sessions;
      apiTokens: ApiTokensService;
      audit: AuditService;
    },
  ) {
    deps.outbox.composeWith(resetRequest, (request) => this.compose(request));
  }

  /**
   * Takes the request and answers nothing either way: it only writes one outbox row, the same
   * for any address, so neither the answer nor its timing tells whether the email has an
   * account. The outbox worker looks the address up and mails a link (compose, below).
   */
  async request(acting: Acting, rawEmail: string): Promise<void> {
    const email = rawEmail.trim().toLowerCase().slice(0, 254);
    await this.deps.transactor.run(async (manager) => {
      await this.deps.audit.record(manager, acting, { action: "requestPasswordReset", input: { email }, result: { ok: true } });
      await this.deps.outbox.request(manager, resetRequest, email);
    });
    this.deps.outbox.wake();
  }

  /** In the outbox worker: a reset link for an active admin with this address, or nothing. */
  private compose(request: OutboxMessage): Promise<OutboxMessage | null> {
    return this.deps.transactor.run(async (manager) => {
      const admin = await manager.findOneBy(PartnerAdmin, { liveEmail: request.toAddress, status: AdminStatus.ACTIVE, removedAt: IsNull() });
      if (!admin) return this.deps.outbox.drop(manager, request);
      const token = newLinkToken();
      const expiresAt = new Date(this.deps.clock.now().getTime() + resetLifetimeMs);
      await manager.update(PartnerAdmin, { id: admin.id }, { resetTokenHash: hashToken(token), resetExpiresAt: expiresAt });
      const resetUrl = `${this.deps.config.publicUrl}/reset-password?token=${token}`;
      return this.deps.outbox.fill(manager, request, passwordReset({ to: admin.email, partnerId: admin.partnerId, resetUrl, expiresAt, language: admin.preferredLanguage }));
    });
  }

  async reset(input: { token: string; password: string }, clientAddress: string): Promise<void> {
    const tokenHash = hashToken(input.token);
    const admin = await this.deps.dataSource.getRepository(PartnerAdmin).findOneBy({ resetTokenHash: tokenHash, status: AdminStatus.ACTIVE, removedAt: IsNull() });
    if (!admin?.resetExpiresAt) throw new UserFacingError("RESET_LINK_INVALID", messages.invalid, "token");
    if (admin.resetExpiresAt <= this.deps.clock.now()) throw new UserFacingError("RESET_LINK_EXPIRED", messages.expired, "token");
    if (input.password.length < passwordRules.min || input.password.length > passwordRules.max)
      throw new UserFacingError("INVALID_PASSWORD", authMessages.passwordLength(passwordRules.min, passwordRules.max), "password", passwordRules);
    const passwordHash = await hashPassword(input.password);
    await this.deps.transactor.run(async (manager) => {
      // Conditional on the link still being the admin's, so it works once.
      const updated = await manager
        .createQueryBuilder()
        .update(PartnerAdmin)
        .set({ passwordHash, resetTokenHash: null, resetExpiresAt: null })
        .where("id = :id AND reset_token_hash = :tokenHash", { id: admin.id, tokenHash })
        .execute();
      if (affectedRows(updated) !== 1) throw new UserFacingError("RESET_LINK_INVALID", messages.invalid, "token");
      // Signed out everywhere, as the email promises: every session, and the API tokens the admin created.
      await this.deps.sessions.endAll(manager, admin.id);
      await this.deps.apiTokens.revokeCreatedBy(manager, admin.id);
      // The emailed link proves the mailbox: the admin acts on itself.
      await this.deps.audit.record(manager, actingAsAdmin(admin, clientAddress), { action: "resetPassword", object: { type: "PartnerAdmin", id: admin.id, before: admin, after: admin }, input: {} });
    });
    await this.deps.throttle.reset(`account:${admin.email}`);
  }
}
