import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL,
      UNIQUE (credit_card, phone))`);
  }

  associate(card: string, phone: string): void {
    this.db.prepare('INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)').run(card, phone);
  }

  /** The cards associated with every one of `phones`. */
  cardsOfAll(phones: string[]): string[] {
    const wanted = [...new Set(phones)];
    if (wanted.length === 0) return [];
    const marks = wanted.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT credit_card FROM cards WHERE phone IN (${marks})
      GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?`).all(...wanted, wanted.length) as { credit_card: string }[];
    return rows.map((r) => r.credit_card).sort();
  }
}
