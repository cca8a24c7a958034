import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomBytes } from 'crypto';

export interface Item {
  item_id: number;
  count: number;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
      count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id));`);
  }

  /** Cart ids are long random tokens: knowing one is what grants access to the cart. */
  create(): string {
    const cartId = randomBytes(24).toString('base64url');
    this.db.prepare('INSERT INTO carts (id) VALUES (?)').run(cartId);
    return cartId;
  }

  exists(cartId: string): boolean {
    return this.db.prepare('SELECT 1 FROM carts WHERE id = ?').get(cartId) !== undefined;
  }

  /** Adds `count` (negative: removes) of an item; false when that would leave fewer than none. */
  add(cartId: string, itemId: number, count: number): boolean {
    const row = this.db.prepare('SELECT count FROM items WHERE cart_id = ? AND item_id = ?')
      .get(cartId, itemId) as { count: number } | undefined;
    const newCount = (row ? row.count : 0) + count;
    if (newCount < 0) return false;
    if (newCount === 0) {
      this.db.prepare('DELETE FROM items WHERE cart_id = ? AND item_id = ?').run(cartId, itemId);
    } else {
      this.db.prepare(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
        ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`).run(cartId, itemId, newCount);
    }
    return true;
  }

  items(cartId: string): Item[] {
    return this.db.prepare('SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id')
      .all(cartId) as Item[];
  }
}
