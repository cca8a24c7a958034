const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const fs = require('fs');
const path = require('path');

const SONGS_DIR = '/var/songs';

// The real path of a song inside /var/songs (symlinks resolved), or null.
async function songPath(filename) {
  if (filename.includes('\0')) return null;
  try {
    const songs = await fs.promises.realpath(SONGS_DIR);
    const real = await fs.promises.realpath(path.join(songs, filename));
    if (!real.startsWith(songs + path.sep)) return null;
    return (await fs.promises.stat(real)).isFile() ? real : null;
  } catch (e) {
    return null;
  }
}

const schema = {
  body: {
    type: 'object',
    required: ['filename'],
    properties: { filename: { type: 'string', minLength: 1 } },
  },
};

fastify.post('/download', { schema }, async (request, reply) => {
  const file = await songPath(request.body.filename);
  if (file === null) return reply.code(404).send({ error: 'song not found' });
  return reply.type('audio/mpeg').send(fs.createReadStream(file));
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'filename is required' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
