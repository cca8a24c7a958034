const crypto = require('crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const Database = require('better-sqlite3');

const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
  title TEXT NOT NULL, ingredients TEXT NOT NULL, instructions TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, recipe_id TEXT NOT NULL, comment TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, rating INTEGER NOT NULL);`);

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const link = (r) => `<li><a href="/recipes/${encodeURIComponent(r.id)}">${escapeHtml(r.title)}</a></li>`;
const findRecipe = (id) => db.prepare('SELECT id, title, ingredients, instructions FROM recipes WHERE id = ?').get(id);
const filled = (v) => typeof v === 'string' && v.trim() !== '';

function page(ctx, title, body) {
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = '<!DOCTYPE html><html><head><meta charset="utf-8">'
    + `<title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

const app = new Koa();
const router = new Router();

// Loads the recipe named in the path into ctx.state.recipe, or answers 404.
async function recipeParam(ctx, next) {
  ctx.state.recipe = findRecipe(ctx.params.id);
  if (!ctx.state.recipe) ctx.throw(404, 'Recipe not found');
  await next();
}

router.get('/recipes', (ctx) => {
  const recent = db.prepare('SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10').all();
  const top = db.prepare(`SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id
    GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10`).all();
  page(ctx, 'Recipes', `<h1>Recipes</h1><h2>Recent recipes</h2><ul>${recent.map(link).join('')}</ul>`
    + `<h2>Top-rated recipes</h2><ul>${top.map(link).join('')}</ul>`);
});

router.post('/recipes/upload', (ctx) => {
  const { title, ingredients, instructions } = ctx.request.body || {};
  if (!filled(title) || typeof instructions !== 'string'
      || !Array.isArray(ingredients) || !ingredients.every((i) => typeof i === 'string')) {
    ctx.throw(400, 'title, ingredients (list of strings) and instructions are required');
  }
  const id = crypto.randomUUID();
  db.prepare('INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)')
    .run(id, title, JSON.stringify(ingredients), instructions);
  ctx.status = 201;
  ctx.body = { id, title, ingredients, instructions, comments: [], avgRating: null };
});

router.get('/recipes/:id', recipeParam, (ctx) => {
  const { recipe } = ctx.state;
  const comments = db.prepare('SELECT comment FROM comments WHERE recipe_id = ? ORDER BY seq').all(recipe.id);
  const { avg } = db.prepare('SELECT AVG(rating) AS avg FROM ratings WHERE recipe_id = ?').get(recipe.id);
  const rating = avg === null ? 'no ratings yet' : avg.toFixed(1);
  page(ctx, recipe.title, `<h1>${escapeHtml(recipe.title)}</h1><h2>Ingredients</h2><ul>`
    + JSON.parse(recipe.ingredients).map((i) => `<li>${escapeHtml(i)}</li>`).join('')
    + `</ul><h2>Instructions</h2><p>${escapeHtml(recipe.instructions)}</p>`
    + `<h2>Average rating</h2><p>${rating}</p><h2>Comments</h2><ul>`
    + `${comments.map((c) => `<li>${escapeHtml(c.comment)}</li>`).join('')}</ul>`);
});

router.post('/recipes/:id/comments', recipeParam, (ctx) => {
  const { comment } = ctx.request.body || {};
  if (!filled(comment)) ctx.throw(400, 'comment (string) is required');
  db.prepare('INSERT INTO comments (recipe_id, comment) VALUES (?, ?)').run(ctx.state.recipe.id, comment);
  ctx.status = 201;
  ctx.body = { message: 'Comment added' };
});

router.post('/recipes/:id/ratings', recipeParam, (ctx) => {
  const { rating } = ctx.request.body || {};
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    ctx.throw(400, 'rating must be an integer from 1 to 5');
  }
  db.prepare('INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)').run(ctx.state.recipe.id, rating);
  ctx.status = 201;
  ctx.body = { message: 'Rating added' };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status === 404 ? 404 : 400;
    ctx.body = { error: err.expose ? err.message : 'invalid request' };
  }
});
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(5000, '0.0.0.0');
