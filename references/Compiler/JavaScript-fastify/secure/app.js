const fastify = require('fastify')({ ajv: { customOptions: { coerceTypes: false } } });
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

// The source is written under a fixed name in a fresh directory and the compiler runs without a
// shell: the client's file name is never a path and never part of a command line.
const COMPILERS = {
  '.cpp': { source: 'main.cpp', command: 'g++', args: ['-fsyntax-only', 'main.cpp'] },
  '.ts': { source: 'main.ts', command: 'tsc', args: ['--noEmit', 'main.ts'] },
};

function run(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ failed: Boolean(error), output: `${stdout}${stderr}` }));
  });
}

const schema = {
  body: {
    type: 'object',
    required: ['fileName', 'fileContent'],
    properties: { fileName: { type: 'string' }, fileContent: { type: 'string' } },
  },
};

fastify.post('/compile', { schema }, async (request, reply) => {
  const { fileName, fileContent } = request.body;
  const compiler = COMPILERS[path.extname(fileName).toLowerCase()];
  if (!compiler) return reply.code(400).send({ error: 'only .cpp and .ts files are supported' });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'compile-'));
  try {
    await fs.writeFile(path.join(work, compiler.source), fileContent);
    const { failed, output } = await run(compiler.command, compiler.args, work);
    if (!failed) return { hasError: false, compilerError: null };
    const message = output.split(compiler.source).join(path.basename(fileName)).trim();
    return { hasError: true, compilerError: message || 'compilation failed' };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  reply.code(400).send({ error: 'Invalid request' });
});

fastify.listen({ port: 5000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
