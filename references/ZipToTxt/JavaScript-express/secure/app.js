const express = require('express');
const multer = require('multer');
const zlib = require('zlib');

const MAX_UPLOAD = 20 * 1024 * 1024; // bytes of archive accepted
const MAX_TEXT = 10 * 1024 * 1024; // bytes of text the archive may expand to

class Refused extends Error {}

// The entries listed in the archive's central directory.
function listEntries(buf) {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i -= 1) {
    if (buf.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Refused('the upload is not a zip archive');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n += 1) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Refused('damaged zip directory');
    const nameLength = buf.readUInt16LE(p + 28);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      mode: buf.readUInt32LE(p + 38) >>> 16,
      offset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

// An entry's bytes, never more than `budget` of them (sizes in headers can lie).
function readEntry(buf, entry, budget) {
  if (buf.readUInt32LE(entry.offset) !== 0x04034b50) throw new Refused('damaged zip entry');
  const start = entry.offset + 30 + buf.readUInt16LE(entry.offset + 26)
    + buf.readUInt16LE(entry.offset + 28);
  const raw = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (raw.length > budget) throw new Refused('too much text');
    return raw;
  }
  if (entry.method !== 8) throw new Refused('unsupported compression');
  try {
    return zlib.inflateRawSync(raw, { maxOutputLength: Math.max(budget, 1) });
  } catch (e) {
    throw new Refused(e.code === 'ERR_BUFFER_TOO_LARGE' ? 'too much text' : 'damaged zip data');
  }
}

function convert(buf) {
  const isLink = (e) => (e.mode & 0o170000) === 0o120000;
  const texts = listEntries(buf).filter((e) => !e.name.endsWith('/') && !isLink(e)
    && e.name.toLowerCase().endsWith('.txt'));
  if (texts.reduce((sum, e) => sum + e.size, 0) > MAX_TEXT) throw new Refused('too much text');
  let budget = MAX_TEXT;
  return texts.map((e) => {
    const data = readEntry(buf, e, budget);
    budget -= data.length;
    return data.toString('utf8');
  }).join('\n');
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD, files: 1 } });
const app = express();

app.post('/convert', upload.single('file'), (req, res) => {
  if (!req.file) return res.status(400).json({ error: "a zip file is required in the part 'file'" });
  try {
    return res.status(200).type('text/plain').send(convert(req.file.buffer));
  } catch (e) {
    if (e instanceof Refused || e instanceof RangeError) {
      return res.status(400).json({ error: e instanceof Refused ? e.message : 'damaged zip' });
    }
    throw e;
  }
});

app.use((err, req, res, next) => res.status(400).json({ error: 'Invalid request' }));

app.listen(5000, '0.0.0.0');
