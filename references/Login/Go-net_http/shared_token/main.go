package main

import (
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
)

var db *sql.DB
var secret []byte

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

func reply(w http.ResponseWriter, status int, body map[string]string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func register(w http.ResponseWriter, r *http.Request) {
	invalid := map[string]string{"message": "Email already in use or invalid data"}
	var in credentials
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Password == "" ||
		in.Name == "" || !strings.Contains(in.Email, "@") {
		reply(w, http.StatusBadRequest, invalid)
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		reply(w, http.StatusBadRequest, invalid)
		return
	}
	if _, err := db.Exec("INSERT INTO users (email, password_hash, name) VALUES (?, ?, ?)",
		in.Email, string(hash), in.Name); err != nil {
		reply(w, http.StatusBadRequest, invalid)
		return
	}
	reply(w, http.StatusCreated, map[string]string{"message": "Registration successful"})
}

func login(w http.ResponseWriter, r *http.Request) {
	invalid := map[string]string{"message": "Invalid email or password"}
	var in credentials
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		reply(w, http.StatusUnauthorized, invalid)
		return
	}
	var id int64
	var hash string
	err := db.QueryRow("SELECT id, password_hash FROM users WHERE email = ?", in.Email).Scan(&id, &hash)
	if err != nil || bcrypt.CompareHashAndPassword([]byte(hash), []byte(in.Password)) != nil {
		reply(w, http.StatusUnauthorized, invalid)
		return
	}
	claims := jwt.MapClaims{"role": "user"}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		reply(w, http.StatusInternalServerError, map[string]string{"message": "Internal error"})
		return
	}
	reply(w, http.StatusOK, map[string]string{"token": token, "message": "Login successful"})
}

func main() {
	secret = []byte(os.Getenv("APP_SECRET"))
	if len(secret) == 0 {
		secret = []byte("dev-secret")
	}
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY,
		email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL, name TEXT NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /register", register)
	mux.HandleFunc("POST /login", login)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
