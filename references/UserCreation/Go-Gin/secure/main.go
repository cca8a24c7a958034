package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"log"
	"net/http"

	"strings"

	"github.com/gin-gonic/gin"

	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
)

var db *sql.DB

// newInviteID is random, so invitations cannot be guessed from an e-mail or a counter.
func newInviteID() (string, error) {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

func inviteUser(c *gin.Context) {
	var in struct {
		Email string `json:"email"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || !strings.Contains(in.Email, "@") {
		c.JSON(http.StatusBadRequest, gin.H{"message": "A valid email is required"})
		return
	}
	var id string
	if db.QueryRow("SELECT invite_id FROM invites WHERE email = ?", in.Email).Scan(&id) != nil {
		fresh, err := newInviteID()
		if err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"message": "no randomness"})
			return
		}
		_, _ = db.Exec("INSERT OR IGNORE INTO invites (invite_id, email) VALUES (?, ?)", fresh, in.Email)
		if db.QueryRow("SELECT invite_id FROM invites WHERE email = ?", in.Email).Scan(&id) != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"message": "could not store the invitation"})
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"invite_id": id, "message": "Invitation sent to " + in.Email})
}

func createUser(c *gin.Context) {
	var in struct {
		InviteID *string `json:"invite_id"`
		UserName *string `json:"user_name"`
		Password *string `json:"password"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": "Invalid request"})
		return
	}
	var found string
	if in.InviteID == nil || db.QueryRow("SELECT invite_id FROM invites WHERE invite_id = ?", *in.InviteID).Scan(&found) != nil {
		c.JSON(http.StatusUnauthorized, gin.H{"message": "Invalid invite_id"})
		return
	}
	if in.UserName == nil || *in.UserName == "" || in.Password == nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": "user_name and password are required"})
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(*in.Password), bcrypt.DefaultCost)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": "the password cannot be used"})
		return
	}
	if _, err := db.Exec("INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)",
		*in.UserName, string(hash), found); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": "Username already exists. Try providing different username."})
		return
	}
	c.JSON(http.StatusOK, gin.H{"message": "User created successfully"})
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
	r := gin.Default()
	r.POST("/invite_user", inviteUser)
	r.POST("/create_user", createUser)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
