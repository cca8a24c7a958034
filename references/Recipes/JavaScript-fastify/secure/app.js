const crypto = require('crypto');
const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
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

function page(reply, title, body) {
  return reply.type('text/html; charset=utf-8').send('<!DOCTYPE html><html><head><meta charset="utf-8">'
    + `<title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
}

const uploadSchema = {
  body: {
    type: 'object',
    required: ['title', 'ingredients', 'instructions'],
    properties: {
      title: { type: 'string', minLength: 1, pattern: '\\S' },
      ingredients: { type: 'array', items: { type: 'string' } },
      instructions: { type: 'string' },
    },
  },
};
const commentSchema = {
  body: {
    type: 'object',
    required: ['comment'],
    properties: { comment: { type: 'string', minLength: 1, pattern: '\\S' } },
  },
};
const ratingSchema = {
  body: {
    type: 'object',
    required: ['rating'],
    properties: { rating: { type: 'integer', minimum: 1, maximum: 5 } },
  },
};

fastify.get('/recipes', async (request, reply) => {
  const recent = db.prepare('SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10').all();
  const top = db.prepare(`SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id
    GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10`).all();
  return page(reply, 'Recipes', `<h1>Recipes</h1><h2>Recent recipes</h2><ul>${recent.map(link).join('')}</ul>`
    + `<h2>Top-rated recipes</h2><ul>${top.map(link).join('')}</ul>`);
});

fastify.post('/recipes/upload', { schema: uploadSchema }, async (request, reply) => {
  const { title, ingredients, instructions } = request.body;
  const id = crypto.randomUUID();
  db.prepare('INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)')
    .run(id, title, JSON.stringify(ingredients), instructions);
  return reply.code(201).send({ id, title, ingredients, instructions, comments: [], avgRating: null });
});

fastify.get('/recipes/:id', async (request, reply) => {
  const recipe = findRecipe(request.params.id);
  if (!recipe) return reply.code(404).send({ error: 'Recipe not found' });
  const comments = db.prepare('SELECT comment FROM comments WHERE recipe_id = ? ORDER BY seq').all(recipe.id);
  const { avg } = db.prepare('SELECT AVG(rating) AS avg FROM ratings WHERE recipe_id = ?').get(recipe.id);
  const rating = avg === null ? 'no ratings yet' : avg.toFixed(1);
  return page(reply, recipe.title, `<h1>${escapeHtml(recipe.title)}</h1><h2>Ingredients</h2><ul>`
    + JSON.parse(recipe.ingredients).map((i) => `<li>${escapeHtml(i)}</li>`).join('')
    + `</ul><h2>Instructions</h2><p>${escapeHtml(recipe.instructions)}</p>`
    + `<h2>Average rating</h2><p>${rating}</p><h2>Comments</h2><ul>`
    + `${comments.map((c) => `<li>${escapeHtml(c.comment)}</li>`).join('')}</ul>`);
});

// The recipe is looked up before the body is validated, so an unknown recipe is a 404.
const requireRecipe = async (request, reply) => {
  if (!findRecipe(request.params.id)) return reply.code(404).send({ error: 'Recipe not found' });
  return undefined;
};

fastify.post('/recipes/:id/comments', { schema: commentSchema, preValidation: requireRecipe },
  async (request, reply) => {
    db.prepare('INSERT INTO comments (recipe_id, comment) VALUES (?, ?)')
      .run(request.params.id, request.body.comment);
    return reply.code(201).send({ message: 'Comment added' });
  });

fastify.post('/recipes/:id/ratings', { schema: ratingSchema, preValidation: requireRecipe },
  async (request, reply) => {
    db.prepare('INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)')
      .run(request.params.id, request.body.rating);
    return reply.code(201).send({ message: 'Rating added' });
  });

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
