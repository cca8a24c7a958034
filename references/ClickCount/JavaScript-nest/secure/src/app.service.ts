import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomUUID } from 'crypto';

export interface Click {
  id: string;
  timestamp: string;
}

// The comparison operator comes from this fixed map, never from the request text itself.
const OPERATORS = new Map([['<', '<'], ['>', '>'], ['<=', '<='], ['>=', '>=']]);

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec('CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)');
  }

  register(): void {
    this.db.prepare('INSERT INTO clicks (id, timestamp) VALUES (?, ?)')
      .run(randomUUID(), new Date().toISOString());
  }

  operator(direction: unknown): string | undefined {
    return typeof direction === 'string' ? OPERATORS.get(direction) : undefined;
  }

  /** Clicks compared with `date` by one of the fixed operators. */
  find(date: string, operator: string): Click[] {
    return this.db.prepare(`SELECT id, timestamp FROM clicks WHERE timestamp ${operator} ? ORDER BY timestamp`)
      .all(date) as Click[];
  }
}
