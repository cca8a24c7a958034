use actix_web::{web, App, HttpResponse, HttpServer};
use serde::Deserialize;
use serde_json::json;
use std::fs::OpenOptions;
use std::io::Write;
use std::sync::Mutex;

const LOG_FILE: &str = "logs.txt";

#[derive(Deserialize)]
struct LogEntry {
    message: String,
}

/// One message, one line: backslashes and every control character are escaped.
fn neutralize(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for ch in message.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 32 || c == '\u{7f}' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

async fn add_log(lock: web::Data<Mutex<()>>, body: web::Json<LogEntry>) -> HttpResponse {
    let line = body.message.clone() + "\n";
    let _guard = lock.lock().unwrap();
    let written = OpenOptions::new()
        .create(true)
        .append(true)
        .open(LOG_FILE)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    match written {
        Ok(()) => HttpResponse::Ok().json(json!({"status": "logged"})),
        Err(_) => HttpResponse::InternalServerError().json(json!({"error": "could not write the log"})),
    }
}

async fn get_logs() -> HttpResponse {
    let text = std::fs::read_to_string(LOG_FILE).unwrap_or_default();
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(text)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let lock = web::Data::new(Mutex::new(()));
    HttpServer::new(move || {
        App::new()
            .app_data(lock.clone())
            .route("/log", web::post().to(add_log))
            .route("/logs", web::get().to(get_logs))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
