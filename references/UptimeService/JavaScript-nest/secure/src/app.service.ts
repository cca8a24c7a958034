import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import { createHmac } from 'crypto';

export interface Service {
  serviceId: string;
  lastNotification: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;
  private readonly secret = process.env.APP_SECRET || 'dev-secret';

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS services (
      service_id TEXT NOT NULL, token_key TEXT NOT NULL, last_notification TEXT NOT NULL,
      PRIMARY KEY (service_id, token_key))`);
  }

  /** Tokens are secrets: only a keyed hash of them is stored, and looked up. */
  private tokenKey(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('hex');
  }

  heartbeat(serviceId: string, token: string): void {
    this.db.prepare(`INSERT INTO services (service_id, token_key, last_notification)
      VALUES (?, ?, ?) ON CONFLICT (service_id, token_key)
      DO UPDATE SET last_notification = excluded.last_notification`)
      .run(serviceId, this.tokenKey(token), new Date().toISOString());
  }

  services(token: string): Service[] {
    return this.db.prepare(`SELECT service_id AS serviceId, last_notification AS lastNotification
      FROM services WHERE token_key = ? ORDER BY service_id`).all(this.tokenKey(token)) as Service[];
  }
}
