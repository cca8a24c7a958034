use actix_web::{web, App, HttpResponse, HttpServer};
use serde::Deserialize;
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use tokio::process::Command;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompileRequest {
    file_name: String,
    file_content: String,
}

async fn compile(body: web::Json<CompileRequest>) -> HttpResponse {
    // The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
    // directory and the compiler runs without a shell, so the user's name never reaches a path
    // or a command line.
    let suffix = Path::new(&body.file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (source, program, args): (&str, &str, &[&str]) = match suffix.as_str() {
        "cpp" => ("main.cpp", "g++", &["-fsyntax-only", "main.cpp"]),
        "ts" => ("main.ts", "tsc", &["--noEmit", "main.ts"]),
        _ => return HttpResponse::BadRequest().json(json!({"error": "only .cpp and .ts files are supported"})),
    };
    let work = match tempdir::TempDir::new("compile") {
        Ok(dir) => dir,
        Err(_) => return HttpResponse::InternalServerError().json(json!({"error": "no working directory"})),
    };
    if std::fs::write(work.path().join(source), &body.file_content).is_err() {
        return HttpResponse::InternalServerError().json(json!({"error": "could not store the file"}));
    }
    let run = Command::new(program).args(args).current_dir(work.path()).kill_on_drop(true).output();
    let output = match tokio::time::timeout(Duration::from_secs(60), run).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return HttpResponse::InternalServerError().json(json!({"error": format!("could not run {}: {}", program, e)})),
        Err(_) => return HttpResponse::Ok().json(json!({"hasError": true, "compilerError": "the compiler timed out"})),
    };
    if output.status.success() {
        return HttpResponse::Ok().json(json!({"hasError": false, "compilerError": null}));
    }
    let shown_name = Path::new(&body.file_name).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
        .replace(source, &shown_name)
        .trim()
        .to_string();
    let text = if text.is_empty() { "compilation failed".to_string() } else { text };
    HttpResponse::Ok().json(json!({"hasError": true, "compilerError": text}))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().route("/compile", web::post().to(compile)))
        .bind(("0.0.0.0", 5000))?
        .run()
        .await
}
