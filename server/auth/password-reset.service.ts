import { IsNull, type DataSource } from "typeorm";
import { AdminStatus, PartnerAdmin } from "../admins/admin.entity";
import type { Clock } from "../clock";
import type { Config } from "../config";
import { affectedRows, type Transactor } from "../database";
import { UserFacingError } from "../errors";
import type { Outbox } from "../mail/outbox";
import { passwordReset } from "../mail/templates";
import type { LoginThrottleService } from "./login-throttle";
import { hashPassword, passwordRules } from "./passwords";
import { hashToken, newLinkToken } from "./tokens";
import { messages as authMessages } from "./auth.messages";

export const resetLifetimeMs = 3600 * 1000;

const messages = {
  invalid: "This password-reset link is no longer valid: it was already used or replaced by a newer one. Ask for a new link.",
  expired: "This password-reset link has expired (links last one hour). Ask for a new link.",
};

/** Forgotten passwords: a single-use emailed link, valid for one hour, that ends every other session. */
export class PasswordResetService {
  constructor(
    private readonly deps: { dataSource: DataSource; transactor: Transactor; outbox: Outbox; clock: Clock; config: Pick<Config, "publicUrl">; throttle: LoginThrottleService },
  ) {}

  /** Mails a reset link when the address belongs to an active admin; answers nothing either way. */
  async request(rawEmail: string): Promise<void> {
    const email = rawEmail.trim().toLowerCase().slice(0, 254);
    await this.deps.transactor.run(async (manager) => {
      const admin = await manager.findOneBy(PartnerAdmin, { liveEmail: email, status: AdminStatus.ACTIVE, removedAt: IsNull() });
      if (!admin) return;
      const token = newLinkToken();
      const expiresAt = new Date(this.deps.clock.now().getTime() + resetLifetimeMs);
      await manager.update(PartnerAdmin, { id: admin.id }, { resetTokenHash: hashToken(token), resetExpiresAt: expiresAt });
      await this.deps.outbox.enqueue(
        manager,
        passwordReset({ to: admin.email, partnerId: admin.partnerId, resetUrl: `${this.deps.config.publicUrl}/reset-password?token=${token}`, expiresAt }),
      );
    });
    this.deps.outbox.wake();
  }

  async reset(input: { token: string; password: string }): Promise<void> {
    const tokenHash = hashToken(input.token);
    const repository = this.deps.dataSource.getRepository(PartnerAdmin);
    const admin = await repository.findOneBy({ resetTokenHash: tokenHash, status: AdminStatus.ACTIVE, removedAt: IsNull() });
    if (!admin?.resetExpiresAt) throw new UserFacingError("RESET_LINK_INVALID", messages.invalid, "token");
    if (admin.resetExpiresAt <= this.deps.clock.now()) throw new UserFacingError("RESET_LINK_EXPIRED", messages.expired, "token");
    if (input.password.length < passwordRules.min || input.password.length > passwordRules.max)
      throw new UserFacingError("INVALID_PASSWORD", authMessages.passwordLength(passwordRules.min, passwordRules.max), "password", passwordRules);
    const passwordHash = await hashPassword(input.password);
    // Conditional on the link still being the admin's, so it works once; the session version ends every other session.
    const updated = await repository
      .createQueryBuilder()
      .update(PartnerAdmin)
      .set({ passwordHash, resetTokenHash: null, resetExpiresAt: null, sessionVersion: () => "session_version + 1" })
      .where("id = :id AND reset_token_hash = :tokenHash", { id: admin.id, tokenHash })
      .execute();
    if (affectedRows(updated) !== 1) throw new UserFacingError("RESET_LINK_INVALID", messages.invalid, "token");
    await this.deps.throttle.reset(`account:${admin.email}`);
  }
}
