use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, params_from_iter, Connection};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct Association {
    credit_card: String,
    phone: String,
}

#[derive(Deserialize)]
struct Retrieve {
    phone_numbers: Vec<String>,
}

async fn associate_card(state: web::Data<State>, body: web::Json<Association>) -> HttpResponse {
    if body.credit_card.is_empty() || body.phone.is_empty() {
        return HttpResponse::BadRequest().json(json!({"error": "credit_card and phone must be non-empty"}));
    }
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?1, ?2)",
        params![body.credit_card, body.phone],
    ) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Association created successfully"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn retrieve_cards(state: web::Data<State>, body: web::Json<Retrieve>) -> HttpResponse {
    let wanted: BTreeSet<&String> = body.phone_numbers.iter().collect();
    if wanted.is_empty() {
        return HttpResponse::NotFound().json(json!({"error": "Not found"}));
    }
    // A card is returned only when it is associated with every phone number asked for.
    let marks = vec!["?"; wanted.len()].join(", ");
    let sql = format!(
        "SELECT credit_card FROM cards WHERE phone IN ({}) GROUP BY credit_card \
         HAVING COUNT(DISTINCT phone) = {} ORDER BY credit_card",
        marks,
        wanted.len()
    );
    let cards: Vec<String> = {
        let db = state.db.lock().unwrap();
        let mut stmt = match db.prepare(&sql) {
            Ok(stmt) => stmt,
            Err(_) => return HttpResponse::InternalServerError().finish(),
        };
        let rows = stmt.query_map(params_from_iter(wanted.iter()), |r| r.get::<_, String>(0));
        match rows {
            Ok(rows) => rows.filter_map(Result::ok).collect(),
            Err(_) => return HttpResponse::InternalServerError().finish(),
        }
    };
    if cards.is_empty() {
        return HttpResponse::NotFound().json(json!({"error": "Not found"}));
    }
    HttpResponse::Ok().json(json!({"card_numbers": cards}))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute(
        "CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL, UNIQUE (credit_card, phone))",
        [],
    )
    .expect("cannot create the cards table");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/associate_card", web::post().to(associate_card))
            .route("/retrieve_cards", web::post().to(retrieve_cards))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
