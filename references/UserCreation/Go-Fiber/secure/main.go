package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"log"

	"strings"

	"github.com/gofiber/fiber/v2"

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

func inviteUser(c *fiber.Ctx) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := c.BodyParser(&in); err != nil || !strings.Contains(in.Email, "@") {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"message": "A valid email is required"})
	}
	var id string
	if db.QueryRow("SELECT invite_id FROM invites WHERE email = ?", in.Email).Scan(&id) != nil {
		fresh, err := newInviteID()
		if err != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"message": "no randomness"})
		}
		_, _ = db.Exec("INSERT OR IGNORE INTO invites (invite_id, email) VALUES (?, ?)", fresh, in.Email)
		if db.QueryRow("SELECT invite_id FROM invites WHERE email = ?", in.Email).Scan(&id) != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"message": "could not store the invitation"})
		}
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"invite_id": id, "message": "Invitation sent to " + in.Email})
}

func createUser(c *fiber.Ctx) error {
	var in struct {
		InviteID *string `json:"invite_id"`
		UserName *string `json:"user_name"`
		Password *string `json:"password"`
	}
	if err := c.BodyParser(&in); err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"message": "Invalid request"})
	}
	var found string
	if in.InviteID == nil || db.QueryRow("SELECT invite_id FROM invites WHERE invite_id = ?", *in.InviteID).Scan(&found) != nil {
		return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"message": "Invalid invite_id"})
	}
	if in.UserName == nil || *in.UserName == "" || in.Password == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"message": "user_name and password are required"})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(*in.Password), bcrypt.DefaultCost)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"message": "the password cannot be used"})
	}
	if _, err := db.Exec("INSERT INTO users (user_name, password_hash, invite_id) VALUES (?, ?, ?)",
		*in.UserName, string(hash), found); err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"message": "Username already exists. Try providing different username."})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "User created successfully"})
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
	app := fiber.New()
	app.Post("/invite_user", inviteUser)
	app.Post("/create_user", createUser)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
