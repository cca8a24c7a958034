package main

import (
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"time"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// The comparison operator is looked up in this fixed table, never taken from the request text.
var operators = map[string]string{"<": "<", ">": ">", "<=": "<=", ">=": ">="}

type click struct {
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func registerClick(w http.ResponseWriter, r *http.Request) {
	stamp := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	if _, err := db.Exec("INSERT INTO clicks (id, timestamp) VALUES (?, ?)", uuid.NewString(), stamp); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the click"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Click registered successfully"})
}

func listClicks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	day, err := time.Parse("2006-01-02", q.Get("date"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "date must be YYYY-MM-DD"})
		return
	}
	op, ok := operators[q.Get("direction")]
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "direction must be one of <, >, <=, >="})
		return
	}
	rows, err := db.Query("SELECT id, timestamp FROM clicks WHERE timestamp "+op+" ? ORDER BY timestamp",
		day.Format("2006-01-02"))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "query failed"})
		return
	}
	defer rows.Close()
	clicks := []click{}
	for rows.Next() {
		var c click
		if err := rows.Scan(&c.ID, &c.Timestamp); err == nil {
			clicks = append(clicks, c)
		}
	}
	if len(clicks) == 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "No clicks found"})
		return
	}
	writeJSON(w, http.StatusOK, clicks)
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /click", registerClick)
	mux.HandleFunc("GET /clicks", listClicks)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
