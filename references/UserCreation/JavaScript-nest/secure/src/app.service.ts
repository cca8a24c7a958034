import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import * as bcrypt from 'bcrypt';
import { randomBytes } from 'crypto';

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL);
    CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, user_name TEXT UNIQUE NOT NULL,
      password_hash TEXT NOT NULL, invite_id TEXT NOT NULL);`);
  }

  /** The e-mail's invite id; a new one is a random token, never derived from the e-mail. */
  invite(email: string): string {
    const find = this.db.prepare('SELECT invite_id FROM invites WHERE email = ?');
    let row = find.get(email) as { invite_id: string } | undefined;
    if (!row) {
      this.db.prepare('INSERT INTO invites (invite_id, email) VALUES (?, ?)').run(randomBytes(24).toString('base64url'), email);
      row = find.get(email) as { invite_id: string };
    }
    return row.invite_id;
  }

  inviteExists(inviteId: string): boolean {
    return this.db.prepare('SELECT 1 FROM invites WHERE invite_id = ?').get(inviteId) !== undefined;
  }

  /** False when the user name is taken. */
  async createUser(inviteId: string, userName: string, password: string): Promise<boolean> {
    const hash = await bcrypt.hash(password, 10);
    try {
      this.db.prepare('INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)').run(userName, hash, inviteId);
      return true;
    } catch {
      return false;
    }
  }
}
