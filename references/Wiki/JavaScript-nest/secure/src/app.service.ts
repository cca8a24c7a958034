import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';

export interface EntryRow {
  id: number;
  title: string;
  content: string;
  created_by: string;
  last_modified_by: string;
  last_modified_at: string;
}

export interface EditRow {
  id: number;
  entry_id: number;
  old_content: string;
  new_content: string;
  modified_by: string;
  summary: string;
  modified_at: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
      content TEXT NOT NULL, created_by TEXT NOT NULL, last_modified_by TEXT NOT NULL,
      last_modified_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL,
      old_content TEXT NOT NULL, new_content TEXT NOT NULL, modified_by TEXT NOT NULL,
      summary TEXT NOT NULL, modified_at TEXT NOT NULL);`);
  }

  all(): Pick<EntryRow, 'id' | 'title'>[] {
    return this.db.prepare('SELECT id, title FROM entries ORDER BY id').all() as Pick<EntryRow, 'id' | 'title'>[];
  }

  /** The entry with a decimal id, or undefined. */
  find(id: string): EntryRow | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    return this.db.prepare('SELECT * FROM entries WHERE id = ?').get(Number(id)) as EntryRow | undefined;
  }

  create(title: string, content: string, createdBy: string): EntryRow {
    const { lastInsertRowid } = this.db.prepare(`INSERT INTO entries (title, content, created_by,
      last_modified_by, last_modified_at) VALUES (?, ?, ?, ?, ?)`)
      .run(title, content, createdBy, createdBy, new Date().toISOString());
    return this.find(String(lastInsertRowid));
  }

  /** Replaces the content and records the edit, both or neither. */
  update(entry: EntryRow, content: string, modifiedBy: string, summary: string): EntryRow {
    const stamp = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary,
        modified_at) VALUES (?, ?, ?, ?, ?, ?)`).run(entry.id, entry.content, content, modifiedBy, summary, stamp);
      this.db.prepare('UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? WHERE id = ?')
        .run(content, modifiedBy, stamp, entry.id);
    })();
    return this.find(String(entry.id));
  }

  edits(entry: EntryRow): EditRow[] {
    return this.db.prepare('SELECT * FROM edits WHERE entry_id = ? ORDER BY id').all(entry.id) as EditRow[];
  }
}
