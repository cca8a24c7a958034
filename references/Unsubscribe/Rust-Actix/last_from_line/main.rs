use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;

const PHRASES: [&str; 5] = ["unsubscribe", "remove me", "deregister me", "stop sending me", "delete me"];

/// The header lines (folded lines joined) and the body, split at the first empty line.
fn split_message(raw: &str) -> (Vec<String>, String) {
    let normalized = raw.replace("\r\n", "\n");
    let (head, body) = match normalized.find("\n\n") {
        Some(end) => (normalized[..end].to_string(), normalized[end + 2..].to_string()),
        None => (normalized.clone(), String::new()),
    };
    let mut headers: Vec<String> = Vec::new();
    for line in head.lines() {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(last) = headers.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
                continue;
            }
        }
        headers.push(line.to_string());
    }
    (headers, body)
}

fn is_address_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | ',' | ';')
}

/// The bare address of the From header: the one in angle brackets, or the first word with an @.
fn sender_address(headers: &[String]) -> String {
    let value = match headers.iter().find_map(|h| {
        let (name, value) = h.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("from") { Some(value.to_string()) } else { None }
    }) {
        Some(value) => value,
        None => return String::new(),
    };
    if let (Some(open), Some(close)) = (value.rfind('<'), value.rfind('>')) {
        if open < close {
            let inner = value[open + 1..close].trim();
            if inner.contains('@') {
                return inner.to_string();
            }
        }
    }
    // Drop quoted display names, then take the first token that looks like an address.
    let mut unquoted = String::new();
    let mut quoted = false;
    for c in value.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            unquoted.push(c);
        }
    }
    unquoted
        .split(|c: char| !is_address_char(c))
        .find(|token| token.contains('@'))
        .unwrap_or("")
        .to_string()
}

async fn decide_unsubscribe(body: String) -> HttpResponse {
    let (_, text) = split_message(&body);
    let headers: Vec<String> = body.lines().rev().map(String::from).collect();
    let text = text.to_lowercase();
    HttpResponse::Ok().json(json!({
        "email": sender_address(&headers),
        "unsubscribe": PHRASES.iter().any(|p| text.contains(p)),
    }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .app_data(web::PayloadConfig::new(1 << 20))
            .route("/decideUnsubscribe", web::post().to(decide_unsubscribe))
    })
    .bind(("0.0.0.0", 5000))?
    .run()
    .await
}
