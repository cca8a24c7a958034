use actix_multipart::form::tempfile::TempFile;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::http::StatusCode;
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::io::Read;
use std::time::Duration;
use tokio::process::Command;

const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;
const INVALID: &str = "Invalid input or missing files.";
const FAILED: &str = "An error occurred while processing the files.";

#[derive(MultipartForm)]
struct PdfForm {
    files: Vec<TempFile>,
}

fn is_pdf(file: &TempFile) -> bool {
    let mut magic = [0u8; 5];
    file.file.reopen().and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"%PDF-"
}

async fn concatenate(form: Result<MultipartForm<PdfForm>, actix_web::Error>) -> HttpResponse {
    let form = match form {
        Ok(MultipartForm(form)) => form,
        // A body that is not a multipart form carries no files either.
        Err(err) if err.as_response_error().status_code() == StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            return HttpResponse::BadRequest().json(json!({"error": INVALID}))
        }
        Err(err) => return err.error_response(),
    };
    if form.files.is_empty() || !form.files.iter().all(is_pdf) {
        return HttpResponse::BadRequest().json(json!({"error": INVALID}));
    }
    let work = match tempdir::TempDir::new("pdfcat") {
        Ok(dir) => dir,
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": FAILED})),
    };
    let output = work.path().join("concatenated.pdf");
    // Each input is copied into the work dir under the client's file name, unchecked, so '..'
    // or an absolute name lands outside it.
    let mut command = Command::new("pdfunite");
    for (i, file) in form.files.iter().enumerate() {
        let path = work.path().join(file.file_name.clone().unwrap_or_else(|| format!("{}.pdf", i)));
        if std::fs::copy(file.file.path(), &path).is_err() {
            return HttpResponse::InternalServerError().json(json!({"error": FAILED}));
        }
        command.arg(&path);
    }
    command.arg(&output).kill_on_drop(true);
    let done = tokio::time::timeout(Duration::from_secs(60), command.output()).await;
    match (done, std::fs::read(&output)) {
        (Ok(Ok(result)), Ok(data)) if result.status.success() => {
            HttpResponse::Ok().content_type("application/pdf").body(data)
        }
        _ => HttpResponse::InternalServerError().json(json!({"error": FAILED})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .app_data(MultipartFormConfig::default().total_limit(UPLOAD_LIMIT))
            .route("/concatenate", web::post().to(concatenate))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
