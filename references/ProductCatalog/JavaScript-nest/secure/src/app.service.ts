import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';

export type Product = Record<string, string>;

interface Row {
  name: string;
  properties: string;
}

/** A product is an object with a non-empty name whose every property is a string. */
export function isProduct(obj: unknown): obj is Product {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj)
    && typeof (obj as Product).name === 'string' && (obj as Product).name !== ''
    && Object.values(obj).every((v) => typeof v === 'string');
}

const load = (row: Row): Product => ({ ...JSON.parse(row.properties), name: row.name });

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec('CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, properties TEXT NOT NULL)');
  }

  find(name: string): Product | undefined {
    const row = this.db.prepare('SELECT name, properties FROM products WHERE name = ?').get(name) as Row | undefined;
    return row ? load(row) : undefined;
  }

  /** Stores `product`'s properties under `name` (a new product or a replacement). */
  save(name: string, product: Product): void {
    const { name: ignored, ...properties } = product;
    this.db.prepare(`INSERT INTO products (name, properties) VALUES (?, ?)
      ON CONFLICT(name) DO UPDATE SET properties = excluded.properties`).run(name, JSON.stringify(properties));
  }

  search(query: string): Product[] {
    const rows = this.db.prepare('SELECT name, properties FROM products').all() as Row[];
    return rows.map(load).filter((p) => Object.values(p).some((v) => v.includes(query)));
  }
}
