const crypto = require('crypto');
const express = require('express');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
  title TEXT NOT NULL, ingredients TEXT NOT NULL, instructions TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, recipe_id TEXT NOT NULL, comment TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, rating INTEGER NOT NULL);`);

const app = express();
app.use(express.json());

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const page = (res, title, body) => res.status(200).type('text/html').send(
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
const findRecipe = (id) => db.prepare('SELECT id, title, ingredients, instructions FROM recipes WHERE id = ?').get(id);
const link = (r) => `<li><a href="/recipes/${escapeHtml(r.id)}">${escapeHtml(r.title)}</a></li>`;

app.get('/recipes', (req, res) => {
  const recent = db.prepare('SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10').all();
  const top = db.prepare(`SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id
    GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10`).all();
  page(res, 'Recipes', `<h1>Recipes</h1><h2>Recent recipes</h2><ul>${recent.map(link).join('')}</ul>`
    + `<h2>Top-rated recipes</h2><ul>${top.map(link).join('')}</ul>`);
});

app.post('/recipes/upload', (req, res) => {
  const { title, ingredients, instructions } = req.body || {};
  if (typeof title !== 'string' || !title.trim() || typeof instructions !== 'string'
      || !Array.isArray(ingredients) || !ingredients.every((i) => typeof i === 'string')) {
    return res.status(400).json({ error: 'title, ingredients (list of strings) and instructions are required' });
  }
  const id = crypto.randomUUID();
  db.prepare('INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)')
    .run(id, title, JSON.stringify(ingredients), instructions);
  return res.status(201).json({ id, title, ingredients, instructions, comments: [], avgRating: null });
});

app.get('/recipes/:id', (req, res) => {
  const recipe = findRecipe(req.params.id);
  if (!recipe) return res.status(404).json({ error: 'Recipe not found' });
  const comments = db.prepare('SELECT comment FROM comments WHERE recipe_id = ? ORDER BY seq').all(recipe.id);
  const { avg } = db.prepare('SELECT AVG(rating) AS avg FROM ratings WHERE recipe_id = ?').get(recipe.id);
  const rating = avg === null ? 'no ratings yet' : avg.toFixed(1);
  page(res, recipe.title, `<h1>${escapeHtml(recipe.title)}</h1><h2>Ingredients</h2><ul>`
    + JSON.parse(recipe.ingredients).map((i) => `<li>${escapeHtml(i)}</li>`).join('')
    + `</ul><h2>Instructions</h2><p>${escapeHtml(recipe.instructions)}</p>`
    + `<h2>Average rating</h2><p>${rating}</p><h2>Comments</h2><ul>`
    + comments.map((c) => `<li>${escapeHtml(c.comment)}</li>`).join('') + '</ul>');
});

app.post('/recipes/:id/comments', (req, res) => {
  if (!findRecipe(req.params.id)) return res.status(404).json({ error: 'Recipe not found' });
  const { comment } = req.body || {};
  if (typeof comment !== 'string' || !comment.trim()) {
    return res.status(400).json({ error: 'comment (string) is required' });
  }
  db.prepare('INSERT INTO comments (recipe_id, comment) VALUES (?, ?)').run(req.params.id, comment);
  return res.status(201).json({ message: 'Comment added' });
});

app.post('/recipes/:id/ratings', (req, res) => {
  if (!findRecipe(req.params.id)) return res.status(404).json({ error: 'Recipe not found' });
  const { rating } = req.body || {};
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    return res.status(400).json({ error: 'rating must be an integer from 1 to 5' });
  }
  db.prepare('INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)').run(req.params.id, rating);
  return res.status(201).json({ message: 'Rating added' });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'invalid request' }));

app.listen(5000, '0.0.0.0');
