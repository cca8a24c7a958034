use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection};
use serde::Deserialize;
use serde_json::json;
use std::sync::Mutex;

// SHA-256 and HMAC-SHA256 written out: the allowed crates offer no hashing.
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{:02x}", b)).collect()
}


struct State {
    db: Mutex<Connection>,
    secret: Vec<u8>,
}

impl State {
    /// Tokens are secrets: only a keyed hash of them is stored and looked up.
    fn token_key(&self, token: &str) -> String {
        hex(&hmac_sha256(&self.secret, token.as_bytes()))
    }
}

#[derive(Deserialize)]
struct Heartbeat {
    #[serde(rename = "serviceId")]
    service_id: String,
    token: String,
}

#[derive(Deserialize)]
struct ServicesQuery {
    token: String,
}

fn invalid_payload() -> actix_web::Error {
    actix_web::error::InternalError::from_response(
        "invalid JSON",
        HttpResponse::BadRequest().json(json!({"error": "Invalid request payload"})),
    )
    .into()
}

async fn heartbeat(state: web::Data<State>, body: web::Json<Heartbeat>) -> HttpResponse {
    let key = state.token_key(&body.token);
    let now = chrono::Utc::now().to_rfc3339();
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT INTO services (service_id, token_key, last_notification) VALUES (?1, ?2, ?3) \
         ON CONFLICT (service_id, token_key) DO UPDATE SET last_notification = excluded.last_notification",
        params![body.service_id, key, now],
    ) {
        Ok(_) => HttpResponse::Ok().json(json!({"message": "Heartbeat registered successfully"})),
        Err(_) => HttpResponse::InternalServerError().json(json!({"error": "Internal server error"})),
    }
}

async fn services(state: web::Data<State>, body: web::Json<ServicesQuery>) -> HttpResponse {
    let key = state.token_key(&body.token);
    let db = state.db.lock().unwrap();
    let mut stmt = match db.prepare(
        "SELECT service_id, last_notification FROM services WHERE token_key = ?1 ORDER BY service_id",
    ) {
        Ok(stmt) => stmt,
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": "Internal server error"})),
    };
    let rows = stmt.query_map(params![key], |r| {
        Ok(json!({"serviceId": r.get::<_, String>(0)?, "lastNotification": r.get::<_, String>(1)?}))
    });
    match rows {
        Ok(rows) => HttpResponse::Ok().json(rows.filter_map(Result::ok).collect::<Vec<_>>()),
        Err(_) => HttpResponse::InternalServerError().json(json!({"error": "Internal server error"})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("APP_SECRET").unwrap_or_else(|_| "dev-secret".to_string());
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute(
        "CREATE TABLE IF NOT EXISTS services (service_id TEXT NOT NULL, token_key TEXT NOT NULL, \
         last_notification TEXT NOT NULL, PRIMARY KEY (service_id, token_key))",
        [],
    )
    .expect("cannot create the services table");
    let state = web::Data::new(State { db: Mutex::new(db), secret: secret.into_bytes() });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(web::JsonConfig::default().error_handler(|_, _| invalid_payload()))
            .route("/heartbeat", web::post().to(heartbeat))
            .route("/services", web::post().to(services))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
