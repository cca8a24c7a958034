const fastify = require('fastify')();
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');
const execFile = promisify(require('child_process').execFile);

const MAX_SIDE = 2000; // larger frames cost more memory and time than this service allows
const MAX_IMAGES = 50;

fastify.register(require('@fastify/multipart'), {
  limits: { fileSize: 20 * 1024 * 1024, files: MAX_IMAGES, fields: 10, fieldSize: 1024 },
});

function parseSize(text) {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(typeof text === 'string' ? text : '');
  if (!match) return null;
  const [width, height] = [Number(match[1]), Number(match[2])];
  return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE ? [width, height] : null;
}

fastify.post('/create-gif', async (request, reply) => {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'gif-'));
  try {
    // Each image is stored under a name of our own; the client's file names are never used.
    const frames = [];
    const fields = {};
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname !== 'images') continue;
        const file = path.join(work, `frame${frames.length}`);
        await fs.writeFile(file, data);
        frames.push(file);
      } else {
        fields[part.fieldname] = part.value;
      }
    }
    const size = parseSize(fields.targetSize);
    const delay = fields.delay === undefined ? '10' : String(fields.delay);
    const reverted = fields.appendReverted === undefined ? 'false' : String(fields.appendReverted).toLowerCase();
    if (frames.length === 0) return reply.code(400).send({ error: 'send at least one image' });
    if (!size) return reply.code(400).send({ error: `targetSize must be WIDTHxHEIGHT, each at most ${MAX_SIDE}` });
    if (!/^\d{1,6}$/.test(delay) || !['true', 'false'].includes(reverted)) {
      return reply.code(400).send({ error: 'delay must be a non-negative integer, appendReverted true or false' });
    }
    const out = path.join(work, 'out.gif');
    const args = ['-delay', `${Number(delay)}x1000`, '-loop', '0', ...frames, '-resize', `${size[0]}x${size[1]}`];
    if (reverted === 'true') args.push('(', '-clone', '0--1', '-reverse', ')');
    args.push(out);
    try {
      await execFile('convert', args, { timeout: 60000 });
      return reply.type('image/gif').send(await fs.readFile(out));
    } catch (e) {
      return reply.code(400).send({ error: 'the images could not be converted' });
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(error.statusCode === 413 ? 413 : 400).send({ error: 'invalid upload' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
