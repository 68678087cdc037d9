import { MigrationInterface, QueryRunner } from "typeorm";

/** The last month billed for each site, so a run-out date is right on the 1st, before that month is billed. */
export class BilledThrough1764650000000 implements MigrationInterface {
    name = 'BilledThrough1764650000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`site\` ADD \`billed_through\` varchar(7) NULL`);
        await queryRunner.query(`UPDATE \`site\` s SET s.\`billed_through\` = (SELECT MAX(t.\`billing_month\`) FROM \`credit_transaction\` t WHERE t.\`site_id\` = s.\`id\` AND t.\`kind\` = 'MONTHLY_CHARGE')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`site\` DROP COLUMN \`billed_through\``);
    }
}
