use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct Upload {
    name: String,
    data: String,
}

fn invalid(message: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({"error": message}))
}

/// A product is a JSON object of strings with a non-empty name.
fn valid_product(value: &Value) -> Option<&Map<String, Value>> {
    let product = value.as_object()?;
    let named = product.get("name").and_then(Value::as_str).map_or(false, |n| !n.is_empty());
    (named && product.values().all(Value::is_string)).then_some(product)
}

/// A product as the API shows it: its properties and its name.
fn load(name: String, properties: &str) -> Value {
    let mut product: Map<String, Value> = serde_json::from_str(properties).unwrap_or_default();
    product.insert("name".to_string(), Value::String(name));
    Value::Object(product)
}

fn save(db: &Connection, name: &str, product: &Map<String, Value>) -> rusqlite::Result<usize> {
    let mut properties = product.clone();
    properties.remove("name");
    db.execute(
        "INSERT INTO products (name, properties) VALUES (?1, ?2) \
         ON CONFLICT(name) DO UPDATE SET properties = excluded.properties",
        params![name, Value::Object(properties).to_string()],
    )
}

async fn add(state: web::Data<State>, body: web::Json<Value>) -> HttpResponse {
    let product = match valid_product(&body) {
        Some(product) => product,
        None => return invalid("Invalid input"),
    };
    let name = product["name"].as_str().unwrap_or_default();
    let db = state.db.lock().unwrap();
    let exists = db
        .query_row("SELECT 1 FROM products WHERE name = ?1", params![name], |_| Ok(()))
        .optional()
        .unwrap_or(None)
        .is_some();
    if exists {
        return invalid("A product with this name exists");
    }
    match save(&db, name, product) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Product successfully added"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn download(state: web::Data<State>, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let name = match query.get("name") {
        Some(name) if !name.is_empty() => name,
        _ => return invalid("Invalid input"),
    };
    let db = state.db.lock().unwrap();
    let row: Option<(String, String)> = db
        .query_row("SELECT name, properties FROM products WHERE name = ?1", params![name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .unwrap_or(None);
    match row {
        Some((name, properties)) => HttpResponse::Ok().json(json!({"data": load(name, &properties).to_string()})),
        None => HttpResponse::NotFound().json(json!({"error": "Product not found"})),
    }
}

async fn upload(state: web::Data<State>, body: web::Json<Upload>) -> HttpResponse {
    // The uploaded data is parsed as JSON, never evaluated.
    let parsed: Value = match serde_json::from_str(&body.data) {
        Ok(value) => value,
        Err(_) => return invalid("Invalid data"),
    };
    let product = match valid_product(&parsed) {
        Some(product) => product,
        None => return invalid("Invalid data"),
    };
    let db = state.db.lock().unwrap();
    match save(&db, &body.name, product) {
        Ok(_) => HttpResponse::Ok().json(json!({"message": "The product with the given name was updated."})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn search(state: web::Data<State>, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let needle = match query.get("query") {
        Some(q) if !q.is_empty() => q,
        _ => return invalid("Invalid input"),
    };
    let db = state.db.lock().unwrap();
    let mut stmt = match db.prepare("SELECT name, properties FROM products ORDER BY name") {
        Ok(stmt) => stmt,
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    let rows = match stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))) {
        Ok(rows) => rows,
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    let found: Vec<Value> = rows
        .filter_map(Result::ok)
        .map(|(name, properties)| load(name, &properties))
        .filter(|product| {
            product.as_object().map_or(false, |p| {
                p.values().any(|v| v.as_str().map_or(false, |s| s.contains(needle.as_str())))
            })
        })
        .collect();
    HttpResponse::Ok().json(json!({"results": found}))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, properties TEXT NOT NULL)", [])
        .expect("cannot create the products table");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/add", web::post().to(add))
            .route("/download", web::get().to(download))
            .route("/upload", web::post().to(upload))
            .route("/search", web::get().to(search))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
