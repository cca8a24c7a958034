package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"log"

	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/golang-jwt/jwt/v5"
	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
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

func unauthorized(c *fiber.Ctx) error {
	return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"message": "Invalid authentication token"})
}

// authenticated stores the user the bearer token names in the context, or answers 401.
func authenticated(c *fiber.Ctx) error {
	raw, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok {
		return unauthorized(c)
	}
	token, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil || !token.Valid {
		return unauthorized(c)
	}
	sub, err := token.Claims.GetSubject()
	if err != nil {
		return unauthorized(c)
	}
	id, err := strconv.ParseInt(sub, 10, 64)
	if err != nil {
		return unauthorized(c)
	}
	u := user{id: id}
	if db.QueryRow("SELECT username FROM users WHERE id = ?", id).Scan(&u.username) != nil {
		return unauthorized(c)
	}
	c.Locals("user", u)
	return c.Next()
}

func register(c *fiber.Ctx) error {
	invalid := fiber.Map{"message": "Email already in use or invalid data"}
	var in struct {
		Email    string `json:"email"`
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := c.BodyParser(&in); err != nil || in.Username == "" || in.Password == "" || !strings.Contains(in.Email, "@") {
		return c.Status(fiber.StatusBadRequest).JSON(invalid)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(invalid)
	}
	if _, err := db.Exec("INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)",
		in.Email, in.Username, string(hash)); err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(invalid)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Registration successful"})
}

func login(c *fiber.Ctx) error {
	invalid := fiber.Map{"message": "Invalid email or password"}
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := c.BodyParser(&in); err != nil {
		return c.Status(fiber.StatusUnauthorized).JSON(invalid)
	}
	var id int64
	var hash string
	if db.QueryRow("SELECT id, password_hash FROM users WHERE email = ?", in.Email).Scan(&id, &hash) != nil ||
		bcrypt.CompareHashAndPassword([]byte(hash), []byte(in.Password)) != nil {
		return c.Status(fiber.StatusUnauthorized).JSON(invalid)
	}
	claims := jwt.MapClaims{"sub": strconv.FormatInt(id, 10), "exp": time.Now().Add(time.Hour).Unix()}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"message": "Internal error"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"token": token, "message": "Login successful"})
}

func setSecret(c *fiber.Ctx) error {
	u := c.Locals("user").(user)
	var in struct {
		Username string  `json:"username"`
		Secret   *string `json:"secret"`
	}
	if err := c.BodyParser(&in); err != nil || in.Username != u.username {
		return unauthorized(c)
	}
	if in.Secret == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"message": "secret (string) is required"})
	}
	sealed, err := seal(*in.Secret)
	if err == nil {
		_, err = db.Exec(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`, u.id, sealed)
	}
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"message": "could not store the secret"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "Secret has been set successfully"})
}

func getSecret(c *fiber.Ctx) error {
	u := c.Locals("user").(user)
	if c.Query("username") != u.username {
		return unauthorized(c)
	}
	var s string
	if db.QueryRow("SELECT secret FROM secrets WHERE user_id = ?", u.id).Scan(&s) != nil {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"message": "No secret has been set"})
	}
	plain, err := unseal(s)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"message": "could not read the secret"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"secret": plain})
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
	app := fiber.New()
	app.Post("/register", register)
	app.Post("/login", login)
	app.Post("/set_secret", authenticated, setSecret)
	app.Get("/get_secret", authenticated, getSecret)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
