package main

import (
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"strconv"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

type item struct {
	ItemID int64 `json:"item_id"`
	Count  int64 `json:"count"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func decode(r *http.Request, into any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(into)
}

func cartExists(id string) bool {
	var one int
	return db.QueryRow("SELECT 1 FROM carts WHERE id = ?", id).Scan(&one) == nil
}

func createCart(w http.ResponseWriter, r *http.Request) {
	var n int
	_ = db.QueryRow("SELECT COUNT(*) FROM carts").Scan(&n)
	id := strconv.Itoa(n + 1)
	if _, err := db.Exec("INSERT INTO carts (id) VALUES (?)", id); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not create the cart"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"cart_id": id})
}

func addToCart(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CartID *string `json:"cart_id"`
		ItemID *int64  `json:"item_id"`
		Count  *int64  `json:"count"`
	}
	if err := decode(r, &in); err != nil || in.CartID == nil || in.ItemID == nil || in.Count == nil || *in.Count == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "cart_id (string), item_id and count (non-zero integers) are required"})
		return
	}
	if !cartExists(*in.CartID) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "cart not found"})
		return
	}
	tx, err := db.Begin()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "database unavailable"})
		return
	}
	defer tx.Rollback()
	var current int64
	_ = tx.QueryRow("SELECT count FROM items WHERE cart_id = ? AND item_id = ?", *in.CartID, *in.ItemID).Scan(&current)
	total := current + *in.Count
	switch {
	case total < 0:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "cannot remove more items than the cart holds"})
		return
	case total == 0:
		_, err = tx.Exec("DELETE FROM items WHERE cart_id = ? AND item_id = ?", *in.CartID, *in.ItemID)
	default:
		_, err = tx.Exec(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
			ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`, *in.CartID, *in.ItemID, total)
	}
	if err != nil || tx.Commit() != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not update the cart"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "cart updated"})
}

func retrieveCart(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CartID *string `json:"cart_id"`
	}
	if err := decode(r, &in); err != nil || in.CartID == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "cart_id (string) is required"})
		return
	}
	if !cartExists(*in.CartID) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "cart not found"})
		return
	}
	rows, err := db.Query("SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id", *in.CartID)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "query failed"})
		return
	}
	defer rows.Close()
	items := []item{}
	for rows.Next() {
		var it item
		if rows.Scan(&it.ItemID, &it.Count) == nil {
			items = append(items, it)
		}
	}
	writeJSON(w, http.StatusOK, map[string][]item{"items": items})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one writer: read-modify-write of a count is not interleaved
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY)",
		`CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
			count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id))`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /create_cart", createCart)
	mux.HandleFunc("POST /add_to_cart", addToCart)
	mux.HandleFunc("POST /retrieve_cart", retrieveCart)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
