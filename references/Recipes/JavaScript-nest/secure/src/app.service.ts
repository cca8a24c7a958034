import { Injectable, OnModuleInit } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomUUID } from 'crypto';

export interface Recipe {
  id: string;
  title: string;
  ingredients: string[];
  instructions: string;
}

export interface Summary {
  id: string;
  title: string;
}

@Injectable()
export class AppService implements OnModuleInit {
  private db: Database.Database;

  onModuleInit() {
    this.db = new Database('db.sqlite3');
    this.db.exec(`CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
      title TEXT NOT NULL, ingredients TEXT NOT NULL, instructions TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, recipe_id TEXT NOT NULL, comment TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, rating INTEGER NOT NULL);`);
  }

  recent(): Summary[] {
    return this.db.prepare('SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10').all() as Summary[];
  }

  topRated(): Summary[] {
    return this.db.prepare(`SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id
      GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10`).all() as Summary[];
  }

  add(title: string, ingredients: string[], instructions: string): Recipe {
    const id = randomUUID();
    this.db.prepare('INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)')
      .run(id, title, JSON.stringify(ingredients), instructions);
    return { id, title, ingredients, instructions };
  }

  find(id: string): Recipe | undefined {
    const row = this.db.prepare('SELECT id, title, ingredients, instructions FROM recipes WHERE id = ?')
      .get(id) as (Omit<Recipe, 'ingredients'> & { ingredients: string }) | undefined;
    return row && { ...row, ingredients: JSON.parse(row.ingredients) };
  }

  comments(id: string): string[] {
    const rows = this.db.prepare('SELECT comment FROM comments WHERE recipe_id = ? ORDER BY seq').all(id) as { comment: string }[];
    return rows.map((r) => r.comment);
  }

  averageRating(id: string): number | null {
    return (this.db.prepare('SELECT AVG(rating) AS avg FROM ratings WHERE recipe_id = ?').get(id) as { avg: number | null }).avg;
  }

  addComment(id: string, comment: string): void {
    this.db.prepare('INSERT INTO comments (recipe_id, comment) VALUES (?, ?)').run(id, comment);
  }

  addRating(id: string, rating: number): void {
    this.db.prepare('INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)').run(id, rating);
  }
}
