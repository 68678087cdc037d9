import DataLoader from "dataloader";
import { In, IsNull, type DataSource } from "typeorm";
import { SiteAdministrator } from "./site-administrator.entity";
import { Site } from "./site.entity";

/** Sites by id (deleted ones read as null) and each site's administrators, oldest invitation first. */
export function siteLoaders(dataSource: DataSource) {
  return {
    siteById: new DataLoader<string, Site | null>(async (ids) => {
      const rows = await dataSource.getRepository(Site).findBy({ id: In([...ids]), deletedAt: IsNull() });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    administratorsBySiteId: new DataLoader<string, SiteAdministrator[]>(async (siteIds) => {
      const rows = await dataSource.getRepository(SiteAdministrator).find({ where: { siteId: In([...siteIds]) }, order: { invitedAt: "ASC", id: "ASC" } });
      return siteIds.map((id) => rows.filter((row) => row.siteId === id));
    }),
  };
}
