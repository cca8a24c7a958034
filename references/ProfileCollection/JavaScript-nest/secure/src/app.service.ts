import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';

/** The page is shown as text: every character that could open markup is escaped. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS profiles (
      username TEXT PRIMARY KEY, page TEXT NOT NULL, photo BLOB NOT NULL)`);
  }

  /** False when the username is taken. */
  add(username: string, page: string, photo: Buffer): boolean {
    const { changes } = this.db.prepare(`INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)
      ON CONFLICT (username) DO NOTHING`).run(username, escapeHtml(page), photo);
    return changes > 0;
  }

  page(username: string): string | undefined {
    const row = this.db.prepare('SELECT page FROM profiles WHERE username = ?').get(username) as { page: string } | undefined;
    return row && row.page;
  }

  photo(username: string): Buffer | undefined {
    const row = this.db.prepare('SELECT photo FROM profiles WHERE username = ?').get(username) as { photo: Buffer } | undefined;
    return row && row.photo;
  }
}
