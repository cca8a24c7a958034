use actix_web::{web, App, HttpResponse, HttpServer};
use serde::Deserialize;
use serde_json::json;
use std::path::{Path, PathBuf};

const SONGS: &str = "/var/songs";

#[derive(Deserialize)]
struct Download {
    filename: String,
}

/// The real path of the song, or None when it is not a regular file inside the songs directory.
fn song_path(filename: &str) -> Option<PathBuf> {
    if filename.is_empty() || filename.contains('\0') {
        return None;
    }
    let root = std::fs::canonicalize(SONGS).ok()?;
    let path = std::fs::canonicalize(root.join(filename)).ok()?;
    if path.to_string_lossy().starts_with(SONGS) && path.is_file() {
        Some(path)
    } else {
        None
    }
}

async fn download(body: web::Json<Download>) -> HttpResponse {
    if body.filename.is_empty() {
        return HttpResponse::BadRequest().json(json!({"error": "filename is required"}));
    }
    match song_path(&body.filename).and_then(|p| std::fs::read(p).ok()) {
        Some(data) => HttpResponse::Ok().content_type("audio/mpeg").body(data),
        None => HttpResponse::NotFound().json(json!({"error": "song not found"})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().route("/download", web::post().to(download)))
        .bind(("0.0.0.0", 5000))?
        .run()
        .await
}
