import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import * as bcrypt from 'bcrypt';
import * as jwt from 'jsonwebtoken';

interface UserRow {
  id: number;
  password_hash: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;
  private readonly secret = process.env.APP_SECRET || 'dev-secret';

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
      password_hash TEXT NOT NULL, name TEXT NOT NULL)`);
  }

  /** False when the email is taken. */
  async register(email: string, password: string, name: string): Promise<boolean> {
    const hash = await bcrypt.hash(password, 10);
    try {
      this.db.prepare('INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)')
        .run(email, hash, name);
      return true;
    } catch {
      return false;
    }
  }

  /** A signed token, or null when the email or password is wrong. */
  async login(email: string, password: string): Promise<string | null> {
    const user = this.db.prepare('SELECT id, password_hash FROM users WHERE email = ?')
      .get(email) as UserRow | undefined;
    if (!user || !(await bcrypt.compare(password, user.password_hash))) return null;
    return jwt.sign({ sub: String(user.id), email }, this.secret, { expiresIn: '1h' });
  }
}
