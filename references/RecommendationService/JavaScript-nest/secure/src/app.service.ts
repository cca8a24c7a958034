import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, tag TEXT NOT NULL);`);
  }

  add(name: string, tags: string[]): void {
    const insertTag = this.db.prepare('INSERT INTO product_tags (product_id, tag) VALUES (?, ?)');
    this.db.transaction(() => {
      const { lastInsertRowid: id } = this.db.prepare('INSERT INTO products (name) VALUES (?)').run(name);
      for (const tag of new Set(tags)) insertTag.run(id, tag);
    })();
  }

  /** Names of the products carrying at least one of `tags`. */
  withAnyTag(tags: string[]): string[] {
    const marks = tags.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT p.id, p.name FROM products p WHERE p.id IN
      (SELECT product_id FROM product_tags WHERE tag IN (${marks})) ORDER BY p.id`).all(...tags) as { name: string }[];
    return rows.map((r) => r.name);
  }
}
