use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, params_from_iter, Connection};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct Product {
    product_name: String,
    tags: Vec<String>,
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

async fn post_product(state: web::Data<State>, body: web::Json<Product>) -> HttpResponse {
    if body.product_name.is_empty() {
        return HttpResponse::BadRequest().json(json!({"error": "product_name must not be empty"}));
    }
    let mut db = state.db.lock().unwrap();
    let stored = (|| -> rusqlite::Result<()> {
        let tx = db.transaction()?;
        tx.execute("INSERT INTO products (name) VALUES (?1)", params![body.product_name])?;
        let id = tx.last_insert_rowid();
        let mut seen = std::collections::HashSet::new();
        for tag in body.tags.iter().filter(|t| seen.insert(t.as_str())) {
            tx.execute("INSERT INTO product_tags (product_id, tag) VALUES (?1, ?2)", params![id, tag])?;
        }
        tx.commit()
    })();
    match stored {
        Ok(()) => HttpResponse::Ok().json(json!({"message": "product stored"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn recommend(state: web::Data<State>, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let tags: Vec<String> = query
        .get("tags")
        .map(|t| t.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect())
        .unwrap_or_default();
    if tags.is_empty() {
        return HttpResponse::BadRequest().json(json!({"error": "tags is required"}));
    }
    let marks = tags.iter().map(|t| format!("'{}'", t)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT name FROM products WHERE id IN (SELECT product_id FROM product_tags WHERE tag IN ({})) ORDER BY id",
        marks
    );
    let names: Vec<String> = {
        let db = state.db.lock().unwrap();
        let mut stmt = match db.prepare(&sql) {
            Ok(stmt) => stmt,
            Err(_) => return HttpResponse::InternalServerError().finish(),
        };
        let rows = stmt.query_map([], |r| r.get::<_, String>(0));
        match rows {
            Ok(rows) => rows.filter_map(Result::ok).collect(),
            Err(_) => return HttpResponse::InternalServerError().finish(),
        }
    };
    let items: String = names.iter().map(|n| format!("<li>{}</li>", escape_html(n))).collect();
    let page = format!(
        "<!DOCTYPE html><html><head><title>Recommendations</title></head><body>\
         <h1>Products tagged {}</h1><ul>{}</ul></body></html>",
        escape_html(&tags.join(", ")),
        items
    );
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, tag TEXT NOT NULL);",
    )
    .expect("cannot create the tables");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/recommender", web::post().to(post_product))
            .route("/recommender", web::get().to(recommend))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
