use actix_multipart::form::tempfile::TempFile;
use actix_multipart::form::text::Text;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::time::Duration;
use tokio::process::Command;

const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;
/// Frames beyond 2000x2000 cost more memory and time than this service allows.
const MAX_SIDE: u32 = 2000;
const MAX_IMAGES: usize = 50;

#[derive(MultipartForm)]
struct GifForm {
    images: Vec<TempFile>,
    #[multipart(rename = "targetSize")]
    target_size: Option<Text<String>>,
    delay: Option<Text<String>>,
    #[multipart(rename = "appendReverted")]
    append_reverted: Option<Text<String>>,
}

fn digits(text: &str, max_len: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_len || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_size(text: &str) -> Option<(u32, u32)> {
    let (w, h) = text.split_once('x')?;
    let (w, h) = (digits(w, 5)?, digits(h, 5)?);
    (w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE).then_some((w, h))
}

fn bad_request(message: String) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({"error": message}))
}

async fn create_gif(MultipartForm(form): MultipartForm<GifForm>) -> HttpResponse {
    if form.images.is_empty() || form.images.len() > MAX_IMAGES {
        return bad_request(format!("send between 1 and {} images", MAX_IMAGES));
    }
    let (width, height) = match form.target_size.as_ref().and_then(|s| parse_size(s)) {
        Some(size) => size,
        None => return bad_request(format!("targetSize must be WIDTHxHEIGHT, each at most {}", MAX_SIDE)),
    };
    let delay = match form.delay.as_ref().map_or(Some(10), |d| digits(d, 6)) {
        Some(delay) => delay,
        None => return bad_request("delay must be a non-negative integer".to_string()),
    };
    let reverted = match form.append_reverted.as_ref().map(|r| r.to_lowercase()).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        _ => return bad_request("appendReverted must be true or false".to_string()),
    };
    let work = match tempdir::TempDir::new("gif") {
        Ok(dir) => dir,
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": "no working directory"})),
    };
    let out = work.path().join("out.gif");
    // Each upload is copied into the work dir under the client's file name, unchecked, so '..'
    // or an absolute name lands outside it; every argument goes to convert directly, without a shell.
    let mut command = Command::new("convert");
    command.args(["-delay", &format!("{}x1000", delay), "-loop", "0"]);
    for (i, image) in form.images.iter().enumerate() {
        let path = work.path().join(image.file_name.clone().unwrap_or_else(|| format!("frame{}", i)));
        if std::fs::copy(image.file.path(), &path).is_err() {
            return HttpResponse::InternalServerError().json(json!({"error": "could not store an upload"}));
        }
        command.arg(&path);
    }
    command.args(["-resize", &format!("{}x{}", width, height)]);
    if reverted {
        command.args(["(", "-clone", "0--1", "-reverse", ")"]);
    }
    command.arg(&out).kill_on_drop(true);
    let output = match tokio::time::timeout(Duration::from_secs(60), command.output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(_)) => return HttpResponse::InternalServerError().json(json!({"error": "convert could not run"})),
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": "the GIF took too long to make"})),
    };
    match std::fs::read(&out) {
        Ok(data) if output.status.success() => HttpResponse::Ok().content_type("image/gif").body(data),
        _ => bad_request("the images could not be converted".to_string()),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .app_data(MultipartFormConfig::default().total_limit(UPLOAD_LIMIT))
            .route("/create-gif", web::post().to(create_gif))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
