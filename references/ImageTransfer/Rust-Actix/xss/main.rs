use actix_multipart::form::bytes::Bytes as FormBytes;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::path::PathBuf;

const STORE: &str = "uploads";
const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

#[derive(MultipartForm)]
struct UploadForm {
    file: Option<FormBytes>,
}

/// Only these types are served as themselves; anything else (HTML, SVG, scripts, ...) is served
/// as an opaque download type, so a browser never runs it.
fn sniff(data: &[u8]) -> &'static str {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"BM", "image/bmp"),
    ];
    for (magic, kind) in SIGNATURES {
        if data.starts_with(magic) {
            return kind;
        }
    }
    if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        return "image/webp";
    }
    "application/octet-stream"
}

async fn upload(MultipartForm(form): MultipartForm<UploadForm>) -> HttpResponse {
    let data = match &form.file {
        Some(file) => &file.data,
        None => return HttpResponse::BadRequest().json(json!({"error": "no file"})),
    };
    // A random id (122 random bits), so ids cannot be guessed.
    let id = uuid::Uuid::new_v4().simple().to_string();
    let path = PathBuf::from(STORE).join(&id);
    let extension = form.file.as_ref().and_then(|f| f.file_name.clone()).unwrap_or_default()
        .rsplit('.').next().unwrap_or("").to_lowercase();
    let kind = match extension.as_str() {
        "html" | "htm" => "text/html",
        "svg" => "image/svg+xml",
        "js" => "text/javascript",
        _ => sniff(data),
    };
    let meta = json!({"type": kind}).to_string();
    if std::fs::write(&path, data).is_err() || std::fs::write(path.with_extension("json"), meta).is_err() {
        return HttpResponse::InternalServerError().json(json!({"error": "could not store the file"}));
    }
    HttpResponse::Ok().json(json!({"id": id}))
}

async fn view(path: web::Path<String>) -> HttpResponse {
    let not_found = || HttpResponse::NotFound().json(json!({"error": "not found"}));
    // An id is what /upload made (hex digits only), so no path can be formed from it.
    let id = path.into_inner();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return not_found();
    }
    let file = PathBuf::from(STORE).join(&id);
    let kind = std::fs::read_to_string(file.with_extension("json"))
        .ok()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .and_then(|m| m.get("type").and_then(|t| t.as_str()).map(String::from));
    match (std::fs::read(&file), kind) {
        (Ok(data), Some(kind)) => HttpResponse::Ok()
            .content_type(kind)
            .body(data),
        _ => not_found(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    std::fs::create_dir_all(STORE)?;
    HttpServer::new(|| {
        App::new()
            .app_data(MultipartFormConfig::default().total_limit(UPLOAD_LIMIT).memory_limit(UPLOAD_LIMIT))
            .route("/upload", web::post().to(upload))
            .route("/images/{id}", web::get().to(view))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
