import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';

export interface Message {
  content: string;
  username: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
      content TEXT NOT NULL, username TEXT NOT NULL, created INTEGER NOT NULL)`);
  }

  /** `order` is one of the fixed words ASC or DESC, checked by the caller. */
  list(limit: number, offset: number, order: 'ASC' | 'DESC'): Message[] {
    return this.db.prepare(`SELECT content, username FROM messages
      ORDER BY created ${order}, id ${order} LIMIT ? OFFSET ?`).all(limit, offset) as Message[];
  }

  post(content: string, username: string): void {
    this.db.prepare('INSERT INTO messages (content, username, created) VALUES (?, ?, ?)')
      .run(content, username, Date.now());
  }
}
