import { IsNull, type DataSource } from "typeorm";
import { AdminStatus, PartnerAdmin } from "../admins/admin.entity";
import { actingAsAdmin, type AuditService } from "../audit/audit.service";
import type { Clock } from "../clock";
import { affectedRows, type Transactor } from "../database";
import { UserFacingError, type UserError } from "../errors";
import type { Language } from "../language";
import { Partner, PartnerStatus } from "../partners/partner.entity";
import { AdminRole } from "../roles";
import * as valid from "../validation";
import { messages, policyVersions } from "./auth.messages";
import type { LoginThrottleService } from "./login-throttle";
import { decoyHash, hashPassword, passwordRules, verifyPassword } from "./passwords";
import type { Sessions } from "./sessions";
import { hashToken } from "./tokens";

export interface AuthDeps {
  dataSource: DataSource;
  transactor: Transactor;
  clock: Clock;
  sessions: Sessions;
  throttle: LoginThrottleService;
  audit: AuditService;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  admin: PartnerAdmin;
}

/** Sign-up from an invitation link, log-in, and the invitation preview of the sign-up page. */
export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  /** The INVITED admin a sign-up token belongs to, if the token is still usable. */
  private async invitedBy(token: string): Promise<{ admin: PartnerAdmin | null; expired: boolean }> {
    const admin = await this.deps.dataSource.getRepository(PartnerAdmin).findOne({
      where: { invitationTokenHash: hashToken(token), status: AdminStatus.INVITED, removedAt: IsNull() },
    });
    if (!admin?.invitationExpiresAt) return { admin: null, expired: false };
    return { admin, expired: admin.invitationExpiresAt <= this.deps.clock.now() };
  }

  /** What the sign-up page shows; null for an unknown, used, revoked or expired token. */
  async preview(token: string): Promise<{ email: string; role: AdminRole; partnerName: string; expiresAt: Date } | null> {
    const { admin, expired } = await this.invitedBy(token);
    if (!admin || expired) return null;
    const partner = await this.deps.dataSource.getRepository(Partner).findOneByOrFail({ id: admin.partnerId });
    return { email: admin.email, role: admin.role, partnerName: partner.name, expiresAt: admin.invitationExpiresAt! };
  }

  async signUp(
    input: { token: string; name: string; password: string; acceptPrivacyPolicy: boolean; acceptTermsOfUsage: boolean; language?: Language | null },
    clientAddress: string,
    userAgent: string | null,
  ): Promise<SignedIn> {
    const { admin, expired } = await this.invitedBy(input.token);
    if (!admin) throw new UserFacingError("INVITATION_INVALID", messages.invitationInvalid, "token");
    if (expired) throw new UserFacingError("INVITATION_EXPIRED", messages.invitationExpired, "token");

    const problems: UserError[] = [];
    const check = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        problems.push(...error.errors);
      }
    };
    let name = "";
    check(() => (name = valid.text(input.name, "name", { label: "Your name", max: 100 })));
    check(() => {
      if (input.password.length < passwordRules.min || input.password.length > passwordRules.max)
        throw new UserFacingError("INVALID_PASSWORD", messages.passwordLength(passwordRules.min, passwordRules.max), "password", passwordRules);
    });
    if (!input.acceptPrivacyPolicy) problems.push({ code: "PRIVACY_POLICY_NOT_ACCEPTED", message: messages.privacyPolicy, field: ["input", "acceptPrivacyPolicy"] });
    if (!input.acceptTermsOfUsage) problems.push({ code: "TERMS_NOT_ACCEPTED", message: messages.termsOfUsage, field: ["input", "acceptTermsOfUsage"] });
    if (problems.length) throw UserFacingError.many(problems);

    const passwordHash = await hashPassword(input.password);
    const now = this.deps.clock.now();
    const signedIn = await this.deps.transactor.run(async (manager) => {
      // Conditional on the token still being the admin's: of two simultaneous sign-ups, one wins.
      const updated = await manager
        .createQueryBuilder()
        .update(PartnerAdmin)
        .set({
          name,
          passwordHash,
          status: AdminStatus.ACTIVE,
          invitationTokenHash: null,
          acceptedAt: now,
          lastLogInAt: now,
          privacyPolicyVersion: policyVersions.privacyPolicy,
          privacyPolicyAcceptedAt: now,
          termsVersion: policyVersions.termsOfUsage,
          termsAcceptedAt: now,
          preferredLanguage: input.language ?? admin.preferredLanguage,
        })
        .where("id = :id AND invitation_token_hash = :hash AND status = :status", { id: admin.id, hash: admin.invitationTokenHash, status: AdminStatus.INVITED })
        .execute();
      if (affectedRows(updated) !== 1) throw new UserFacingError("INVITATION_INVALID", messages.invitationInvalid, "token");
      if (admin.role === AdminRole.MASTER)
        await manager.update(Partner, { id: admin.partnerId, status: PartnerStatus.PENDING_ACTIVATION }, { status: PartnerStatus.ACTIVE, activatedAt: now });
      const after = await manager.findOneByOrFail(PartnerAdmin, { id: admin.id });
      const recorded = { name, acceptPrivacyPolicy: input.acceptPrivacyPolicy, acceptTermsOfUsage: input.acceptTermsOfUsage };
      await this.deps.audit.record(manager, actingAsAdmin(after, clientAddress), { action: "signUp", object: { type: "PartnerAdmin", id: admin.id, before: null, after }, input: recorded });
      return { ...(await this.deps.sessions.start(after, { address: clientAddress, userAgent }, manager)), admin: after };
    });
    return signedIn;
  }

  async logIn(input: { email: string; password: string }, clientAddress: string, userAgent: string | null): Promise<SignedIn> {
    const email = input.email.trim().toLowerCase().slice(0, 254);
    const keys = { account: `account:${email}`, address: `address:${clientAddress}` };
    // The attempt is reserved before the password is checked, so a burst gets no more checks than the limit.
    const lockedUntil = await this.deps.throttle.reserve(keys);
    if (lockedUntil) {
      const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - this.deps.clock.now().getTime()) / 60_000));
      throw new UserFacingError("TOO_MANY_ATTEMPTS", messages.tooManyAttempts(minutes), undefined, { minutes });
    }
    const admin = await this.deps.dataSource.getRepository(PartnerAdmin).findOne({ where: { liveEmail: email } });
    const usable = admin?.status === AdminStatus.ACTIVE && !!admin.passwordHash;
    // Check a password even for an unknown account, so the answer's timing does not tell.
    const passwordOk = await verifyPassword(input.password.slice(0, passwordRules.max), usable ? admin!.passwordHash! : await decoyHash());
    if (!usable || !passwordOk) {
      await this.deps.throttle.recordFailure(keys);
      throw new UserFacingError("INVALID_CREDENTIALS", messages.invalidCredentials);
    }
    await this.deps.throttle.release(keys);
    const partner = await this.deps.dataSource.getRepository(Partner).findOneByOrFail({ id: admin!.partnerId });
    if (partner.status !== PartnerStatus.ACTIVE) throw new UserFacingError("PARTNER_NOT_ACTIVE", messages.partnerPending);
    await this.deps.throttle.reset(keys.account);
    admin!.lastLogInAt = this.deps.clock.now();
    return this.deps.transactor.run(async (manager) => {
      await manager.update(PartnerAdmin, { id: admin!.id }, { lastLogInAt: admin!.lastLogInAt });
      await this.deps.audit.record(manager, actingAsAdmin(admin!, clientAddress), { action: "logIn", object: { type: "PartnerAdmin", id: admin!.id, before: null, after: admin }, input: { email } });
      return { ...(await this.deps.sessions.start(admin!, { address: clientAddress, userAgent }, manager)), admin: admin! };
    });
  }
}
