const express = require('express');
const multer = require('multer');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');

const app = express();
const INVALID = 'Invalid input or missing files.';
const FAILED = 'An error occurred while processing the files.';
// multer stores each upload under a random name of its own; the client's names are never used.
const upload = multer({ dest: os.tmpdir(), limits: { fileSize: 50 * 1024 * 1024, files: 50 } });

function cleanUp(files, extra) {
  for (const f of files || []) fs.rm(f.path, { force: true }, () => {});
  if (extra) fs.rm(extra, { recursive: true, force: true }, () => {});
}

function isPdf(file) {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file.path, 'r');
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  return head.toString('latin1') === '%PDF-';
}

app.post('/concatenate', (req, res) => {
  upload.array('files')(req, res, (err) => {
    const files = req.files || [];
    if (err || files.length === 0 || !files.every(isPdf)) {
      cleanUp(files);
      return res.status(400).json({ error: INVALID });
    }
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-'));
    const output = path.join(outDir, 'concatenated.pdf');
    execFile('pdfunite', [...files.map((f) => f.path), output], { timeout: 60000 }, (error) => {
      if (error || !fs.existsSync(output)) {
        cleanUp(files, outDir);
        return res.status(500).json({ error: FAILED });
      }
      const data = fs.readFileSync(output);
      cleanUp(files, outDir);
      return res.status(200).type('application/pdf').send(data);
    });
  });
});

app.listen(5000, '0.0.0.0');
