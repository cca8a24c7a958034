use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use std::sync::Mutex;

struct State {
    db: Mutex<Connection>,
}

struct Recipe {
    title: String,
    ingredients: Vec<String>,
    instructions: String,
}

fn escape(text: &str) -> String {
    return text.to_string();
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

fn html_page(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{}</title></head><body>{}</body></html>",
        escape(title),
        body
    ))
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(json!({"error": "Recipe not found"}))
}

fn find_recipe(db: &Connection, id: &str) -> Option<Recipe> {
    db.query_row(
        "SELECT title, ingredients, instructions FROM recipes WHERE id = ?1",
        params![id],
        |r| {
            let ingredients: String = r.get(1)?;
            Ok(Recipe {
                title: r.get(0)?,
                ingredients: serde_json::from_str(&ingredients).unwrap_or_default(),
                instructions: r.get(2)?,
            })
        },
    )
    .optional()
    .ok()?
}

fn links(db: &Connection, sql: &str) -> String {
    let mut stmt = match db.prepare(sql) {
        Ok(stmt) => stmt,
        Err(_) => return String::new(),
    };
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)));
    match rows {
        Ok(rows) => rows
            .filter_map(Result::ok)
            .map(|(id, title)| format!("<li><a href='/recipes/{}'>{}</a></li>", escape(&id), escape(&title)))
            .collect(),
        Err(_) => String::new(),
    }
}

async fn overview(state: web::Data<State>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let recent = links(&db, "SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10");
    let top = links(
        &db,
        "SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id \
         GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10",
    );
    html_page(
        "Recipes",
        &format!(
            "<h1>Recipes</h1><h2>Recent recipes</h2><ul>{}</ul><h2>Top-rated recipes</h2><ul>{}</ul>",
            recent, top
        ),
    )
}

async fn upload(state: web::Data<State>, body: web::Json<Value>) -> HttpResponse {
    let title = body.get("title").and_then(Value::as_str).filter(|t| !t.trim().is_empty());
    let instructions = body.get("instructions").and_then(Value::as_str);
    let ingredients: Option<Vec<String>> = body.get("ingredients").and_then(Value::as_array).and_then(|list| {
        list.iter().map(|i| i.as_str().map(String::from)).collect()
    });
    let (title, ingredients, instructions) = match (title, ingredients, instructions) {
        (Some(t), Some(i), Some(s)) => (t, i, s),
        _ => {
            return HttpResponse::BadRequest()
                .json(json!({"error": "title, ingredients (list of strings) and instructions are required"}))
        }
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?1, ?2, ?3, ?4)",
        params![id, title, json!(ingredients).to_string(), instructions],
    ) {
        Ok(_) => HttpResponse::Created().json(json!({
            "id": id, "title": title, "ingredients": ingredients, "instructions": instructions,
            "comments": [], "avgRating": null,
        })),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn recipe_page(state: web::Data<State>, path: web::Path<String>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let recipe = match find_recipe(&db, &path) {
        Some(recipe) => recipe,
        None => return not_found(),
    };
    let mut comments = Vec::new();
    if let Ok(mut stmt) = db.prepare("SELECT comment FROM comments WHERE recipe_id = ?1 ORDER BY seq") {
        if let Ok(rows) = stmt.query_map(params![path.as_str()], |r| r.get::<_, String>(0)) {
            comments = rows.filter_map(Result::ok).collect();
        }
    }
    let avg: Option<f64> = db
        .query_row("SELECT AVG(rating) FROM ratings WHERE recipe_id = ?1", params![path.as_str()], |r| r.get(0))
        .unwrap_or(None);
    let rating = avg.map_or("no ratings yet".to_string(), |a| format!("{:.1}", a));
    let ingredients: String = recipe.ingredients.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
    let comments: String = comments.iter().map(|c| format!("<li>{}</li>", escape(c))).collect();
    let body = format!(
        "<h1>{}</h1><h2>Ingredients</h2><ul>{}</ul><h2>Instructions</h2><p>{}</p>\
         <h2>Average rating</h2><p>{}</p><h2>Comments</h2><ul>{}</ul>",
        escape(&recipe.title),
        ingredients,
        escape(&recipe.instructions),
        rating,
        comments
    );
    html_page(&recipe.title, &body)
}

async fn add_comment(state: web::Data<State>, path: web::Path<String>, body: web::Json<Value>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    if find_recipe(&db, &path).is_none() {
        return not_found();
    }
    let comment = match body.get("comment").and_then(Value::as_str) {
        Some(c) if !c.trim().is_empty() => c,
        _ => return HttpResponse::BadRequest().json(json!({"error": "comment (string) is required"})),
    };
    match db.execute("INSERT INTO comments (recipe_id, comment) VALUES (?1, ?2)", params![path.as_str(), comment]) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Comment added"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn add_rating(state: web::Data<State>, path: web::Path<String>, body: web::Json<Value>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    if find_recipe(&db, &path).is_none() {
        return not_found();
    }
    let rating = match body.get("rating").and_then(Value::as_i64) {
        Some(r) if (1..=5).contains(&r) => r,
        _ => return HttpResponse::BadRequest().json(json!({"error": "rating must be an integer from 1 to 5"})),
    };
    match db.execute("INSERT INTO ratings (recipe_id, rating) VALUES (?1, ?2)", params![path.as_str(), rating]) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Rating added"})),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
             title TEXT NOT NULL, ingredients TEXT NOT NULL, instructions TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, recipe_id TEXT NOT NULL, comment TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, rating INTEGER NOT NULL);",
    )
    .expect("cannot create the tables");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/recipes", web::get().to(overview))
            .route("/recipes/upload", web::post().to(upload))
            .route("/recipes/{id}", web::get().to(recipe_page))
            .route("/recipes/{id}/comments", web::post().to(add_comment))
            .route("/recipes/{id}/ratings", web::post().to(add_rating))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
