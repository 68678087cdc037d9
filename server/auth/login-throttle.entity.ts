import { Column, Entity, PrimaryColumn } from "typeorm";
import { timestamp } from "../database";

/** Failed log-ins counted per account ("account:<email>") and per client address ("address:<ip>"). */
@Entity("login_throttle")
export class LoginThrottle {
  @PrimaryColumn("varchar", { name: "throttle_key", length: 300 })
  key: string;

  @Column("int")
  failures: number;

  @Column(timestamp({ name: "window_started_at" }))
  windowStartedAt: Date;

  @Column(timestamp({ name: "locked_until", nullable: true }))
  lockedUntil: Date | null;
}
