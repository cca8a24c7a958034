package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os/exec"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// parseProduct reads a JSON object whose values are all strings and whose name is not empty.
func parseProduct(raw []byte) (map[string]string, bool) {
	var product map[string]string
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&product); err != nil || product == nil || product["name"] == "" {
		return nil, false
	}
	return product, true
}

// load gives a product as the API shows it: its properties and its name.
func load(name, properties string) map[string]string {
	product := map[string]string{}
	_ = json.Unmarshal([]byte(properties), &product)
	product["name"] = name
	return product
}

// fromLiteral turns data that is not JSON, such as a Python-style dict with single quotes,
// into JSON by letting python3 read it.
func fromLiteral(r *http.Request, data string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "python3", "-c",
		"import json, sys; print(json.dumps(eval(sys.argv[1])))", data).Output()
}

func save(name string, product map[string]string) error {
	props := map[string]string{}
	for k, v := range product {
		if k != "name" {
			props[k] = v
		}
	}
	encoded, err := json.Marshal(props)
	if err != nil {
		return err
	}
	_, err = db.Exec(`INSERT INTO products (name, properties) VALUES (?, ?)
		ON CONFLICT(name) DO UPDATE SET properties = excluded.properties`, name, string(encoded))
	return err
}

func readBody(r *http.Request) []byte {
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return data
}

func add(w http.ResponseWriter, r *http.Request) {
	product, ok := parseProduct(readBody(r))
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	var one int
	if db.QueryRow("SELECT 1 FROM products WHERE name = ?", product["name"]).Scan(&one) == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "A product with this name exists"})
		return
	}
	if err := save(product["name"], product); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the product"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Product successfully added"})
}

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	var properties string
	if db.QueryRow("SELECT properties FROM products WHERE name = ?", name).Scan(&properties) != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Product not found"})
		return
	}
	data, _ := json.Marshal(load(name, properties))
	writeJSON(w, http.StatusOK, map[string]string{"data": string(data)})
}

func upload(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name *string `json:"name"`
		Data *string `json:"data"`
	}
	if err := json.Unmarshal(readBody(r), &in); err != nil || in.Name == nil || in.Data == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	product, ok := parseProduct([]byte(*in.Data))
	if !ok {
		if converted, err := fromLiteral(r, *in.Data); err == nil {
			product, ok = parseProduct(converted)
		}
	}
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid data"})
		return
	}
	if err := save(*in.Name, product); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the product"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "The product with the given name was updated."})
}

func search(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query().Get("query")
	if query == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	rows, err := db.Query("SELECT name, properties FROM products")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "query failed"})
		return
	}
	defer rows.Close()
	found := []map[string]string{}
	for rows.Next() {
		var name, properties string
		if rows.Scan(&name, &properties) != nil {
			continue
		}
		product := load(name, properties)
		for _, value := range product {
			if strings.Contains(value, query) {
				found = append(found, product)
				break
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": found})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, properties TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /add", add)
	mux.HandleFunc("GET /download", download)
	mux.HandleFunc("POST /upload", upload)
	mux.HandleFunc("GET /search", search)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
