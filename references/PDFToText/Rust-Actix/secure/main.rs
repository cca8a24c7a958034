use actix_multipart::form::tempfile::TempFile;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::io::Read;
use std::time::Duration;
use tokio::process::Command;

const UPLOAD_LIMIT: usize = 10 * 1024 * 1024;

#[derive(MultipartForm)]
struct ConvertForm {
    file: Option<TempFile>,
}

async fn convert(MultipartForm(form): MultipartForm<ConvertForm>) -> HttpResponse {
    let file = match &form.file {
        Some(file) => file,
        None => return HttpResponse::BadRequest().json(json!({"error": "Missing file."})),
    };
    let mut magic = [0u8; 5];
    if file.file.reopen().and_then(|mut f| f.read_exact(&mut magic)).is_err() || &magic != b"%PDF-" {
        return HttpResponse::BadRequest().json(json!({"error": "The file is not a PDF."}));
    }
    // The upload is read from the form's temporary file; the client's file name is never used.
    let run = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(file.file.path())
        .arg("-")
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(Duration::from_secs(30), run).await {
        Ok(Ok(output)) if output.status.success() => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(String::from_utf8_lossy(&output.stdout).into_owned()),
        Ok(_) => HttpResponse::InternalServerError().json(json!({"error": "The file could not be converted."})),
        Err(_) => HttpResponse::InternalServerError().json(json!({"error": "The conversion took too long."})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .app_data(MultipartFormConfig::default().total_limit(UPLOAD_LIMIT))
            .route("/convert", web::post().to(convert))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
