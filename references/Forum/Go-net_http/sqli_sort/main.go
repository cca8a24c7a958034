package main

import (
	"database/sql"
	"encoding/json"
	"html/template"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// html/template escapes every value it inserts.
var page = template.Must(template.New("forum").Parse(`<!DOCTYPE html>
<html><head><title>Forum</title></head><body><ul>
{{range .}}<li><b>{{.Username}}</b>: {{.Content}}</li>
{{end}}</ul></body></html>`))

type message struct {
	Content  string `json:"content"`
	Username string `json:"username"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func intParam(r *http.Request, name string, def int) (int, bool) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, true
	}
	n, err := strconv.Atoi(raw)
	return n, err == nil && n >= 0
}

func listMessages(w http.ResponseWriter, r *http.Request) {
	limit, ok1 := intParam(r, "limit", 10)
	offset, ok2 := intParam(r, "offset", 0)
	sortParam := strings.ToUpper(r.URL.Query().Get("sort"))
	if sortParam == "" {
		sortParam = "DESC"
	}
	order, ok3 := r.URL.Query().Get("sort"), true
	if order == "" {
		order = "DESC"
	}
	if !ok1 || !ok2 || !ok3 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "limit and offset must be non-negative integers, sort ASC or DESC"})
		return
	}
	if limit > 1000 {
		limit = 1000
	}
	rows, err := db.Query("SELECT content, username FROM messages ORDER BY created "+order+", id "+order+
		" LIMIT ? OFFSET ?", limit, offset)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid query"})
		return
	}
	defer rows.Close()
	messages := []message{}
	for rows.Next() {
		var m message
		if rows.Scan(&m.Content, &m.Username) == nil {
			messages = append(messages, m)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = page.Execute(w, messages)
}

func postMessage(w http.ResponseWriter, r *http.Request) {
	var m message
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.Content == "" || m.Username == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "content and username must be non-empty strings"})
		return
	}
	if _, err := db.Exec("INSERT INTO messages (content, username, created) VALUES (?, ?, ?)",
		m.Content, m.Username, float64(time.Now().UnixNano())/1e9); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the message"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Message posted"})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
		content TEXT NOT NULL, username TEXT NOT NULL, created REAL NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /messages", listMessages)
	mux.HandleFunc("POST /messages", postMessage)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
