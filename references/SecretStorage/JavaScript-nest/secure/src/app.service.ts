import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import * as bcrypt from 'bcrypt';
import * as crypto from 'crypto';
import * as jwt from 'jsonwebtoken';

export interface User {
  id: number;
  username: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;
  private readonly secret = process.env.APP_SECRET || 'dev-secret';

  // Secrets are stored encrypted with AES-256-GCM under a key derived from APP_SECRET.
  private readonly key = crypto.createHash('sha256').update('secret-storage:' + this.secret).digest();

  private seal(text: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex');
  }

  private unseal(stored: string): string {
    const raw = Buffer.from(stored, 'hex');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
      username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS secrets (user_id INTEGER PRIMARY KEY, secret TEXT NOT NULL);`);
  }

  /** False when the email or username is taken. */
  async register(email: string, username: string, password: string): Promise<boolean> {
    const hash = await bcrypt.hash(password, 10);
    try {
      this.db.prepare('INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)').run(email, username, hash);
      return true;
    } catch {
      return false;
    }
  }

  /** A signed token, or null when the email or password is wrong. */
  async login(email: string, password: string): Promise<string | null> {
    const user = this.db.prepare('SELECT id, password_hash FROM users WHERE email = ?')
      .get(email) as { id: number; password_hash: string } | undefined;
    if (!user || !(await bcrypt.compare(password, user.password_hash))) return null;
    return jwt.sign({ sub: String(user.id) }, this.secret, { algorithm: 'HS256', expiresIn: '1h' });
  }

  /** The user a valid token names, or null. */
  userOf(token: string): User | null {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      return (this.db.prepare('SELECT id, username FROM users WHERE id = ?').get(Number(claims.sub)) as User) || null;
    } catch {
      return null;
    }
  }

  setSecret(user: User, secret: string): void {
    this.db.prepare(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
      ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`).run(user.id, this.seal(secret));
  }

  secretOf(user: User): string | undefined {
    const row = this.db.prepare('SELECT secret FROM secrets WHERE user_id = ?').get(user.id) as { secret: string } | undefined;
    return row && this.unseal(row.secret);
  }
}
