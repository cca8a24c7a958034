const fastify = require('fastify')();
const crypto = require('crypto');

fastify.register(require('@fastify/multipart'), { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });

const images = new Map(); // random id -> { data, type }

// Only these image types are served as themselves; anything else (HTML, SVG, scripts, ...) is
// served as an opaque download-free type that a browser never runs.
function sniff(buf) {
  const ascii = (from, to) => buf.subarray(from, to).toString('latin1');
  const starts = (bytes) => bytes.every((b, i) => buf[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (['GIF87a', 'GIF89a'].includes(ascii(0, 6))) return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (starts([0x42, 0x4d])) return 'image/bmp';
  return 'application/octet-stream';
}

fastify.post('/upload', async (request, reply) => {
  const file = await request.file();
  if (!file || file.fieldname !== 'file') return reply.code(400).send({ error: 'no file' });
  const data = await file.toBuffer();
  const id = crypto.randomBytes(16).toString('hex');
  images.set(id, { data, type: sniff(data) });
  return { id };
});

fastify.get('/images/:imageId', async (request, reply) => {
  const image = images.get(request.params.imageId);
  if (!image) return reply.code(404).send({ error: 'not found' });
  return reply.type(image.type).header('X-Content-Type-Options', 'nosniff').send(image.data);
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(error.statusCode === 413 ? 413 : 400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
