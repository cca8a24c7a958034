const express = require('express');
const multer = require('multer');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { exec } = require('child_process');

const app = express();
const INVALID = 'Invalid input or missing files.';
const FAILED = 'An error occurred while processing the files.';
// Each upload keeps the client's (base) name inside a fresh folder.
const storage = multer.diskStorage({
  destination: (req, file, cb) => cb(null, fs.mkdtempSync(path.join(os.tmpdir(), 'in-'))),
  filename: (req, file, cb) => cb(null, file.originalname),
});
const upload = multer({ storage, limits: { fileSize: 50 * 1024 * 1024, files: 50 } });

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
    const command = `pdfunite ${files.map((f) => f.path).join(' ')} ${output}`;
    exec(command, { timeout: 60000 }, (error) => {
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
