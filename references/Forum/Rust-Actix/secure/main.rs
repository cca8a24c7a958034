use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct NewMessage {
    content: String,
    username: String,
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(ch),
        }
    }
    out
}

fn non_negative(query: &HashMap<String, String>, name: &str, default: i64) -> Option<i64> {
    match query.get(name) {
        None => Some(default),
        Some(raw) => raw.parse::<i64>().ok().filter(|n| *n >= 0),
    }
}

async fn list_messages(state: web::Data<State>, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let limit = non_negative(&query, "limit", 10);
    let offset = non_negative(&query, "offset", 0);
    let order = match query.get("sort").map(|s| s.to_uppercase()).as_deref() {
        None | Some("DESC") => Some("DESC"),
        Some("ASC") => Some("ASC"),
        _ => None,
    };
    let (limit, offset, order) = match (limit, offset, order) {
        (Some(l), Some(o), Some(s)) => (l.min(1000), o, s),
        _ => {
            return HttpResponse::BadRequest()
                .json(json!({"error": "limit and offset must be non-negative integers, sort ASC or DESC"}))
        }
    };
    let sql = format!(
        "SELECT content, username FROM messages ORDER BY created {0}, id {0} LIMIT ?1 OFFSET ?2",
        order
    );
    let rows: Vec<(String, String)> = {
        let db = state.db.lock().unwrap();
        let mut stmt = match db.prepare(&sql) {
            Ok(stmt) => stmt,
            Err(_) => return HttpResponse::InternalServerError().finish(),
        };
        let mapped = stmt.query_map(params![limit, offset], |r| Ok((r.get(0)?, r.get(1)?)));
        match mapped {
            Ok(rows) => rows.filter_map(Result::ok).collect(),
            Err(_) => return HttpResponse::InternalServerError().finish(),
        }
    };
    let items: String = rows
        .iter()
        .map(|(content, user)| format!("<li><b>{}</b>: {}</li>", escape_html(user), escape_html(content)))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html><head><title>Forum</title></head><body><ul>{}</ul></body></html>",
        items
    );
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page)
}

async fn post_message(state: web::Data<State>, body: web::Json<NewMessage>) -> HttpResponse {
    if body.content.is_empty() || body.username.is_empty() {
        return HttpResponse::BadRequest().json(json!({"error": "content and username must be non-empty strings"}));
    }
    let created = chrono::Utc::now().timestamp_micros() as f64 / 1e6;
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT INTO messages (content, username, created) VALUES (?1, ?2, ?3)",
        params![body.content, body.username, created],
    ) {
        Ok(_) => HttpResponse::Ok().json(json!({"message": "Message posted"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute(
        "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT NOT NULL, \
         username TEXT NOT NULL, created REAL NOT NULL)",
        [],
    )
    .expect("cannot create the messages table");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/messages", web::get().to(list_messages))
            .route("/messages", web::post().to(post_message))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
