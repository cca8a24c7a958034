const crypto = require('crypto');
const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const Database = require('better-sqlite3');

const SECRET = process.env.APP_SECRET || 'dev-secret';
const db = new Database('db.sqlite3');
db.exec(`CREATE TABLE IF NOT EXISTS services (
  service_id TEXT NOT NULL, token_key TEXT NOT NULL, last_notification TEXT NOT NULL,
  PRIMARY KEY (service_id, token_key))`);

// Tokens are secrets: only a keyed hash of them is stored, and looked up.
const tokenKey = (token) => crypto.createHmac('sha256', SECRET).update(token).digest('hex');

const upsert = db.prepare(`INSERT INTO services (service_id, token_key, last_notification)
  VALUES (?, ?, ?) ON CONFLICT (service_id, token_key)
  DO UPDATE SET last_notification = excluded.last_notification`);
const byToken = db.prepare(`SELECT service_id AS serviceId, last_notification AS lastNotification
  FROM services WHERE token_key = ? ORDER BY service_id`);

const heartbeatSchema = {
  body: {
    type: 'object',
    required: ['serviceId', 'token'],
    properties: { serviceId: { type: 'string' }, token: { type: 'string' } },
  },
};
const servicesSchema = {
  body: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
};

fastify.post('/heartbeat', { schema: heartbeatSchema }, async (request) => {
  const { serviceId, token } = request.body;
  upsert.run(serviceId, tokenKey(token), new Date().toISOString());
  return { message: 'Heartbeat registered successfully' };
});

fastify.post('/services', { schema: servicesSchema }, async (request) => byToken.all(tokenKey(request.body.token)));

fastify.setErrorHandler((error, request, reply) => {
  if (error.validation || (error.statusCode && error.statusCode < 500)) {
    return reply.code(400).send({ error: 'Invalid request payload' });
  }
  return reply.code(500).send({ error: 'Internal server error' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
