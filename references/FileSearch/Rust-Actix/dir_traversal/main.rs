use actix_web::{web, App, HttpResponse, HttpServer};
use serde::Deserialize;
use serde_json::json;
use std::fs;
use std::path::{Component, Path, PathBuf};

const DATA: &str = "/data";

/// The directory under /data that `dir` names, or None when it would leave /data.
fn confined(dir: Option<&str>) -> Option<PathBuf> {
    let mut path = PathBuf::from(DATA);
    for part in Path::new(dir.unwrap_or("")).components() {
        match part {
            Component::Normal(name) => path.push(name),
            Component::ParentDir => {
                if path == Path::new(DATA) {
                    return None;
                }
                path.pop();
            }
            _ => {}
        }
    }
    match fs::canonicalize(&path) {
        Ok(real) if real.starts_with(DATA) => Some(real),
        Ok(_) => None,
        Err(_) => Some(path), // does not exist: nothing will be found there
    }
}

fn walk(dir: &Path, content: Option<&str>, name: Option<&str>, found: &mut Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => return,
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let kind = match fs::symlink_metadata(&path) {
            Ok(meta) => meta.file_type(),
            Err(_) => continue,
        };
        if kind.is_dir() {
            walk(&path, content, name, found);
        } else if kind.is_file() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let by_name = name.map_or(false, |n| !n.is_empty() && file_name.starts_with(n));
            let by_content = !by_name
                && content.map_or(false, |c| {
                    !c.is_empty()
                        && fs::read(&path).map_or(false, |data| {
                            data.windows(c.len()).any(|window| window == c.as_bytes())
                        })
                });
            if by_name || by_content {
                found.push(path.to_string_lossy().into_owned());
            }
        }
    }
}

#[derive(Deserialize)]
struct Search {
    search_content: Option<String>,
    search_filename: Option<String>,
    search_dir: Option<String>,
}

async fn search(body: web::Json<Search>) -> HttpResponse {
    let base = match Some(Path::new(DATA).join(body.search_dir.as_deref().unwrap_or(""))) {
        Some(base) => base,
        None => return HttpResponse::BadRequest().json(json!({"error": "Invalid directory"})),
    };
    // The walk is blocking file IO: run it on the blocking thread pool.
    let body = body.into_inner();
    let found = web::block(move || {
        let mut found = Vec::new();
        walk(&base, body.search_content.as_deref(), body.search_filename.as_deref(), &mut found);
        found.sort();
        found
    })
    .await
    .unwrap_or_default();
    HttpResponse::Ok().json(json!({"files": found}))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().route("/search", web::post().to(search)))
        .bind(("0.0.0.0", 5000))?
        .run()
        .await
}
