import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import * as bcrypt from 'bcrypt';
import { randomBytes } from 'crypto';
import csv from 'csv-parser';
import { Readable } from 'stream';

export type Ware = [name: string, description: string, price: number];

export interface ListedWare {
  name: string;
  description: string;
  price: number;
  email: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
      name TEXT NOT NULL, password_hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, merchant_id INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id INTEGER NOT NULL,
      name TEXT NOT NULL, description TEXT NOT NULL, price REAL NOT NULL);`);
  }

  /** False when the email is taken. */
  async register(email: string, name: string, password: string): Promise<boolean> {
    const hash = await bcrypt.hash(password, 10);
    try {
      this.db.prepare('INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)').run(email, name, hash);
      return true;
    } catch {
      return false;
    }
  }

  /** A new random session token, or null when the email or password is wrong. */
  async login(email: string, password: string): Promise<string | null> {
    const row = this.db.prepare('SELECT id, password_hash FROM merchants WHERE email = ?')
      .get(email) as { id: number; password_hash: string } | undefined;
    if (!row || !(await bcrypt.compare(password, row.password_hash))) return null;
    const token = randomBytes(32).toString('base64url');
    this.db.prepare('INSERT INTO sessions (token, merchant_id) VALUES (?, ?)').run(token, row.id);
    return token;
  }

  merchantOf(token: unknown): number | null {
    if (typeof token !== 'string' || !token) return null;
    const row = this.db.prepare('SELECT merchant_id FROM sessions WHERE token = ?').get(token) as { merchant_id: number } | undefined;
    return row ? row.merchant_id : null;
  }

  /** Rows of exactly name, description, price (a finite number), or null when the CSV is malformed. */
  async parseWares(text: string): Promise<Ware[] | null> {
    const wares: Ware[] = [];
    try {
      const rows = Readable.from([text]).pipe(csv({ headers: ['name', 'description', 'price'], strict: true }));
      for await (const row of rows) {
        const price = row.price.trim() === '' ? NaN : Number(row.price);
        if (!Number.isFinite(price)) return null;
        wares.push([row.name.trim(), row.description.trim(), price]);
      }
    } catch {
      return null;
    }
    return wares;
  }

  addWares(merchant: number, wares: Ware[]): void {
    const insert = this.db.prepare('INSERT INTO wares (merchant_id, name, description, price) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => { for (const w of wares) insert.run(merchant, ...w); })();
  }

  list(minPrice: number | null, maxPrice: number | null): ListedWare[] {
    let sql = `SELECT w.name, w.description, w.price, m.email FROM wares w
      JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1`;
    const args: number[] = [];
    if (minPrice !== null) { sql += ' AND w.price >= ?'; args.push(minPrice); }
    if (maxPrice !== null) { sql += ' AND w.price <= ?'; args.push(maxPrice); }
    return this.db.prepare(`${sql} ORDER BY w.id`).all(...args) as ListedWare[];
  }
}
