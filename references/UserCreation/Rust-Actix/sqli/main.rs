use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::json;
use std::sync::Mutex;

// SHA-256, HMAC-SHA256 and PBKDF2 written out: the allowed crates offer no password hashing.
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


struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct Invite {
    email: Option<String>,
}

#[derive(Deserialize)]
struct NewUser {
    invite_id: Option<String>,
    user_name: Option<String>,
    password: Option<String>,
}

async fn invite_user(state: web::Data<State>, body: web::Json<Invite>) -> HttpResponse {
    let email = match &body.email {
        Some(e) if e.contains('@') => e,
        _ => return HttpResponse::BadRequest().json(json!({"message": "A valid email is required"})),
    };
    let db = state.db.lock().unwrap();
    let existing: Option<String> = db
        .query_row("SELECT invite_id FROM invites WHERE email = ?1", params![email], |r| r.get(0))
        .optional()
        .unwrap_or(None);
    let invite_id = match existing {
        Some(id) => id,
        None => {
            // 244 random bits from a CSPRNG: an invitation cannot be guessed or derived.
            let id = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
            if db.execute("INSERT INTO invites (invite_id, email) VALUES (?1, ?2)", params![id, email]).is_err() {
                return HttpResponse::InternalServerError().json(json!({"message": "could not store the invitation"}));
            }
            id
        }
    };
    HttpResponse::Ok().json(json!({"invite_id": invite_id, "message": format!("Invitation sent to {}", email)}))
}

async fn create_user(state: web::Data<State>, body: web::Json<NewUser>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let invited = match &body.invite_id {
        Some(id) => db
            .query_row(&format!("SELECT 1 FROM invites WHERE invite_id = '{}'", id), [], |_| Ok(()))
            .optional()
            .unwrap_or(None)
            .is_some(),
        None => false,
    };
    if !invited {
        return HttpResponse::Unauthorized().json(json!({"message": "Invalid invite_id"}));
    }
    let (user_name, password) = match (&body.user_name, &body.password) {
        (Some(u), Some(p)) if !u.is_empty() => (u, p),
        _ => return HttpResponse::BadRequest().json(json!({"message": "user_name and password are required"})),
    };
    match db.execute(
        "INSERT INTO users (user_name, password_hash, invite_id) VALUES (?1, ?2, ?3)",
        params![user_name, hash_password(password), body.invite_id],
    ) {
        Ok(_) => HttpResponse::Ok().json(json!({"message": "User created successfully"})),
        Err(_) => HttpResponse::BadRequest()
            .json(json!({"message": "Username already exists. Try providing different username."})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL);
         CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, user_name TEXT UNIQUE NOT NULL,
             password_hash TEXT NOT NULL, invite_id TEXT NOT NULL);",
    )
    .expect("cannot create the tables");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/invite_user", web::post().to(invite_user))
            .route("/create_user", web::post().to(create_user))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
