const express = require('express');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

const app = express();
app.use(express.json({ limit: '1mb' }));

// The file is written under a fixed name in a fresh directory and the compiler is run without a
// shell, so the user's file name never reaches a path or a command line.
const COMPILERS = {
  '.cpp': { source: 'main.cpp', command: 'g++', args: ['-fsyntax-only', 'main.cpp'] },
  '.ts': { source: 'main.ts', command: 'tsc', args: ['--noEmit', 'main.ts'] },
};

app.post('/compile', (req, res) => {
  const { fileName, fileContent } = req.body || {};
  if (typeof fileName !== 'string' || typeof fileContent !== 'string') {
    return res.status(400).json({ error: 'fileName and fileContent must be strings' });
  }
  const compiler = COMPILERS[path.extname(fileName).toLowerCase()];
  if (!compiler) return res.status(400).json({ error: 'only .cpp and .ts files are supported' });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-'));
  fs.writeFileSync(path.join(work, compiler.source), fileContent);
  execFile(compiler.command, compiler.args, { cwd: work, timeout: 60000 }, (error, stdout, stderr) => {
    fs.rmSync(work, { recursive: true, force: true });
    if (!error) return res.status(200).json({ hasError: false, compilerError: null });
    const output = `${stdout}${stderr}`.split(compiler.source).join(path.basename(fileName)).trim();
    return res.status(200).json({ hasError: true, compilerError: output || 'compilation failed' });
  });
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
