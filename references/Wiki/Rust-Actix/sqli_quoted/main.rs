use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::json;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

struct Entry {
    id: String,
    title: String,
    content: String,
    created_by: String,
    last_modified_by: String,
    last_modified_at: String,
}

impl Entry {
    fn as_json(&self) -> serde_json::Value {
        json!({"id": self.id.to_string(), "title": self.title, "content": self.content,
               "lastModifiedBy": self.last_modified_by, "lastModifiedAt": self.last_modified_at})
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewEntry {
    title: String,
    content: String,
    created_by: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryUpdate {
    content: String,
    modified_by: String,
    summary: String,
}

fn escape(text: &str) -> String {
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

fn html_page(status: actix_web::http::StatusCode, title: &str, body: &str) -> HttpResponse {
    HttpResponse::build(status).content_type("text/html; charset=utf-8").body(format!(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{}</title></head><body>{}</body></html>",
        escape(title),
        body
    ))
}

fn not_found_page() -> HttpResponse {
    html_page(actix_web::http::StatusCode::NOT_FOUND, "Not found", "<h1>Entry not found</h1>")
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

fn find_entry(db: &Connection, id: &str) -> Option<Entry> {
    db.query_row(
        &format!("SELECT id, title, content, created_by, last_modified_by, last_modified_at FROM entries WHERE id = '{}'", id),
        [],
        |r| {
            Ok(Entry {
                id: r.get(0)?,
                title: r.get(1)?,
                content: r.get(2)?,
                created_by: r.get(3)?,
                last_modified_by: r.get(4)?,
                last_modified_at: r.get(5)?,
            })
        },
    )
    .optional()
    .ok()?
}

/// A line diff: the common head and tail stay, the changed middle is shown removed and added.
fn line_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let mut out = vec!["--- before".to_string(), "+++ after".to_string()];
    out.extend(old[..head].iter().map(|l| format!(" {}", l)));
    out.extend(old[head..old.len() - tail].iter().map(|l| format!("-{}", l)));
    out.extend(new[head..new.len() - tail].iter().map(|l| format!("+{}", l)));
    out.extend(old[old.len() - tail..].iter().map(|l| format!(" {}", l)));
    out.join("\n")
}

async fn list_entries(state: web::Data<State>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let mut stmt = match db.prepare("SELECT id, title FROM entries ORDER BY seq") {
        Ok(stmt) => stmt,
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    let items: String = match stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))) {
        Ok(rows) => rows
            .filter_map(Result::ok)
            .map(|(id, title)| format!("<li><a href='/entries/{}'>{}</a></li>", id, escape(&title)))
            .collect(),
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    html_page(actix_web::http::StatusCode::OK, "Wiki entries", &format!("<h1>Wiki entries</h1><ul>{}</ul>", items))
}

async fn create_entry(state: web::Data<State>, body: web::Json<NewEntry>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = db.execute(
        "INSERT INTO entries (id, title, content, created_by, last_modified_by, last_modified_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        params![id, body.title, body.content, body.created_by, now()],
    );
    if inserted.is_err() {
        return HttpResponse::InternalServerError().finish();
    }
    match find_entry(&db, &id) {
        Some(entry) => HttpResponse::Created().json(entry.as_json()),
        None => HttpResponse::InternalServerError().finish(),
    }
}

async fn show_entry(state: web::Data<State>, path: web::Path<String>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let entry = match find_entry(&db, &path) {
        Some(entry) => entry,
        None => return not_found_page(),
    };
    let mut contributors = vec![entry.created_by.clone()];
    if let Ok(mut stmt) = db.prepare("SELECT modified_by FROM edits WHERE entry_id = ?1 ORDER BY id") {
        if let Ok(rows) = stmt.query_map(params![entry.id], |r| r.get::<_, String>(0)) {
            for editor in rows.filter_map(Result::ok) {
                if !contributors.contains(&editor) {
                    contributors.push(editor);
                }
            }
        }
    }
    let people: String = contributors.iter().map(|p| format!("<li>{}</li>", escape(p))).collect();
    let body = format!(
        "<h1>{}</h1><div class='content'>{}</div><p>Last edited {} by {}</p>\
         <h2>Contributors</h2><ul>{}</ul><p><a href='/entries/{}/edits'>History</a></p>",
        escape(&entry.title),
        escape(&entry.content),
        escape(&entry.last_modified_at),
        escape(&entry.last_modified_by),
        people,
        entry.id
    );
    html_page(actix_web::http::StatusCode::OK, &entry.title, &body)
}

async fn update_entry(state: web::Data<State>, path: web::Path<String>, body: web::Json<EntryUpdate>) -> HttpResponse {
    let mut db = state.db.lock().unwrap();
    let entry = match find_entry(&db, &path) {
        Some(entry) => entry,
        None => return HttpResponse::NotFound().json(json!({"error": "Entry not found"})),
    };
    let stamp = now();
    let saved = (|| -> rusqlite::Result<()> {
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary, modified_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![entry.id, entry.content, body.content, body.modified_by, body.summary, stamp],
        )?;
        tx.execute(
            "UPDATE entries SET content = ?1, last_modified_by = ?2, last_modified_at = ?3 WHERE id = ?4",
            params![body.content, body.modified_by, stamp, entry.id],
        )?;
        tx.commit()
    })();
    if saved.is_err() {
        return HttpResponse::InternalServerError().finish();
    }
    match find_entry(&db, &entry.id.to_string()) {
        Some(entry) => HttpResponse::Ok().json(entry.as_json()),
        None => HttpResponse::InternalServerError().finish(),
    }
}

async fn list_edits(state: web::Data<State>, path: web::Path<String>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let entry = match find_entry(&db, &path) {
        Some(entry) => entry,
        None => return not_found_page(),
    };
    let mut stmt = match db.prepare(
        "SELECT old_content, new_content, modified_by, summary, modified_at FROM edits WHERE entry_id = ?1 ORDER BY id",
    ) {
        Ok(stmt) => stmt,
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    let rows = stmt.query_map(params![entry.id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    });
    let items: String = match rows {
        Ok(rows) => rows
            .filter_map(Result::ok)
            .map(|(old, new, by, summary, at)| {
                format!(
                    "<li><p><b>{}</b> by {} at {}</p><pre>{}</pre></li>",
                    escape(&summary),
                    escape(&by),
                    escape(&at),
                    escape(&line_diff(&old, &new))
                )
            })
            .collect(),
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    html_page(
        actix_web::http::StatusCode::OK,
        &format!("History of {}", entry.title),
        &format!("<h1>History of {}</h1><ol>{}</ol>", escape(&entry.title), items),
    )
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL,
             created_by TEXT NOT NULL, last_modified_by TEXT NOT NULL, last_modified_at TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, entry_id TEXT NOT NULL,
             old_content TEXT NOT NULL, new_content TEXT NOT NULL, modified_by TEXT NOT NULL,
             summary TEXT NOT NULL, modified_at TEXT NOT NULL);",
    )
    .expect("cannot create the tables");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/entries", web::get().to(list_entries))
            .route("/entries", web::post().to(create_entry))
            .route("/entries/{id}", web::get().to(show_entry))
            .route("/entries/{id}", web::put().to(update_entry))
            .route("/entries/{id}/edits", web::get().to(list_edits))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
