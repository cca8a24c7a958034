use actix_multipart::form::bytes::Bytes as FormBytes;
use actix_multipart::form::text::Text;
use actix_multipart::form::{MultipartForm, MultipartFormConfig};
use actix_web::http::StatusCode;
use actix_web::{web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use std::sync::Mutex;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// The whole upload (page plus photo) may not exceed this; a larger one is refused while read.
const UPLOAD_LIMIT: usize = 5 * 1024 * 1024;

/// Markup kept in a profile page; other tags (script, style, iframe, ...) and every attribute
/// but an http(s) link target are dropped, and text is re-escaped.
const ALLOWED_TAGS: &[&str] = &[
    "html", "head", "title", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "b", "i", "u",
    "em", "strong", "ul", "ol", "li", "br", "hr", "table", "tr", "td", "th", "thead", "tbody", "blockquote",
    "pre", "code", "a",
];
const VOID_TAGS: &[&str] = &["br", "hr"];
/// Elements whose content is dropped along with them.
const DROP_CONTENT: &[&str] = &["script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "title"];

struct State {
    db: Mutex<Connection>,
}

#[derive(MultipartForm)]
struct ProfileForm {
    #[multipart(limit = "1KB")]
    username: Option<Text<String>>,
    profile_page: Option<FormBytes>,
    #[multipart(limit = "4MB")]
    profile_photo: Option<FormBytes>,
}

fn escape(text: &str) -> String {
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

/// The value of the href attribute in the inside of a start tag (`a href="..." ...`).
fn href_of(inside: &str) -> Option<String> {
    let mut rest = inside;
    while let Some(pos) = rest.to_ascii_lowercase().find("href") {
        let after = rest[pos + 4..].trim_start();
        let boundary = pos == 0 || rest[..pos].ends_with(|c: char| c.is_whitespace() || c == '/');
        if boundary && after.starts_with('=') {
            let value = after[1..].trim_start();
            return Some(match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
                _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_string(),
            });
        }
        rest = &rest[pos + 4..];
    }
    None
}

/// The end of the tag that starts at `start` (the index after its '>'), quotes respected.
fn tag_end(html: &str, start: usize) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in html[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => quote = Some(c),
            (None, '>') => return start + i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Rebuild the page from allowed tags and escaped text only.
fn sanitize(html: &str) -> String {
    let mut out = String::new();
    let mut skipping: Vec<String> = Vec::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let next = rest.find('<').map_or(html.len(), |p| i + p);
        if next > i {
            if skipping.is_empty() {
                out.push_str(&escape(&html[i..next]));
            }
            i = next;
            continue;
        }
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |p| i + p + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let is_markup = !name.is_empty() || rest.starts_with("<!") || rest.starts_with("<?");
        if !is_markup {
            if skipping.is_empty() {
                out.push_str("&lt;");
            }
            i += 1;
            continue;
        }
        let end = tag_end(html, i);
        let inside = &html[i + name_start + name.len()..end.saturating_sub(1).max(i + name_start + name.len())];
        i = end;
        if DROP_CONTENT.contains(&name.as_str()) {
            if closing {
                if let Some(pos) = skipping.iter().rposition(|t| *t == name) {
                    skipping.truncate(pos);
                }
            } else if !inside.trim_end().ends_with('/') {
                skipping.push(name);
            }
            continue;
        }
        if !skipping.is_empty() || !ALLOWED_TAGS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            if !VOID_TAGS.contains(&name.as_str()) {
                out.push_str(&format!("</{}>", name));
            }
        } else if name == "a" {
            match href_of(inside) {
                Some(href) if href.starts_with("http://") || href.starts_with("https://") => {
                    out.push_str(&format!("<a href=\"{}\">", escape(&href)))
                }
                _ => out.push_str("<a>"),
            }
        } else {
            out.push_str(&format!("<{}>", name));
        }
    }
    out
}

async fn add_profile(
    state: web::Data<State>,
    form: Result<MultipartForm<ProfileForm>, actix_web::Error>,
) -> HttpResponse {
    let invalid = HttpResponse::BadRequest().json(json!({"error": "Invalid input"}));
    let form = match form {
        Ok(MultipartForm(form)) => form,
        // A body that is not a multipart form lacks the photo: as incomplete as any other.
        Err(err) if err.as_response_error().status_code() == StatusCode::UNSUPPORTED_MEDIA_TYPE => return invalid,
        Err(err) => return err.error_response(),
    };
    let username = match &form.username {
        Some(name) if !name.is_empty() && name.chars().count() <= 100 => name.as_str(),
        _ => return invalid,
    };
    let (page, photo) = match (&form.profile_page, &form.profile_photo) {
        (Some(page), Some(photo)) => (String::from_utf8_lossy(&page.data).into_owned(), &photo.data),
        _ => return invalid,
    };
    if !photo.starts_with(PNG_SIGNATURE) {
        return HttpResponse::BadRequest().json(json!({"error": "The photo must be a PNG"}));
    }
    let db = state.db.lock().unwrap();
    match db.execute(
        "INSERT INTO profiles (username, page, photo) VALUES (?1, ?2, ?3)",
        params![username, sanitize(&page), photo.as_ref()],
    ) {
        Ok(_) => HttpResponse::Created().json(json!({"message": "Profile created successfully"})),
        Err(_) => HttpResponse::Forbidden().json(json!({"error": "Profile already exists"})),
    }
}

async fn profile(state: web::Data<State>, path: web::Path<String>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let page: Option<String> = db
        .query_row("SELECT page FROM profiles WHERE username = ?1", params![path.as_str()], |r| r.get(0))
        .optional()
        .unwrap_or(None);
    match page {
        Some(page) => HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page),
        None => HttpResponse::NotFound().json(json!({"error": "Profile not found"})),
    }
}

async fn profile_photo(state: web::Data<State>, path: web::Path<String>) -> HttpResponse {
    let db = state.db.lock().unwrap();
    let photo: Option<Vec<u8>> = db
        .query_row("SELECT photo FROM profiles WHERE username = ?1", params![path.as_str()], |r| r.get(0))
        .optional()
        .unwrap_or(None);
    match photo {
        Some(photo) => HttpResponse::Ok().content_type("image/png").body(photo),
        None => HttpResponse::NotFound().json(json!({"error": "Profile photo not found"})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db = Connection::open("db.sqlite3").expect("cannot open db.sqlite3");
    db.execute(
        "CREATE TABLE IF NOT EXISTS profiles (username TEXT PRIMARY KEY, page TEXT NOT NULL, photo BLOB NOT NULL)",
        [],
    )
    .expect("cannot create the profiles table");
    let state = web::Data::new(State { db: Mutex::new(db) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(
                MultipartFormConfig::default().total_limit(usize::MAX).memory_limit(usize::MAX),
            )
            .route("/add_profile", web::post().to(add_profile))
            .route("/profile/{username}", web::get().to(profile))
            .route("/profile-photo/{username}", web::get().to(profile_photo))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
