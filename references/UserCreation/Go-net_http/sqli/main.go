package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"strings"

	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
)

var db *sql.DB

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func decode(r *http.Request, into any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(into)
}

// newInviteID is random, so invitations cannot be guessed from an e-mail or a counter.
func newInviteID() (string, error) {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

func inviteUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	if err := decode(r, &in); err != nil || !strings.Contains(in.Email, "@") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "A valid email is required"})
		return
	}
	var id string
	if db.QueryRow("SELECT invite_id FROM invites WHERE email = ?", in.Email).Scan(&id) != nil {
		fresh, err := newInviteID()
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "no randomness"})
			return
		}
		_, _ = db.Exec("INSERT OR IGNORE INTO invites (invite_id, email) VALUES (?, ?)", fresh, in.Email)
		if db.QueryRow("SELECT invite_id FROM invites WHERE email = ?", in.Email).Scan(&id) != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "could not store the invitation"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"invite_id": id, "message": "Invitation sent to " + in.Email})
}

func createUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		InviteID *string `json:"invite_id"`
		UserName *string `json:"user_name"`
		Password *string `json:"password"`
	}
	if err := decode(r, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Invalid request"})
		return
	}
	var found string
	if in.InviteID == nil || db.QueryRow("SELECT invite_id FROM invites WHERE invite_id = '"+*in.InviteID+"'").Scan(&found) != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Invalid invite_id"})
		return
	}
	if in.UserName == nil || *in.UserName == "" || in.Password == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "user_name and password are required"})
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(*in.Password), bcrypt.DefaultCost)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "the password cannot be used"})
		return
	}
	if _, err := db.Exec("INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)",
		*in.UserName, string(hash), found); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Username already exists. Try providing different username."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "User created successfully"})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS invites (invite_id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL)",
		`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, user_name TEXT UNIQUE NOT NULL,
			password_hash TEXT NOT NULL, invite_id TEXT NOT NULL)`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /invite_user", inviteUser)
	mux.HandleFunc("POST /create_user", createUser)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
