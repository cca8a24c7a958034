package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

type entry struct {
	ID             string `json:"id"`
	Title          string `json:"title"`
	Content        string `json:"content"`
	CreatedBy      string `json:"-"`
	LastModifiedBy string `json:"lastModifiedBy"`
	LastModifiedAt string `json:"lastModifiedAt"`
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func htmlPage(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>",
		html.EscapeString(title), body)
}

func notFound(w http.ResponseWriter) {
	htmlPage(w, http.StatusNotFound, "Not found", "<h1>Entry not found</h1>")
}

// findEntry looks the entry up by its id, always as a bound parameter.
func findEntry(id string) (*entry, bool) {
	var e entry
	err := db.QueryRow(`SELECT id, title, content, created_by, last_modified_by, last_modified_at
		FROM entries WHERE id = ?`, id).Scan(&e.ID, &e.Title, &e.Content, &e.CreatedBy, &e.LastModifiedBy, &e.LastModifiedAt)
	return &e, err == nil
}

// decodeStrings reads a JSON object in which every named field is a string.
func decodeStrings(r *http.Request, names ...string) ([]string, bool) {
	var raw map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 5<<20)).Decode(&raw); err != nil {
		return nil, false
	}
	values := make([]string, len(names))
	for i, name := range names {
		s, ok := raw[name].(string)
		if !ok {
			return nil, false
		}
		values[i] = s
	}
	return values, true
}

func listEntries(w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query("SELECT id, title FROM entries ORDER BY id")
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var items strings.Builder
	for rows.Next() {
		var id int64
		var title string
		if rows.Scan(&id, &title) == nil {
			fmt.Fprintf(&items, "<li><a href='/entries/%d'>%s</a></li>", id, title)
		}
	}
	htmlPage(w, http.StatusOK, "Wiki entries", "<h1>Wiki entries</h1><ul>"+items.String()+"</ul>")
}

func createEntry(w http.ResponseWriter, r *http.Request) {
	fields, ok := decodeStrings(r, "title", "content", "createdBy")
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "title, content and createdBy are required strings"})
		return
	}
	res, err := db.Exec(`INSERT INTO entries (title, content, created_by, last_modified_by, last_modified_at)
		VALUES (?, ?, ?, ?, ?)`, fields[0], fields[1], fields[2], fields[2], now())
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the entry"})
		return
	}
	id, _ := res.LastInsertId()
	e, _ := findEntry(fmt.Sprint(id))
	writeJSON(w, http.StatusCreated, e)
}

func showEntry(w http.ResponseWriter, r *http.Request) {
	e, ok := findEntry(r.PathValue("id"))
	if !ok {
		notFound(w)
		return
	}
	contributors := []string{e.CreatedBy}
	seen := map[string]bool{e.CreatedBy: true}
	if rows, err := db.Query("SELECT modified_by FROM edits WHERE entry_id = ? ORDER BY id", e.ID); err == nil {
		defer rows.Close()
		for rows.Next() {
			var by string
			if rows.Scan(&by) == nil && !seen[by] {
				seen[by] = true
				contributors = append(contributors, by)
			}
		}
	}
	var people strings.Builder
	for _, p := range contributors {
		fmt.Fprintf(&people, "<li>%s</li>", html.EscapeString(p))
	}
	body := fmt.Sprintf("<h1>%s</h1><div class='content'>%s</div><p>Last edited %s by %s</p>"+
		"<h2>Contributors</h2><ul>%s</ul><p><a href='/entries/%s/edits'>History</a></p>",
		e.Title, e.Content, e.LastModifiedAt, e.LastModifiedBy, people.String(), e.ID)
	htmlPage(w, http.StatusOK, e.Title, body)
}

func updateEntry(w http.ResponseWriter, r *http.Request) {
	e, ok := findEntry(r.PathValue("id"))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Entry not found"})
		return
	}
	fields, ok := decodeStrings(r, "content", "modifiedBy", "summary")
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "content, modifiedBy and summary are required strings"})
		return
	}
	stamp := now()
	tx, err := db.Begin()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "database unavailable"})
		return
	}
	defer tx.Rollback()
	_, err1 := tx.Exec(`INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary, modified_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.Content, fields[0], fields[1], fields[2], stamp)
	_, err2 := tx.Exec("UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? WHERE id = ?",
		fields[0], fields[1], stamp, e.ID)
	if err1 != nil || err2 != nil || tx.Commit() != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the edit"})
		return
	}
	e, _ = findEntry(e.ID)
	writeJSON(w, http.StatusOK, e)
}

// lineDiff shows the change from old to new line by line: lines both share (a longest common
// subsequence) unmarked, removed lines with "-", added lines with "+".
func lineDiff(old, new string) string {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	lines := []string{"--- before", "+++ after"}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, " "+a[i])
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			lines = append(lines, "+"+b[j])
			j++
		default:
			lines = append(lines, "-"+a[i])
			i++
		}
	}
	return strings.Join(lines, "\n")
}

func listEdits(w http.ResponseWriter, r *http.Request) {
	e, ok := findEntry(r.PathValue("id"))
	if !ok {
		notFound(w)
		return
	}
	rows, err := db.Query(`SELECT old_content, new_content, modified_by, summary, modified_at
		FROM edits WHERE entry_id = ? ORDER BY id`, e.ID)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var items strings.Builder
	for rows.Next() {
		var old, new, by, summary, at string
		if rows.Scan(&old, &new, &by, &summary, &at) != nil {
			continue
		}
		fmt.Fprintf(&items, "<li><p><b>%s</b> by %s at %s</p><pre>%s</pre></li>", html.EscapeString(summary),
			html.EscapeString(by), html.EscapeString(at), html.EscapeString(lineDiff(old, new)))
	}
	htmlPage(w, http.StatusOK, "History of "+e.Title,
		"<h1>History of "+html.EscapeString(e.Title)+"</h1><ol>"+items.String()+"</ol>")
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL,
			created_by TEXT NOT NULL, last_modified_by TEXT NOT NULL, last_modified_at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL,
			old_content TEXT NOT NULL, new_content TEXT NOT NULL, modified_by TEXT NOT NULL,
			summary TEXT NOT NULL, modified_at TEXT NOT NULL)`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /entries", listEntries)
	mux.HandleFunc("POST /entries", createEntry)
	mux.HandleFunc("GET /entries/{id}", showEntry)
	mux.HandleFunc("PUT /entries/{id}", updateEntry)
	mux.HandleFunc("GET /entries/{id}/edits", listEdits)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
