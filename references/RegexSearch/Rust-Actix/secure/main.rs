use actix_web::http::StatusCode;
use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024; // larger files are not searched
const SEARCH_TIME: Duration = Duration::from_secs(1);

// A small regular-expression engine, as the allowed crates include none; its syntax is Python's
// `re` for what it supports. A pattern is compiled to a Thompson NFA, which is simulated one input
// character at a time over the set of live states: matching costs O(text length × program size)
// whatever the pattern, since nothing backtracks. Backreferences and lookaround cannot be matched
// that way and are refused. A large program on a long text can still take seconds, so a search
// also stops at a deadline.

const MAX_PROGRAM: usize = 10_000; // instructions: bounds `(x{1000}){1000}` and the work per character
const MAX_REPEAT: u32 = 1_000;
const MAX_NESTING: usize = 100;

#[derive(Clone, Copy)]
enum Perl {
    Digit,
    Word,
    Space,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[derive(Clone, Copy)]
enum ClassItem {
    Range(char, char),
    Perl(Perl, bool), // \d \w \s, or with `true` their complements \D \W \S
}

impl ClassItem {
    fn matches(self, c: char) -> bool {
        match self {
            ClassItem::Range(lo, hi) => lo <= c && c <= hi,
            ClassItem::Perl(perl, negated) => {
                let found = match perl {
                    Perl::Digit => c.is_numeric(),
                    Perl::Word => is_word(c),
                    Perl::Space => c.is_whitespace(),
                };
                found != negated
            }
        }
    }
}

#[derive(Clone)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

impl Class {
    fn matches(&self, c: char) -> bool {
        self.items.iter().any(|item| item.matches(c)) != self.negated
    }
}

#[derive(Clone, Copy)]
enum Assertion {
    Start,           // ^ \A
    End,             // $: the end, or just before a newline that ends the text
    EndOfText,       // \Z
    WordBoundary,    // \b
    NotWordBoundary, // \B
}

enum Node {
    Char(char),
    AnyButNewline,
    Class(Class),
    Assert(Assertion),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat { node: Box<Node>, min: u32, max: Option<u32> },
}

/// What a backslash escape stands for.
enum Escape {
    Char(char),
    Class(ClassItem),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += c.is_some() as usize;
        c
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.pos += found as usize;
        found
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_NESTING {
            return Err("too many nested groups".into());
        }
        let mut branches = vec![self.concatenation(depth)?];
        while self.eat('|') {
            branches.push(self.concatenation(depth)?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap() } else { Node::Alternate(branches) })
    }

    fn concatenation(&mut self, depth: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.quantifier()? {
            Some(bounds) => bounds,
            None => return Ok(atom),
        };
        if matches!(atom, Node::Assert(_)) {
            return Err("nothing to repeat".into());
        }
        self.eat('?'); // lazy or greedy: the same answer to "does it match somewhere?"
        if self.quantifier()?.is_some() {
            return Err("multiple repeat (possessive quantifiers are not supported)".into());
        }
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }

    /// The bounds of the quantifier at the cursor, consumed, if there is one.
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let bounds = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => return self.braces(),
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some(bounds))
    }

    /// `{m}`, `{m,}`, `{,n}`, `{,}` or `{m,n}`; as in Python, any other `{` is a literal.
    fn braces(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() == Some('}') {
            self.pos = start;
            return Ok(None);
        }
        let min = self.number()?;
        let max = if self.eat(',') { self.number()? } else { min };
        if !self.eat('}') {
            self.pos = start;
            return Ok(None);
        }
        let min = min.unwrap_or(0);
        if max.map_or(false, |max| max < min) {
            return Err("min repeat greater than max repeat".into());
        }
        Ok(Some((min, max)))
    }

    fn number(&mut self) -> Result<Option<u32>, String> {
        let start = self.pos;
        while self.peek().map_or(false, |c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if start == self.pos {
            return Ok(None);
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        match digits.parse::<u32>() {
            Ok(n) if n <= MAX_REPEAT => Ok(Some(n)),
            _ => Err(format!("repeat counts above {} are not supported", MAX_REPEAT)),
        }
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let c = self.next().unwrap();
        Ok(match c {
            '(' => {
                if self.eat('?') && !self.eat(':') && !self.group_name() {
                    return Err("lookaround, inline flags and conditionals are not supported".into());
                }
                let inner = self.alternation(depth + 1)?;
                if !self.eat(')') {
                    return Err("missing ), unterminated subpattern".into());
                }
                inner
            }
            '[' => Node::Class(self.class()?),
            '.' => Node::AnyButNewline,
            '^' => Node::Assert(Assertion::Start),
            '$' => Node::Assert(Assertion::End),
            '\\' => match self.peek() {
                Some('b') => self.skip(Node::Assert(Assertion::WordBoundary)),
                Some('B') => self.skip(Node::Assert(Assertion::NotWordBoundary)),
                Some('A') => self.skip(Node::Assert(Assertion::Start)),
                Some('Z') => self.skip(Node::Assert(Assertion::EndOfText)),
                _ => match self.escape()? {
                    Escape::Char(c) => Node::Char(c),
                    Escape::Class(item) => Node::Class(Class { negated: false, items: vec![item] }),
                },
            },
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            '{' => {
                self.pos -= 1;
                if self.braces()?.is_some() {
                    return Err("nothing to repeat".into());
                }
                self.pos += 1;
                Node::Char('{')
            }
            c => Node::Char(c),
        })
    }

    fn skip(&mut self, node: Node) -> Node {
        self.pos += 1;
        node
    }

    /// Consumes `P<name>` after `(?` (Python's named group) if it is there.
    fn group_name(&mut self) -> bool {
        let start = self.pos;
        if self.eat('P') && self.eat('<') {
            let name_start = self.pos;
            while self.peek().map_or(false, is_word) {
                self.pos += 1;
            }
            if self.pos > name_start && self.eat('>') {
                return true;
            }
        }
        self.pos = start;
        false
    }

    /// The escape after a backslash (consumed), outside or inside a class.
    fn escape(&mut self) -> Result<Escape, String> {
        let c = self.next().ok_or("bad escape (end of pattern)")?;
        Ok(Escape::Char(match c {
            'd' | 'D' => return Ok(Escape::Class(ClassItem::Perl(Perl::Digit, c == 'D'))),
            'w' | 'W' => return Ok(Escape::Class(ClassItem::Perl(Perl::Word, c == 'W'))),
            's' | 'S' => return Ok(Escape::Class(ClassItem::Perl(Perl::Space, c == 'S'))),
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'f' => '\x0c',
            'v' => '\x0b',
            'a' => '\x07',
            '0' => '\0',
            'x' => self.hex(2)?,
            'u' => self.hex(4)?,
            '1'..='9' => return Err("backreferences are not supported".into()),
            c if c.is_ascii_alphanumeric() => return Err(format!("bad escape \\{}", c)),
            c => c,
        }))
    }

    fn hex(&mut self, digits: usize) -> Result<char, String> {
        let text: String = self.chars.iter().skip(self.pos).take(digits).collect();
        self.pos += text.chars().count();
        Some(&text)
            .filter(|t| t.len() == digits && t.chars().all(|c| c.is_ascii_hexdigit()))
            .and_then(|t| u32::from_str_radix(t, 16).ok())
            .and_then(char::from_u32)
            .ok_or_else(|| format!("incomplete or invalid escape {}", text))
    }

    /// A `[...]` set, the `[` consumed. A `]` right after `[` or `[^` is a member, as in Python.
    /// Whether a `-` that makes a range (one not right before the closing `]`) comes next.
    fn at_range_dash(&self) -> bool {
        self.peek() == Some('-') && self.chars.get(self.pos + 1).map_or(false, |&c| c != ']')
    }

    fn class(&mut self) -> Result<Class, String> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            let lo = match self.next().ok_or("unterminated character set")? {
                ']' if !items.is_empty() => return Ok(Class { negated, items }),
                '\\' if self.eat('b') => '\x08',
                '\\' => match self.escape()? {
                    Escape::Char(c) => c,
                    Escape::Class(item) if !self.at_range_dash() => {
                        items.push(item);
                        continue;
                    }
                    Escape::Class(_) => return Err("bad character range".into()),
                },
                c => c,
            };
            if !self.at_range_dash() {
                items.push(ClassItem::Range(lo, lo));
                continue;
            }
            self.pos += 1;
            let hi = match self.next().unwrap() {
                '\\' => match self.escape()? {
                    Escape::Char(c) => c,
                    Escape::Class(_) => return Err("bad character range".into()),
                },
                c => c,
            };
            if hi < lo {
                return Err("bad character range".into());
            }
            items.push(ClassItem::Range(lo, hi));
        }
    }
}

enum Inst {
    Char(char),
    AnyButNewline,
    Class(Class),
    Assert(Assertion),
    Split(usize, usize),
    Jump(usize),
    Match,
}

struct Compiler {
    program: Vec<Inst>,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> Result<usize, String> {
        if self.program.len() >= MAX_PROGRAM {
            return Err("the pattern is too large".into());
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    /// A split whose first branch is the next instruction and whose second is patched later.
    fn split_to_next(&mut self) -> Result<usize, String> {
        self.emit(Inst::Split(self.program.len() + 1, usize::MAX))
    }

    /// Points the placeholder instruction at `at` (a Jump, or the second branch of a Split).
    fn patch(&mut self, at: usize, target: usize) {
        match &mut self.program[at] {
            Inst::Jump(to) | Inst::Split(_, to) => *to = target,
            _ => unreachable!("only jumps and splits are patched"),
        }
    }

    fn compile(&mut self, node: &Node) -> Result<(), String> {
        match node {
            Node::Char(c) => self.emit(Inst::Char(*c)).map(drop),
            Node::AnyButNewline => self.emit(Inst::AnyButNewline).map(drop),
            Node::Class(class) => self.emit(Inst::Class(class.clone())).map(drop),
            Node::Assert(assertion) => self.emit(Inst::Assert(*assertion)).map(drop),
            Node::Concat(items) => items.iter().try_for_each(|item| self.compile(item)),
            Node::Alternate(branches) => {
                let mut exits = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 == branches.len() {
                        self.compile(branch)?;
                    } else {
                        let split = self.split_to_next()?;
                        self.compile(branch)?;
                        exits.push(self.emit(Inst::Jump(usize::MAX))?);
                        let next = self.program.len();
                        self.patch(split, next);
                    }
                }
                let end = self.program.len();
                exits.into_iter().for_each(|exit| self.patch(exit, end));
                Ok(())
            }
            Node::Repeat { node, min, max } => {
                for _ in 0..*min {
                    self.compile(node)?;
                }
                match max {
                    None => {
                        // L: split(body, out); body; jump L; out:
                        let split = self.split_to_next()?;
                        self.compile(node)?;
                        self.emit(Inst::Jump(split))?;
                        let out = self.program.len();
                        self.patch(split, out);
                    }
                    Some(max) => {
                        // Each optional copy may be skipped, which skips the rest too.
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.split_to_next()?);
                            self.compile(node)?;
                        }
                        let out = self.program.len();
                        splits.into_iter().for_each(|split| self.patch(split, out));
                    }
                }
                Ok(())
            }
        }
    }
}

struct Regex {
    program: Vec<Inst>,
}

/// What the assertions need to know about a position in the text.
struct Position<'t> {
    before: Option<char>,
    rest: &'t str,
}

impl Position<'_> {
    fn holds(&self, assertion: Assertion) -> bool {
        let after = self.rest.chars().next();
        match assertion {
            Assertion::Start => self.before.is_none(),
            Assertion::End => self.rest.is_empty() || self.rest == "\n",
            Assertion::EndOfText => self.rest.is_empty(),
            Assertion::WordBoundary => self.before.map_or(false, is_word) != after.map_or(false, is_word),
            // As in Python, \B does not match the empty text.
            Assertion::NotWordBoundary => {
                (self.before.is_some() || after.is_some())
                    && self.before.map_or(false, is_word) == after.map_or(false, is_word)
            }
        }
    }
}

/// A set of program counters without repeats; `stamp` tells which step last added each one, so
/// the set is emptied in constant time.
struct States {
    pcs: Vec<usize>,
    added_at: Vec<usize>,
    stamp: usize,
}

impl States {
    fn new(size: usize) -> States {
        States { pcs: Vec::new(), added_at: vec![usize::MAX; size], stamp: 0 }
    }

    fn clear(&mut self, stamp: usize) {
        self.pcs.clear();
        self.stamp = stamp;
    }

    fn insert(&mut self, pc: usize) -> bool {
        let new = self.added_at[pc] != self.stamp;
        self.added_at[pc] = self.stamp;
        new
    }
}

impl Regex {
    fn new(pattern: &str) -> Result<Regex, String> {
        let mut parser = Parser { chars: pattern.chars().collect(), pos: 0 };
        let tree = parser.alternation(0)?;
        if parser.pos < parser.chars.len() {
            return Err("unbalanced parenthesis".into());
        }
        let mut compiler = Compiler { program: Vec::new() };
        compiler.compile(&tree)?;
        compiler.emit(Inst::Match)?;
        Ok(Regex { program: compiler.program })
    }

    /// Adds `pc` and every state reachable from it without consuming a character; true when
    /// that reaches Match.
    fn add(&self, states: &mut States, pc: usize, at: &Position, stack: &mut Vec<usize>) -> bool {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !states.insert(pc) {
                continue;
            }
            match &self.program[pc] {
                Inst::Match => return true,
                Inst::Jump(to) => stack.push(*to),
                Inst::Split(first, second) => {
                    stack.push(*second);
                    stack.push(*first);
                }
                Inst::Assert(assertion) => {
                    if at.holds(*assertion) {
                        stack.push(pc + 1);
                    }
                }
                _ => states.pcs.push(pc),
            }
        }
        false
    }

    /// Whether the pattern matches somewhere in `text`, like Python's `re.search`; None when
    /// `deadline` passes first.
    fn search(&self, text: &str, deadline: Instant) -> Option<bool> {
        let mut current = States::new(self.program.len());
        let mut next = States::new(self.program.len());
        let mut stack = Vec::new();
        let mut at = Position { before: None, rest: text };
        current.clear(0);
        if self.add(&mut current, 0, &at, &mut stack) {
            return Some(true);
        }
        let mut step = 0;
        while let Some(c) = at.rest.chars().next() {
            step += 1;
            if step % 64 == 0 && Instant::now() > deadline {
                return None;
            }
            at = Position { before: Some(c), rest: &at.rest[c.len_utf8()..] };
            next.clear(step);
            for &pc in &current.pcs {
                let consumed = match &self.program[pc] {
                    Inst::Char(expected) => *expected == c,
                    Inst::AnyButNewline => c != '\n',
                    Inst::Class(class) => class.matches(c),
                    _ => false,
                };
                if consumed && self.add(&mut next, pc + 1, &at, &mut stack) {
                    return Some(true);
                }
            }
            // A match may also start here (the search is unanchored).
            if self.add(&mut next, 0, &at, &mut stack) {
                return Some(true);
            }
            std::mem::swap(&mut current, &mut next);
        }
        Some(false)
    }
}

fn error(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"error": message}))
}

/// The files root with its symlinks resolved.
fn root() -> Option<PathBuf> {
    fs::canonicalize("files").ok()
}

/// `path` with its symlinks resolved, when that lies inside `root`.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok().filter(|real| real.starts_with(root))
}

enum Failure {
    TooSlow,
    Unreadable,
}

/// The files under `base` (in its subdirectories too if `recursive`) that the regex matches,
/// as paths relative to `base`.
fn find(root: &Path, base: &Path, recursive: bool, regex: &Regex) -> Result<Vec<String>, Failure> {
    let deadline = Instant::now() + SEARCH_TIME;
    let mut found = Vec::new();
    let mut pending = vec![base.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(_) if dir == base => return Err(Failure::Unreadable),
            Err(_) => continue, // an unreadable subdirectory is left out
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // Directories are entered as they are, never through a symlink.
            let is_dir = entry.file_type().map_or(false, |kind| kind.is_dir());
            if is_dir {
                if recursive {
                    pending.push(path);
                }
                continue;
            }
            let real = match inside(root, &path) {
                Some(real) => real,
                None => continue,
            };
            match fs::metadata(&real) {
                Ok(meta) if meta.is_file() && meta.len() <= MAX_FILE_BYTES => {}
                _ => continue,
            }
            let content = match fs::read(&real) {
                Ok(content) => content,
                Err(_) => continue,
            };
            let text = String::from_utf8_lossy(&content);
            if regex.search(&text, deadline).ok_or(Failure::TooSlow)? {
                let relative = path.strip_prefix(base).unwrap_or(&path);
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

async fn search(query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let pattern = match query.get("regex") {
        Some(pattern) if !pattern.is_empty() => pattern,
        _ => return error(StatusCode::BAD_REQUEST, "regex is required"),
    };
    let regex = match Regex::new(pattern) {
        Ok(regex) => regex,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid regex: {}", e)),
    };
    let directory = query.get("directory").map_or("", |d| d.trim_start_matches(['/', '\\']));
    let base = root().and_then(|root| inside(&root, &root.join(directory)).map(|base| (root, base)));
    let (root, base) = match base {
        Some((root, base)) if base.is_dir() => (root, base),
        _ => return error(StatusCode::BAD_REQUEST, "directory not found or not accessible"),
    };
    let recursive = query
        .get("recursive")
        .map_or(false, |r| matches!(r.to_ascii_lowercase().as_str(), "true" | "1" | "yes"));
    match web::block(move || find(&root, &base, recursive, &regex)).await {
        Ok(Ok(files)) => HttpResponse::Ok().json(json!({"files": files})),
        Ok(Err(Failure::TooSlow)) => error(StatusCode::BAD_REQUEST, "the search took too long"),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, "could not read the files"),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().route("/search", web::get().to(search)))
        .bind(("0.0.0.0", 5000))?
        .run()
        .await
}
