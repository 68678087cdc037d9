import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { AdminsService } from "../admins/admins.service";
import type { Acting, AuditService } from "../audit/audit.service";
import type { Clock } from "../clock";
import type { Transactor } from "../database";
import type { Outbox } from "../mail/outbox";
import { AdminRole } from "../roles";
import * as valid from "../validation";
import { Partner, PartnerStatus } from "./partner.entity";

export interface PartnersDeps {
  dataSource: DataSource;
  transactor: Transactor;
  outbox: Outbox;
  clock: Clock;
  admins: AdminsService;
  audit: AuditService;
}

/** Partners (VAR companies): created by the platform operator, read by their own admins. */
export class PartnersService {
  constructor(private readonly deps: PartnersDeps) {}

  get(partnerId: string): Promise<Partner> {
    return this.deps.dataSource.getRepository(Partner).findOneByOrFail({ id: partnerId });
  }

  /** Every partner, oldest first: for the platform operator's command line. */
  list(): Promise<Partner[]> {
    return this.deps.dataSource.getRepository(Partner).find({ order: { createdAt: "ASC", id: "ASC" } });
  }

  count(): Promise<number> {
    return this.deps.dataSource.getRepository(Partner).count();
  }

  /** Creates a partner, PENDING_ACTIVATION, and invites its first Master by email. */
  async create(acting: Acting, input: { name: string; country: string; masterEmail: string }): Promise<{ partner: Partner; signUpUrl: string }> {
    const normalized = {
      name: valid.text(input.name, "name", { label: "The partner's name", max: 200 }),
      country: valid.country(input.country, "country"),
      masterEmail: valid.email(input.masterEmail, "masterEmail"),
    };
    const { name, country, masterEmail } = normalized;
    const result = await this.deps.transactor.run(async (manager) => {
      const partner = manager.create(Partner, {
        id: randomUUID(),
        name,
        country,
        status: PartnerStatus.PENDING_ACTIVATION,
        unallocatedCredits: 0,
        createdAt: this.deps.clock.now(),
        activatedAt: null,
      });
      await manager.insert(Partner, partner);
      const { signUpUrl } = await this.deps.admins
        .createInvited(manager, { partner, email: masterEmail, role: AdminRole.MASTER, invitedById: null })
        .catch((error) => {
          // The platform operator sees every partner, so the field is named as masterEmail.
          if (error?.errors?.[0]?.field) error.errors[0].field = ["input", "masterEmail"];
          throw error;
        });
      await this.deps.audit.record(manager, acting, { action: "createPartner", partnerId: partner.id, object: { type: "Partner", id: partner.id, before: null, after: partner }, input: normalized });
      // Without concealOtherPartner, createInvited makes a sign-up link or refuses.
      return { partner, signUpUrl: signUpUrl! };
    });
    this.deps.outbox.wake();
    return result;
  }
}
