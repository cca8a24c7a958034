const express = require('express');
const multer = require('multer');
const fs = require('fs');
const os = require('os');
const { execFile } = require('child_process');

const app = express();
const MAX_BYTES = 10 * 1024 * 1024;
// multer stores the upload under a random name of its own; the client's name is never used.
const upload = multer({ dest: os.tmpdir(), limits: { fileSize: MAX_BYTES, files: 1 } });

function removeUpload(req) {
  if (req.file) fs.rm(req.file.path, { force: true }, () => {});
}

app.post('/convert', (req, res) => {
  upload.single('file')(req, res, (err) => {
    if (err) {
      removeUpload(req);
      if (err.code === 'LIMIT_FILE_SIZE') {
        return res.status(413).json({ error: 'The uploaded file is too large.' });
      }
      return res.status(400).json({ error: 'Invalid input.' });
    }
    if (!req.file) return res.status(400).json({ error: 'Missing file.' });
    const head = Buffer.alloc(5);
    const fd = fs.openSync(req.file.path, 'r');
    fs.readSync(fd, head, 0, 5, 0);
    fs.closeSync(fd);
    if (head.toString('latin1') !== '%PDF-') {
      removeUpload(req);
      return res.status(400).json({ error: 'The file is not a PDF.' });
    }
    execFile('pdftotext', ['-enc', 'UTF-8', req.file.path, '-'],
      { timeout: 30000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
        removeUpload(req);
        if (error) return res.status(500).json({ error: 'The file could not be converted.' });
        return res.status(200).type('text/plain').send(stdout);
      });
  });
});

app.listen(5000, '0.0.0.0');
