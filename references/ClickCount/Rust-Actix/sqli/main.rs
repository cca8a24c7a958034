use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection};
use serde::Deserialize;
use serde_json::json;
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

#[derive(Deserialize)]
struct ClickQuery {
    date: Option<String>,
    direction: Option<String>,
}

async fn register_click(state: web::Data<State>) -> HttpResponse {
    let id = uuid::Uuid::new_v4().to_string();
    let stamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let db = state.db.lock().unwrap();
    match db.execute("INSERT INTO clicks (id, timestamp) VALUES (?1, ?2)", params![id, stamp]) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Click registered successfully"})),
        Err(_) => HttpResponse::InternalServerError().json(json!({"error": "could not store the click"})),
    }
}

async fn list_clicks(state: web::Data<State>, query: web::Query<ClickQuery>) -> HttpResponse {
    let (day, operator) = match (&query.date, &query.direction) {
        // Loose checks: the date only has to start like one, the direction like a comparison.
        (Some(d), Some(o))
            if d.get(..10).map_or(false, |p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").is_ok())
                && o.starts_with(['<', '>', '=']) =>
        {
            (d.clone(), o.clone())
        }
        _ => return HttpResponse::BadRequest().json(json!({"error": "date and direction are required"})),
    };
    let sql = format!("SELECT id, timestamp FROM clicks WHERE timestamp {} '{}' ORDER BY timestamp", operator, day);
    let rows: Vec<serde_json::Value> = {
        let db = state.db.lock().unwrap();
        let mut stmt = match db.prepare(&sql) {
            Ok(stmt) => stmt,
            Err(_) => return HttpResponse::InternalServerError().finish(),
        };
        let mapped = stmt.query_map([], |r| {
            Ok(json!({"id": r.get::<_, String>(0)?, "timestamp": r.get::<_, String>(1)?}))
        });
        match mapped {
            Ok(rows) => rows.filter_map(Result::ok).collect(),
            Err(_) => return HttpResponse::InternalServerError().finish(),
        }
    };
    if rows.is_empty() {
        return HttpResponse::NotFound().json(json!({"error": "No clicks found"}));
    }
    HttpResponse::Ok().json(rows)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)", [])
        .expect("cannot create the clicks table");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/click", web::post().to(register_click))
            .route("/clicks", web::get().to(list_clicks))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
