package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sort"
	"strings"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func associateCard(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CreditCard string `json:"credit_card"`
		Phone      string `json:"phone"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.CreditCard == "" || in.Phone == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "credit_card and phone must be strings"})
		return
	}
	if _, err := db.Exec("INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)", in.CreditCard, in.Phone); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the association"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Association created successfully"})
}

func retrieveCards(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PhoneNumbers *[]string `json:"phone_numbers"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.PhoneNumbers == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "phone_numbers must be an array of strings"})
		return
	}
	seen := map[string]bool{}
	args := []any{}
	for _, p := range *in.PhoneNumbers {
		if !seen[p] {
			seen[p] = true
			args = append(args, p)
		}
	}
	if len(args) == 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not found"})
		return
	}
	quoted := make([]string, len(args))
	for i, p := range args {
		quoted[i] = "'" + p.(string) + "'"
	}
	rows, err := db.Query(fmt.Sprintf("SELECT credit_card FROM cards WHERE phone IN (%s) "+
		"GROUP BY credit_card HAVING COUNT(DISTINCT phone) = %d", strings.Join(quoted, ", "), len(args)))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "query failed"})
		return
	}
	defer rows.Close()
	cards := []string{}
	for rows.Next() {
		var c string
		if rows.Scan(&c) == nil {
			cards = append(cards, c)
		}
	}
	if len(cards) == 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not found"})
		return
	}
	sort.Strings(cards)
	writeJSON(w, http.StatusOK, map[string][]string{"card_numbers": cards})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL,
		UNIQUE (credit_card, phone))`); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /associate_card", associateCard)
	mux.HandleFunc("POST /retrieve_cards", retrieveCards)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
