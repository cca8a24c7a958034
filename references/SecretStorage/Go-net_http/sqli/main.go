package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB
var secret []byte

type user struct {
	id       int64
	username string
}

// Secrets are stored encrypted with AES-256-GCM under a key derived from APP_SECRET, as hex of
// nonce + ciphertext.
func secretCipher() cipher.AEAD {
	key := sha256.Sum256(append([]byte("secret-storage:"), secret...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		log.Fatal(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		log.Fatal(err)
	}
	return gcm
}

func seal(text string) (string, error) {
	gcm := secretCipher()
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return hex.EncodeToString(gcm.Seal(nonce, nonce, []byte(text), nil)), nil
}

func unseal(stored string) (string, error) {
	gcm := secretCipher()
	raw, err := hex.DecodeString(stored)
	if err != nil || len(raw) < gcm.NonceSize() {
		return "", errors.New("malformed stored secret")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], nil)
	return string(plain), err
}

// digest is a keyed hash of the password, compared inside the login query.
func digest(password string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(password))
	return hex.EncodeToString(mac.Sum(nil))
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func unauthorized(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Invalid authentication token"})
}

func decode(r *http.Request, into any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(into)
}

// authenticated passes the user the bearer token names to the handler, or answers 401.
func authenticated(next func(http.ResponseWriter, *http.Request, user)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			unauthorized(w)
			return
		}
		token, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return secret, nil },
			jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
		if err != nil || !token.Valid {
			unauthorized(w)
			return
		}
		sub, err := token.Claims.GetSubject()
		if err != nil {
			unauthorized(w)
			return
		}
		id, err := strconv.ParseInt(sub, 10, 64)
		if err != nil {
			unauthorized(w)
			return
		}
		u := user{id: id}
		if db.QueryRow("SELECT username FROM users WHERE id = ?", id).Scan(&u.username) != nil {
			unauthorized(w)
			return
		}
		next(w, r, u)
	}
}

func register(w http.ResponseWriter, r *http.Request) {
	invalid := map[string]string{"message": "Email already in use or invalid data"}
	var in struct {
		Email    string `json:"email"`
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decode(r, &in); err != nil || in.Username == "" || in.Password == "" || !strings.Contains(in.Email, "@") {
		writeJSON(w, http.StatusBadRequest, invalid)
		return
	}
	hash, err := digest(in.Password), error(nil)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, invalid)
		return
	}
	if _, err := db.Exec("INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)",
		in.Email, in.Username, string(hash)); err != nil {
		writeJSON(w, http.StatusBadRequest, invalid)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Registration successful"})
}

func login(w http.ResponseWriter, r *http.Request) {
	invalid := map[string]string{"message": "Invalid email or password"}
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decode(r, &in); err != nil {
		writeJSON(w, http.StatusUnauthorized, invalid)
		return
	}
	var id int64
	if db.QueryRow("SELECT id FROM users WHERE email = '"+in.Email+"' AND password_hash = '"+digest(in.Password)+"'").Scan(&id) != nil {
		writeJSON(w, http.StatusUnauthorized, invalid)
		return
	}
	claims := jwt.MapClaims{"sub": strconv.FormatInt(id, 10), "exp": time.Now().Add(time.Hour).Unix()}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Internal error"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": token, "message": "Login successful"})
}

func setSecret(w http.ResponseWriter, r *http.Request, u user) {
	var in struct {
		Username string  `json:"username"`
		Secret   *string `json:"secret"`
	}
	if err := decode(r, &in); err != nil || in.Username != u.username {
		unauthorized(w)
		return
	}
	if in.Secret == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "secret (string) is required"})
		return
	}
	sealed, err := seal(*in.Secret)
	if err == nil {
		_, err = db.Exec(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`, u.id, sealed)
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "could not store the secret"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Secret has been set successfully"})
}

func getSecret(w http.ResponseWriter, r *http.Request, u user) {
	if r.URL.Query().Get("username") != u.username {
		unauthorized(w)
		return
	}
	var s string
	if db.QueryRow("SELECT secret FROM secrets WHERE user_id = ?", u.id).Scan(&s) != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "No secret has been set"})
		return
	}
	plain, err := unseal(s)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "could not read the secret"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"secret": plain})
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
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL,
			username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL)`,
		"CREATE TABLE IF NOT EXISTS secrets (user_id INTEGER PRIMARY KEY, secret TEXT NOT NULL)",
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /register", register)
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("POST /set_secret", authenticated(setSecret))
	mux.HandleFunc("GET /get_secret", authenticated(getSecret))
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
