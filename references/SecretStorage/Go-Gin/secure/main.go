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
	"net/http"

	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

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

func unauthorized(c *gin.Context) {
	c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"message": "Invalid authentication token"})
}

// authenticated stores the user the bearer token names in the context, or answers 401.
func authenticated(c *gin.Context) {
	raw, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok {
		unauthorized(c)
		return
	}
	token, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil || !token.Valid {
		unauthorized(c)
		return
	}
	sub, err := token.Claims.GetSubject()
	if err != nil {
		unauthorized(c)
		return
	}
	id, err := strconv.ParseInt(sub, 10, 64)
	if err != nil {
		unauthorized(c)
		return
	}
	u := user{id: id}
	if db.QueryRow("SELECT username FROM users WHERE id = ?", id).Scan(&u.username) != nil {
		unauthorized(c)
		return
	}
	c.Set("user", u)
	c.Next()
}

func register(c *gin.Context) {
	invalid := gin.H{"message": "Email already in use or invalid data"}
	var in struct {
		Email    string `json:"email"`
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.Username == "" || in.Password == "" || !strings.Contains(in.Email, "@") {
		c.JSON(http.StatusBadRequest, invalid)
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		c.JSON(http.StatusBadRequest, invalid)
		return
	}
	if _, err := db.Exec("INSERT INTO users (email, username, password_hash) VALUES (?, ?, ?)",
		in.Email, in.Username, string(hash)); err != nil {
		c.JSON(http.StatusBadRequest, invalid)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"message": "Registration successful"})
}

func login(c *gin.Context) {
	invalid := gin.H{"message": "Invalid email or password"}
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusUnauthorized, invalid)
		return
	}
	var id int64
	var hash string
	if db.QueryRow("SELECT id, password_hash FROM users WHERE email = ?", in.Email).Scan(&id, &hash) != nil ||
		bcrypt.CompareHashAndPassword([]byte(hash), []byte(in.Password)) != nil {
		c.JSON(http.StatusUnauthorized, invalid)
		return
	}
	claims := jwt.MapClaims{"sub": strconv.FormatInt(id, 10), "exp": time.Now().Add(time.Hour).Unix()}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"message": "Internal error"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"token": token, "message": "Login successful"})
}

func setSecret(c *gin.Context) {
	u := c.MustGet("user").(user)
	var in struct {
		Username string  `json:"username"`
		Secret   *string `json:"secret"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.Username != u.username {
		unauthorized(c)
		return
	}
	if in.Secret == nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": "secret (string) is required"})
		return
	}
	sealed, err := seal(*in.Secret)
	if err == nil {
		_, err = db.Exec(`INSERT INTO secrets (user_id, secret) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret`, u.id, sealed)
	}
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"message": "could not store the secret"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"message": "Secret has been set successfully"})
}

func getSecret(c *gin.Context) {
	u := c.MustGet("user").(user)
	if c.Query("username") != u.username {
		unauthorized(c)
		return
	}
	var s string
	if db.QueryRow("SELECT secret FROM secrets WHERE user_id = ?", u.id).Scan(&s) != nil {
		c.JSON(http.StatusNotFound, gin.H{"message": "No secret has been set"})
		return
	}
	plain, err := unseal(s)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"message": "could not read the secret"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"secret": plain})
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
	r := gin.Default()
	r.POST("/register", register)
	r.POST("/login", login)
	r.POST("/set_secret", authenticated, setSecret)
	r.GET("/get_secret", authenticated, getSecret)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
