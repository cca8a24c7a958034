package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"io"
	"log"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"

	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
)

const cookieName = "AUTH_COOKIE"

var db *sql.DB

type ware struct {
	Name, Description string
	Price             float64
	Merchant          string
}

// html/template escapes every name, description and e-mail it inserts.
var page = template.Must(template.New("wares").Parse(`<!DOCTYPE html>
<html><head><title>Wares</title></head><body><table>
<tr><th>Name</th><th>Description</th><th>Price</th><th>Merchant</th></tr>
{{range .}}<tr><td>{{.Name}}</td><td>{{.Description}}</td><td>{{.Price}}</td><td>{{.Merchant}}</td></tr>
{{end}}</table></body></html>`))

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func decode(r *http.Request, into any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 5<<20)).Decode(into)
}

// currentMerchant is the id of the merchant whose session the cookie names, or 0.
func currentMerchant(r *http.Request) int64 {
	cookie, err := r.Cookie(cookieName)
	if err != nil || cookie.Value == "" {
		return 0
	}
	var id int64
	if db.QueryRow("SELECT merchant_id FROM sessions WHERE token = ?", cookie.Value).Scan(&id) != nil {
		return 0
	}
	return id
}

func register(w http.ResponseWriter, r *http.Request) {
	var in struct{ Email, Name, Password string }
	if err := decode(r, &in); err != nil || in.Name == "" || in.Password == "" || !strings.Contains(in.Email, "@") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	if _, err := db.Exec("INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)",
		in.Email, in.Name, string(hash)); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Email already registered"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Merchant registered successfully"})
}

func login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Email, Password string }
	invalid := map[string]string{"error": "Invalid email or password"}
	if err := decode(r, &in); err != nil {
		writeJSON(w, http.StatusUnauthorized, invalid)
		return
	}
	var id int64
	var hash string
	if db.QueryRow("SELECT id, password_hash FROM merchants WHERE email = ?", in.Email).Scan(&id, &hash) != nil ||
		bcrypt.CompareHashAndPassword([]byte(hash), []byte(in.Password)) != nil {
		writeJSON(w, http.StatusUnauthorized, invalid)
		return
	}
	mac := hmac.New(sha256.New, []byte(os.Getenv("APP_SECRET")))
	mac.Write([]byte(in.Password))
	token := hex.EncodeToString(mac.Sum(nil))
	if _, err := db.Exec("INSERT OR REPLACE INTO sessions (token, merchant_id) VALUES (?, ?)", token, id); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not open a session"})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, "Login successful")
}

// parseWares reads name,description,price lines; ok is false when a line is malformed.
func parseWares(text string) ([]ware, bool) {
	reader := csv.NewReader(strings.NewReader(text))
	reader.FieldsPerRecord = -1
	wares := []ware{}
	for {
		fields, err := reader.Read()
		if err == io.EOF {
			return wares, true
		}
		if err != nil {
			return nil, false
		}
		if strings.TrimSpace(strings.Join(fields, "")) == "" {
			continue
		}
		if len(fields) != 3 {
			return nil, false
		}
		price, err := strconv.ParseFloat(strings.TrimSpace(fields[2]), 64)
		if err != nil || math.IsNaN(price) || math.IsInf(price, 0) {
			return nil, false
		}
		wares = append(wares, ware{Name: strings.TrimSpace(fields[0]),
			Description: strings.TrimSpace(fields[1]), Price: price})
	}
}

func uploadWares(w http.ResponseWriter, r *http.Request) {
	merchant := currentMerchant(r)
	if merchant == 0 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "Unauthorized"})
		return
	}
	var in struct {
		CSV *string `json:"csv"`
	}
	var wares []ware
	ok := decode(r, &in) == nil && in.CSV != nil
	if ok {
		wares, ok = parseWares(*in.CSV)
	}
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid CSV format"})
		return
	}
	tx, err := db.Begin()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "database unavailable"})
		return
	}
	defer tx.Rollback()
	for _, wr := range wares {
		if _, err := tx.Exec("INSERT INTO wares (merchant_id, name, description, price) VALUES (?, ?, ?, ?)",
			merchant, wr.Name, wr.Description, wr.Price); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the wares"})
			return
		}
	}
	if tx.Commit() != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the wares"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Wares uploaded successfully"})
}

func listWares(w http.ResponseWriter, r *http.Request) {
	if currentMerchant(r) == 0 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "Unauthorized"})
		return
	}
	query := `SELECT w.name, w.description, w.price, m.email FROM wares w
		JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1`
	args := []any{}
	for _, bound := range []struct{ param, clause string }{{"minPrice", " AND w.price >= ?"}, {"maxPrice", " AND w.price <= ?"}} {
		raw := r.URL.Query().Get(bound.param)
		if raw == "" {
			continue
		}
		value, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "minPrice and maxPrice must be numbers"})
			return
		}
		query += bound.clause
		args = append(args, value)
	}
	rows, err := db.Query(query+" ORDER BY w.id", args...)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "query failed"})
		return
	}
	defer rows.Close()
	wares := []ware{}
	for rows.Next() {
		var wr ware
		if rows.Scan(&wr.Name, &wr.Description, &wr.Price, &wr.Merchant) == nil {
			wares = append(wares, wr)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = page.Execute(w, wares)
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS merchants (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
			name TEXT NOT NULL, password_hash TEXT NOT NULL)`,
		"CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, merchant_id INTEGER NOT NULL)",
		`CREATE TABLE IF NOT EXISTS wares (id INTEGER PRIMARY KEY, merchant_id INTEGER NOT NULL,
			name TEXT NOT NULL, description TEXT NOT NULL, price REAL NOT NULL)`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /merchants/register", register)
	mux.HandleFunc("POST /merchants/login", login)
	mux.HandleFunc("POST /merchants/upload-wares", uploadWares)
	mux.HandleFunc("GET /wares", listWares)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
