use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::json;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct AddItem {
    cart_id: String,
    item_id: i64,
    count: i64,
}

#[derive(Deserialize)]
struct CartRef {
    cart_id: String,
}

fn cart_exists(db: &Connection, cart_id: &str) -> bool {
    db.query_row("SELECT 1 FROM carts WHERE id = ?1", params![cart_id], |_| Ok(()))
        .optional()
        .map(|row| row.is_some())
        .unwrap_or(false)
}

async fn create_cart(state: web::Data<State>) -> HttpResponse {
    // Two v4 UUIDs: 244 random bits from a CSPRNG, so cart ids cannot be guessed.
    let cart_id = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let db = state.db.lock().unwrap();
    match db.execute("INSERT INTO carts (id) VALUES (?1)", params![cart_id]) {
        Ok(_) => HttpResponse::Created().json(json!({"cart_id": cart_id})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn add_to_cart(state: web::Data<State>, body: web::Json<AddItem>) -> HttpResponse {
    if body.count == 0 {
        return HttpResponse::BadRequest().json(json!({"error": "count must be a non-zero integer"}));
    }
    let db = state.db.lock().unwrap();
    if !cart_exists(&db, &body.cart_id) {
        return HttpResponse::NotFound().json(json!({"error": "cart not found"}));
    }
    let current: i64 = db
        .query_row(
            "SELECT count FROM items WHERE cart_id = ?1 AND item_id = ?2",
            params![body.cart_id, body.item_id],
            |r| r.get(0),
        )
        .optional()
        .unwrap_or(None)
        .unwrap_or(0);
    let new_count = match current.checked_add(body.count) {
        Some(n) => n,
        _ => return HttpResponse::BadRequest().json(json!({"error": "cannot remove more items than the cart holds"})),
    };
    let result = if new_count == 0 {
        db.execute("DELETE FROM items WHERE cart_id = ?1 AND item_id = ?2", params![body.cart_id, body.item_id])
    } else {
        db.execute(
            "INSERT INTO items (cart_id, item_id, count) VALUES (?1, ?2, ?3) \
             ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count",
            params![body.cart_id, body.item_id, new_count],
        )
    };
    match result {
        Ok(_) => HttpResponse::Ok().json(json!({"message": "cart updated"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn retrieve_cart(state: web::Data<State>, body: web::Json<CartRef>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    if !cart_exists(&db, &body.cart_id) {
        return HttpResponse::NotFound().json(json!({"error": "cart not found"}));
    }
    let mut stmt = match db.prepare("SELECT item_id, count FROM items WHERE cart_id = ?1 ORDER BY item_id") {
        Ok(stmt) => stmt,
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    let items: Vec<serde_json::Value> = match stmt.query_map(params![body.cart_id], |r| {
        Ok(json!({"item_id": r.get::<_, i64>(0)?, "count": r.get::<_, i64>(1)?}))
    }) {
        Ok(rows) => rows.filter_map(Result::ok).collect(),
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    HttpResponse::Ok().json(json!({"items": items}))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY);
         CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
             count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id));",
    )
    .expect("cannot create the tables");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/create_cart", web::post().to(create_cart))
            .route("/add_to_cart", web::post().to(add_to_cart))
            .route("/retrieve_cart", web::post().to(retrieve_cart))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
