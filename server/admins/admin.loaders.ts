import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import { OutboxMessage } from "../mail/outbox.entity";
import { PartnerAdmin } from "./admin.entity";

/** Admins by id (for the caller, invitedBy and ledger actors) and invitation delivery states. */
export function adminLoaders(dataSource: DataSource) {
  return {
    adminById: new DataLoader<string, PartnerAdmin | null>(async (ids) => {
      const rows = await dataSource.getRepository(PartnerAdmin).findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    messageDelivered: new DataLoader<string, boolean>(async (ids) => {
      const rows = await dataSource.getRepository(OutboxMessage).find({ select: { id: true, deliveredAt: true }, where: { id: In([...ids]) } });
      const delivered = new Set(rows.filter((row) => row.deliveredAt).map((row) => row.id));
      return ids.map((id) => delivered.has(id));
    }),
  };
}
