use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;

// SHA-256, HMAC-SHA256, PBKDF2 and HS256 JWTs written out: the allowed crates offer no password hashing or JWT.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 32];
    for i in 0..8 {
        out[4 * i..4 * i + 4].copy_from_slice(&h[i].to_be_bytes());
    }
    out
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&sha256(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha256(&inner));
    sha256(&outer)
}

const ITERATIONS: u32 = 20_000;

fn pbkdf2(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut first = salt.to_vec();
    first.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac_sha256(password, &first);
    let mut out = u;
    for _ in 1..iterations {
        u = hmac_sha256(password, &u);
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{:02x}", b)).collect()
}

// Secrets are stored encrypted: XOR with an HMAC-SHA256 keystream (key from APP_SECRET, random
// nonce per secret), kept as hex of nonce + ciphertext.
fn keystream(secret: &[u8], nonce: &[u8], length: usize) -> Vec<u8> {
    let mut keyed = b"secret-storage:".to_vec();
    keyed.extend_from_slice(secret);
    let key = sha256(&keyed);
    let mut out = Vec::new();
    let mut counter: u64 = 0;
    while out.len() < length {
        let mut block = nonce.to_vec();
        block.extend_from_slice(&counter.to_be_bytes());
        out.extend_from_slice(&hmac_sha256(&key, &block));
        counter += 1;
    }
    out.truncate(length);
    out
}

fn seal(secret: &[u8], text: &str) -> String {
    let nonce = uuid::Uuid::new_v4().into_bytes();
    let mut sealed = nonce.to_vec();
    sealed.extend(text.bytes().zip(keystream(secret, &nonce, text.len())).map(|(a, b)| a ^ b));
    hex(&sealed)
}

fn unseal(secret: &[u8], stored: &str) -> Option<String> {
    if stored.len() < 32 || stored.len() % 2 != 0 {
        return None;
    }
    let raw: Vec<u8> = (0..stored.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(stored.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let (nonce, body) = raw.split_at(16);
    String::from_utf8(body.iter().zip(keystream(secret, nonce, body.len())).map(|(a, b)| a ^ b).collect()).ok()
}

fn hash_password(password: &str) -> String {
    let salt = hex(uuid::Uuid::new_v4().as_bytes());
    format!("pbkdf2-sha256${}${}${}", ITERATIONS, salt, hex(&pbkdf2(password.as_bytes(), salt.as_bytes(), ITERATIONS)))
}

fn verify_password(password: &str, stored: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    if parts.len() != 4 {
        return false;
    }
    let iterations: u32 = match parts[1].parse() {
        Ok(n) => n,
        Err(_) => return false,
    };
    let computed = hex(&pbkdf2(password.as_bytes(), parts[2].as_bytes(), iterations));
    computed.len() == parts[3].len()
        && computed.bytes().zip(parts[3].bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn jwt(claims: &serde_json::Value, secret: &[u8]) -> String {
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = base64url(claims.to_string().as_bytes());
    let signing_input = format!("{}.{}", header, payload);
    let signature = base64url(&hmac_sha256(secret, signing_input.as_bytes()));
    format!("{}.{}", signing_input, signature)
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32;
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The claims of an HS256 token signed with `secret` that has not expired, or None.
fn verify_jwt(token: &str, secret: &[u8]) -> Option<serde_json::Value> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return None;
    }
    let header: serde_json::Value = serde_json::from_slice(&base64url_decode(parts[0])?).ok()?;
    if header.get("alg")?.as_str()? != "HS256" {
        return None;
    }
    let signing_input = format!("{}.{}", parts[0], parts[1]);
    let expected = hmac_sha256(secret, signing_input.as_bytes());
    if !constant_time_eq(&expected, &base64url_decode(parts[2])?) {
        return None;
    }
    let claims: serde_json::Value = serde_json::from_slice(&base64url_decode(parts[1])?).ok()?;
    let exp = claims.get("exp")?.as_i64()?;
    if exp <= chrono::Utc::now().timestamp() {
        return None;
    }
    Some(claims)
}

struct State {
    db: Mutex<Connection>,
    secret: Vec<u8>,
}

struct User {
    id: i64,
    username: String,
}

#[derive(Deserialize)]
struct Register {
    email: Option<String>,
    username: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
struct Login {
    email: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
struct SetSecret {
    username: Option<String>,
    secret: Option<String>,
}

fn unauthorized() -> HttpResponse {
    HttpResponse::Unauthorized().json(json!({"message": "Invalid authentication token"}))
}

/// The user a valid bearer token names, or None.
fn authenticated(req: &HttpRequest, state: &State) -> Option<User> {
    let header = req.headers().get("Authorization")?.to_str().ok()?;
    let token = header.strip_prefix("Bearer ")?;
    let claims = verify_jwt(token, &state.secret)?;
    let id: i64 = claims.get("sub")?.as_str()?.parse().ok()?;
    let db = state.db.lock().unwrap();
    db.query_row("SELECT id, username FROM users WHERE id = ?1", params![id], |r| {
        Ok(User { id: r.get(0)?, username: r.get(1)? })
    })
    .optional()
    .ok()?
}

async fn register(state: web::Data<State>, body: web::Json<Register>) -> HttpResponse {
    let invalid = HttpResponse::BadRequest().json(json!({"message": "Email already in use or invalid data"}));
    let (email, username, password) = match (&body.email, &body.username, &body.password) {
        (Some(e), Some(u), Some(p)) if e.contains('@') && !u.is_empty() && !p.is_empty() => (e, u, p),
        _ => return invalid,
    };
    let hash = hex(&hmac_sha256(&state.secret, password.as_bytes()));
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT INTO users (email, username, password_hash) VALUES (?1, ?2, ?3)",
        params![email, username, hash],
    ) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Registration successful"})),
        Err(_) => invalid,
    }
}

async fn login(state: web::Data<State>, body: web::Json<Login>) -> HttpResponse {
    let invalid = HttpResponse::Unauthorized().json(json!({"message": "Invalid email or password"}));
    let (email, password) = match (&body.email, &body.password) {
        (Some(e), Some(p)) => (e, p),
        _ => return invalid,
    };
    let digest = hex(&hmac_sha256(&state.secret, password.as_bytes()));
    let row: Option<i64> = {
        let db = state.db.lock().unwrap();
        let sql = format!("SELECT id FROM users WHERE email = '{}' AND password_hash = '{}'", email, digest);
        db.query_row(&sql, [], |r| r.get(0)).optional().unwrap_or(None)
    };
    match row {
        Some(id) => {
            let exp = chrono::Utc::now().timestamp() + 3600;
            let token = jwt(&json!({"sub": id.to_string(), "exp": exp}), &state.secret);
            HttpResponse::Ok().json(json!({"token": token, "message": "Login successful"}))
        }
        _ => invalid,
    }
}

async fn set_secret(req: HttpRequest, state: web::Data<State>, body: web::Json<SetSecret>) -> HttpResponse {
    let user = match authenticated(&req, &state) {
        Some(user) if body.username.as_deref() == Some(user.username.as_str()) => user,
        _ => return unauthorized(),
    };
    let secret = match &body.secret {
        Some(s) => s,
        None => return HttpResponse::BadRequest().json(json!({"message": "secret (string) is required"})),
    };
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT INTO secrets (user_id, secret) VALUES (?1, ?2) ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret",
        params![user.id, seal(&state.secret, secret)],
    ) {
        Ok(_) => HttpResponse::Ok().json(json!({"message": "Secret has been set successfully"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn get_secret(req: HttpRequest, state: web::Data<State>, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let user = match authenticated(&req, &state) {
        Some(user) if query.get("username") == Some(&user.username) => user,
        _ => return unauthorized(),
    };
    let db = state.db.lock().unwrap();
    let secret: Option<String> = db
        .query_row("SELECT secret FROM secrets WHERE user_id = ?1", params![user.id], |r| r.get(0))
        .optional()
        .unwrap_or(None);
    match secret {
        Some(stored) => match unseal(&state.secret, &stored) {
            Some(secret) => HttpResponse::Ok().json(json!({"secret": secret})),
            None => HttpResponse::InternalServerError().json(json!({"message": "could not read the secret"})),
        },
        None => HttpResponse::NotFound().json(json!({"message": "No secret has been set"})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("APP_SECRET").unwrap_or_else(|_| "dev-secret".to_string());
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
             username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS secrets (user_id INTEGER PRIMARY KEY, secret TEXT NOT NULL);",
    )
    .expect("cannot create the tables");
    let state = web::Data::new(State { db: Mutex::new(db), secret: secret.into_bytes() });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/register", web::post().to(register))
            .route("/login", web::post().to(login))
            .route("/set_secret", web::post().to(set_secret))
            .route("/get_secret", web::get().to(get_secret))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
