use actix_web::{web, App, HttpResponse, HttpServer};
use serde::Deserialize;
use serde_json::json;

// A recursive-descent evaluator for + - * / with parentheses and unary signs.
struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Option<u8> {
        while self.pos < self.src.len() && (self.src[self.pos] == b' ' || self.src[self.pos] == b'\t') {
            self.pos += 1;
        }
        self.src.get(self.pos).copied()
    }

    fn expr(&mut self) -> Result<f64, String> {
        let mut left = self.term()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.pos += 1;
            let right = self.term()?;
            left = if op == b'+' { left + right } else { left - right };
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<f64, String> {
        let mut left = self.factor()?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.pos += 1;
            let right = self.factor()?;
            if op == b'*' {
                left *= right;
            } else if right == 0.0 {
                return Err("division by zero".into());
            } else {
                left /= right;
            }
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<f64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("too deeply nested".into());
        }
        let value = match self.peek() {
            Some(sign @ (b'+' | b'-')) => {
                self.pos += 1;
                let v = self.factor()?;
                if sign == b'-' { -v } else { v }
            }
            Some(b'(') => {
                self.pos += 1;
                let v = self.expr()?;
                if self.peek() != Some(b')') {
                    return Err("missing )".into());
                }
                self.pos += 1;
                v
            }
            Some(c) if c.is_ascii_digit() || c == b'.' => {
                let start = self.pos;
                while self.pos < self.src.len() && (self.src[self.pos].is_ascii_digit() || self.src[self.pos] == b'.') {
                    self.pos += 1;
                }
                let text = std::str::from_utf8(&self.src[start..self.pos]).map_err(|e| e.to_string())?;
                text.parse::<f64>().map_err(|e| e.to_string())?
            }
            _ => return Err("unexpected input".into()),
        };
        self.depth -= 1;
        Ok(value)
    }
}

fn evaluate(expression: &str) -> Result<String, String> {
    let mut parser = Parser { src: expression.as_bytes(), pos: 0, depth: 0 };
    let value = parser.expr()?;
    if parser.peek().is_some() || !value.is_finite() {
        return Err("invalid expression".into());
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Ok(format!("{}", value as i64))
    } else {
        Ok(format!("{}", value))
    }
}

#[derive(Deserialize)]
struct Request {
    expression: Option<String>,
}

async fn calculator(body: web::Json<Request>) -> HttpResponse {
    match body.expression.as_deref() {
        Some(e) if e.len() <= 1000 => match evaluate(e) {
            Ok(result) => HttpResponse::Ok().json(json!({"result": result})),
            Err(_) => HttpResponse::BadRequest().json(json!({"error": "Invalid input"})),
        },
        _ => HttpResponse::BadRequest().json(json!({"error": "Invalid input"})),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().route("/calculator", web::post().to(calculator)))
        .bind(("0.0.0.0", 5000))?
        .run()
        .await
}
