use actix_multipart::form::bytes::Bytes;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;

const MAX_UPLOAD: usize = 20 * 1024 * 1024; // bytes of archive accepted
const MAX_TEXT: usize = 10 * 1024 * 1024; // bytes of text an archive may expand to

// ZIP reading and DEFLATE decoding (RFC 1951), as the allowed crates include neither. Everything
// happens in memory: entry names are never used as paths, so they cannot reach the file system.

enum ZipError {
    Invalid(&'static str),
    TooLarge,
}

use ZipError::{Invalid, TooLarge};

/// Reads a DEFLATE stream least significant bit first.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buffer: u32,
    count: u32, // bits in `buffer`
}

impl Bits<'_> {
    /// Loads whole bytes until `n` bits are buffered, or the data ends.
    fn fill(&mut self, n: u32) {
        while self.count < n && self.pos < self.data.len() {
            self.buffer |= (self.data[self.pos] as u32) << self.count;
            self.pos += 1;
            self.count += 8;
        }
    }

    fn consume(&mut self, n: u32) -> Result<(), ZipError> {
        if n > self.count {
            return Err(Invalid("truncated compressed data"));
        }
        self.buffer >>= n;
        self.count -= n;
        Ok(())
    }

    fn take(&mut self, n: u32) -> Result<u32, ZipError> {
        self.fill(n);
        let value = self.buffer & ((1 << n) - 1);
        self.consume(n)?;
        Ok(value)
    }

    /// The next `n` bytes, read past the bit buffer; only after `align`.
    fn bytes(&mut self, n: usize) -> Result<&[u8], ZipError> {
        self.pos -= (self.count / 8) as usize; // whole bytes loaded ahead are read again
        self.buffer = 0;
        self.count = 0;
        let bytes = self.data.get(self.pos..self.pos + n).ok_or(Invalid("truncated stored block"))?;
        self.pos += n;
        Ok(bytes)
    }

    /// Drops the bits left of the current byte: stored blocks start on a byte boundary.
    fn align(&mut self) {
        let partial = self.count % 8;
        self.buffer >>= partial;
        self.count -= partial;
    }
}

/// A canonical Huffman code as a table indexed by the next `width` bits of the stream (codes
/// are stored bit-reversed there, as they arrive), giving the symbol and its code length.
struct Huffman {
    table: Vec<(u16, u8)>, // a length of 0 marks bits that start no code
    width: u32,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Huffman, ZipError> {
        let mut counts = [0u32; 16];
        for &len in lengths {
            counts[len as usize] += 1;
        }
        counts[0] = 0;
        let width = (1..16).rev().find(|&len| counts[len] > 0).unwrap_or(1) as u32;
        // The first code of each length, per the canonical ordering of RFC 1951 3.2.2.
        let mut next = [0u32; 16];
        let mut code = 0;
        for len in 1..16 {
            code = (code + counts[len - 1]) << 1;
            next[len] = code;
            if code + counts[len] > 1 << len {
                return Err(Invalid("over-subscribed Huffman code"));
            }
        }
        let mut table = vec![(0u16, 0u8); 1 << width];
        for (symbol, &len) in lengths.iter().enumerate().filter(|(_, &len)| len > 0) {
            let code = next[len as usize];
            next[len as usize] += 1;
            let reversed = (0..len).fold(0, |acc, i| acc << 1 | (code >> i) & 1) as usize;
            for index in (reversed..table.len()).step_by(1 << len) {
                table[index] = (symbol as u16, len);
            }
        }
        Ok(Huffman { table, width })
    }

    fn decode(&self, bits: &mut Bits) -> Result<u16, ZipError> {
        bits.fill(self.width);
        let (symbol, len) = self.table[(bits.buffer & ((1 << self.width) - 1)) as usize];
        if len == 0 {
            return Err(Invalid("invalid Huffman code"));
        }
        bits.consume(len as u32)?;
        Ok(symbol)
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
    227, 258,
];
const LENGTH_EXTRA: [u8; 29] =
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which a dynamic block lists the code lengths of its code-length code.
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Decodes a raw DEFLATE stream, failing with TooLarge as soon as it would exceed `limit` bytes.
fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, ZipError> {
    let mut bits = Bits { data, pos: 0, buffer: 0, count: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => stored_block(&mut bits, &mut out, limit)?,
            1 => {
                let mut lengths = [8u8; 288];
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                let (literals, distances) = (Huffman::new(&lengths)?, Huffman::new(&[5; 30])?);
                compressed_block(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            2 => {
                let (literals, distances) = dynamic_codes(&mut bits)?;
                compressed_block(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            _ => return Err(Invalid("invalid block type")),
        }
        if last {
            return Ok(out);
        }
    }
}

fn stored_block(bits: &mut Bits, out: &mut Vec<u8>, limit: usize) -> Result<(), ZipError> {
    bits.align();
    let len = bits.take(16)? as usize;
    if bits.take(16)? as usize != !len & 0xffff {
        return Err(Invalid("corrupt stored block"));
    }
    if out.len() + len > limit {
        return Err(TooLarge);
    }
    out.extend_from_slice(bits.bytes(len)?);
    Ok(())
}

fn dynamic_codes(bits: &mut Bits) -> Result<(Huffman, Huffman), ZipError> {
    let literal_count = bits.take(5)? as usize + 257;
    let distance_count = bits.take(5)? as usize + 1;
    let code_length_count = bits.take(4)? as usize + 4;
    let mut code_lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..code_length_count] {
        code_lengths[symbol] = bits.take(3)? as u8;
    }
    let code_length_code = Huffman::new(&code_lengths)?;
    let mut lengths = Vec::with_capacity(literal_count + distance_count);
    while lengths.len() < literal_count + distance_count {
        let symbol = code_length_code.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => (*lengths.last().ok_or(Invalid("repeat with no previous length"))?, 3 + bits.take(2)?),
            17 => (0, 3 + bits.take(3)?),
            _ => (0, 11 + bits.take(7)?),
        };
        if lengths.len() + repeat as usize > literal_count + distance_count {
            return Err(Invalid("too many code lengths"));
        }
        lengths.extend(std::iter::repeat(value).take(repeat as usize));
    }
    if lengths[256] == 0 {
        return Err(Invalid("no end-of-block code"));
    }
    Ok((Huffman::new(&lengths[..literal_count])?, Huffman::new(&lengths[literal_count..])?))
}

fn compressed_block(
    bits: &mut Bits,
    out: &mut Vec<u8>,
    limit: usize,
    literals: &Huffman,
    distances: &Huffman,
) -> Result<(), ZipError> {
    loop {
        let symbol = literals.decode(bits)? as usize;
        if symbol < 256 {
            if out.len() >= limit {
                return Err(TooLarge);
            }
            out.push(symbol as u8);
            continue;
        }
        if symbol == 256 {
            return Ok(());
        }
        let code = symbol - 257;
        if code >= LENGTH_BASE.len() {
            return Err(Invalid("invalid length code"));
        }
        let length = LENGTH_BASE[code] as usize + bits.take(LENGTH_EXTRA[code] as u32)? as usize;
        let code = distances.decode(bits)? as usize;
        if code >= DISTANCE_BASE.len() {
            return Err(Invalid("invalid distance code"));
        }
        let distance = DISTANCE_BASE[code] as usize + bits.take(DISTANCE_EXTRA[code] as u32)? as usize;
        if distance > out.len() {
            return Err(Invalid("distance before the start of the data"));
        }
        if out.len() + length > limit {
            return Err(TooLarge);
        }
        // The copy may overlap what it produces (distance < length), repeating `distance` bytes.
        // What lies from `start` on keeps that period, so each round can copy all of it.
        let start = out.len() - distance;
        let mut remaining = length;
        while remaining > 0 {
            let chunk = remaining.min(out.len() - start);
            out.extend_from_within(start..start + chunk);
            remaining -= chunk;
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|n| (0..8).fold(n, |c, _| if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 }))
        .collect();
    !data.iter().fold(!0u32, |crc, &byte| table[((crc ^ byte as u32) & 0xff) as usize] ^ (crc >> 8))
}

fn u16_at(data: &[u8], at: usize) -> Result<u16, ZipError> {
    let bytes = data.get(at..at + 2).ok_or(Invalid("truncated archive"))?;
    Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Result<u32, ZipError> {
    let bytes = data.get(at..at + 4).ok_or(Invalid("truncated archive"))?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// What the central directory says about an entry.
struct Entry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed_size: usize,
    size: usize,
    local_header: usize,
    unix_mode: Option<u32>,
}

impl Entry {
    /// A regular file, not a folder or a symbolic link.
    fn is_file(&self) -> bool {
        const FILE_TYPE: u32 = 0o170000;
        let typed_file = self.unix_mode.map_or(true, |mode| matches!(mode & FILE_TYPE, 0 | 0o100000));
        !self.name.ends_with('/') && typed_file
    }
}

/// The entries listed in the archive's central directory.
fn entries(archive: &[u8]) -> Result<Vec<Entry>, ZipError> {
    const END_SIZE: usize = 22;
    if archive.len() < END_SIZE {
        return Err(Invalid("not a ZIP archive"));
    }
    // The end record closes the archive, followed only by a comment of less than 64 KiB.
    let last = archive.len() - END_SIZE;
    let end = (last.saturating_sub(0xffff)..=last)
        .rev()
        .find(|&at| archive[at..at + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or(Invalid("not a ZIP archive"))?;
    let count = u16_at(archive, end + 10)? as usize;
    let mut at = u32_at(archive, end + 16)? as usize;
    if count == 0xffff || at == 0xffff_ffff {
        return Err(Invalid("ZIP64 archives are not supported"));
    }
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(archive, at)? != 0x0201_4b50 {
            return Err(Invalid("corrupt central directory"));
        }
        let name_len = u16_at(archive, at + 28)? as usize;
        let extra_len = u16_at(archive, at + 30)? as usize;
        let comment_len = u16_at(archive, at + 32)? as usize;
        let name = archive.get(at + 46..at + 46 + name_len).ok_or(Invalid("truncated archive"))?;
        let made_on_unix = u16_at(archive, at + 4)? >> 8 == 3;
        let attributes = u32_at(archive, at + 38)?;
        entries.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            flags: u16_at(archive, at + 8)?,
            method: u16_at(archive, at + 10)?,
            crc: u32_at(archive, at + 16)?,
            compressed_size: u32_at(archive, at + 20)? as usize,
            size: u32_at(archive, at + 24)? as usize,
            local_header: u32_at(archive, at + 42)? as usize,
            unix_mode: made_on_unix.then_some(attributes >> 16),
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(entries)
}

/// The entry's content; more than the size the directory declares for it is an error.
fn read(archive: &[u8], entry: &Entry) -> Result<Vec<u8>, ZipError> {
    let at = entry.local_header;
    if u32_at(archive, at)? != 0x0403_4b50 {
        return Err(Invalid("corrupt local header"));
    }
    if entry.flags & 1 != 0 {
        return Err(Invalid("encrypted entries are not supported"));
    }
    let start = at + 30 + u16_at(archive, at + 26)? as usize + u16_at(archive, at + 28)? as usize;
    let data = archive.get(start..start + entry.compressed_size).ok_or(Invalid("truncated entry"))?;
    let content = match entry.method {
        0 if data.len() == entry.size => data.to_vec(),
        0 => return Err(Invalid("stored entry of the wrong size")),
        8 => inflate(data, entry.size)?,
        _ => return Err(Invalid("unsupported compression method")),
    };
    if content.len() != entry.size || crc32(&content) != entry.crc {
        return Err(Invalid("entry does not match its checksum"));
    }
    Ok(content)
}

/// The contents of the archive's text files, never more than MAX_TEXT bytes in all: the sizes
/// the directory declares are checked before anything is expanded, and each entry is held to its
/// declared size while it is.
fn texts(archive: &[u8]) -> Result<Vec<String>, ZipError> {
    let entries: Vec<Entry> = entries(archive)?
        .into_iter()
        .filter(|entry| entry.is_file() && entry.name.to_lowercase().ends_with(".txt"))
        .collect();
    if entries.iter().map(|entry| entry.size).sum::<usize>() > MAX_TEXT {
        return Err(TooLarge);
    }
    // Entries whose data overlap would have the same bytes decoded over and over.
    if entries.iter().map(|entry| entry.compressed_size).sum::<usize>() > archive.len() {
        return Err(Invalid("entries overlap"));
    }
    entries.iter().map(|entry| Ok(String::from_utf8_lossy(&read(archive, entry)?).into_owned())).collect()
}

#[derive(MultipartForm)]
struct Upload {
    file: Option<Bytes>,
}

fn bad_request(message: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({"error": message}))
}

// Taken as a Result so that every refused upload (not multipart, too large) is answered with 400.
async fn convert(form: Result<MultipartForm<Upload>, actix_web::Error>) -> HttpResponse {
    let archive = match form {
        Ok(MultipartForm(Upload { file: Some(file) })) => file.data,
        Ok(_) => return bad_request("a zip file is required in the part 'file'"),
        Err(e) => return bad_request(&format!("a multipart upload with a part 'file' is required: {}", e)),
    };
    match web::block(move || texts(&archive)).await {
        Ok(Ok(texts)) => HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(texts.join("\n")),
        Ok(Err(TooLarge)) => bad_request("the archive expands to more text than allowed"),
        Ok(Err(Invalid(why))) => bad_request(&format!("the upload is not a valid zip archive: {}", why)),
        Err(_) => HttpResponse::InternalServerError().json(json!({"error": "the archive could not be read"})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        let form = MultipartFormConfig::default().total_limit(MAX_UPLOAD).memory_limit(MAX_UPLOAD);
        App::new().app_data(form).route("/convert", web::post().to(convert))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
