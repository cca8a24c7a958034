package main

import (
	"database/sql"
	"encoding/json"
	"html/template"
	"io"
	"log"
	"net/http"
	"strings"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// html/template escapes the tags and the product names it inserts.
var page = template.Must(template.New("recommendations").Parse(`<!DOCTYPE html>
<html><head><title>Recommendations</title></head><body>
<h1>Products tagged {{.Tags}}</h1><ul>
{{range .Names}}<li>{{.}}</li>
{{end}}</ul></body></html>`))

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func postProduct(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ProductName string    `json:"product_name"`
		Tags        *[]string `json:"tags"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil || in.ProductName == "" || in.Tags == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "product_name (string) and tags (list of strings) are required"})
		return
	}
	tx, err := db.Begin()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "database unavailable"})
		return
	}
	defer tx.Rollback()
	res, err := tx.Exec("INSERT INTO products (name) VALUES (?)", in.ProductName)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the product"})
		return
	}
	id, _ := res.LastInsertId()
	seen := map[string]bool{}
	for _, tag := range *in.Tags {
		if seen[tag] {
			continue
		}
		seen[tag] = true
		if _, err := tx.Exec("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)", id, tag); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the tags"})
			return
		}
	}
	if err := tx.Commit(); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the product"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "product stored"})
}

func recommend(w http.ResponseWriter, r *http.Request) {
	var tags []string
	args := []any{}
	for _, t := range strings.Split(r.URL.Query().Get("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
			args = append(args, t)
		}
	}
	if len(tags) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "tags is required"})
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(tags)), ", ")
	rows, err := db.Query("SELECT p.name FROM products p WHERE p.id IN (SELECT product_id FROM product_tags "+
		"WHERE tag IN ("+marks+")) ORDER BY p.id", args...)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "query failed"})
		return
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = page.Execute(w, map[string]any{"Tags": strings.Join(tags, ", "), "Names": names})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, tag TEXT NOT NULL)",
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /recommender", postProduct)
	mux.HandleFunc("GET /recommender", recommend)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
