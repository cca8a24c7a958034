package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/csv"
	"html/template"
	"io"
	"log"
	"math"

	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

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

// currentMerchant is the id of the merchant whose session the cookie names, or 0.
func currentMerchant(c *fiber.Ctx) int64 {
	token := c.Cookies(cookieName)
	if token == "" {
		return 0
	}
	var id int64
	if db.QueryRow("SELECT merchant_id FROM sessions WHERE token = ?", token).Scan(&id) != nil {
		return 0
	}
	return id
}

func register(c *fiber.Ctx) error {
	var in struct{ Email, Name, Password string }
	if err := c.BodyParser(&in); err != nil || in.Name == "" || in.Password == "" || !strings.Contains(in.Email, "@") {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcrypt.DefaultCost)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
	}
	if _, err := db.Exec("INSERT INTO merchants (email, name, password_hash) VALUES (?, ?, ?)",
		in.Email, in.Name, string(hash)); err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Email already registered"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Merchant registered successfully"})
}

func login(c *fiber.Ctx) error {
	var in struct{ Email, Password string }
	invalid := fiber.Map{"error": "Invalid email or password"}
	if err := c.BodyParser(&in); err != nil {
		return c.Status(fiber.StatusUnauthorized).JSON(invalid)
	}
	var id int64
	var hash string
	if db.QueryRow("SELECT id, password_hash FROM merchants WHERE email = ?", in.Email).Scan(&id, &hash) != nil ||
		bcrypt.CompareHashAndPassword([]byte(hash), []byte(in.Password)) != nil {
		return c.Status(fiber.StatusUnauthorized).JSON(invalid)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no randomness"})
	}
	token := base64.RawURLEncoding.EncodeToString(raw) // a random session id, never the password
	if _, err := db.Exec("INSERT INTO sessions (token, merchant_id) VALUES (?, ?)", token, id); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not open a session"})
	}
	c.Cookie(&fiber.Cookie{Name: cookieName, Value: token, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Status(fiber.StatusOK).JSON("Login successful")
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

func uploadWares(c *fiber.Ctx) error {
	merchant := currentMerchant(c)
	if merchant == 0 {
		return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": "Unauthorized"})
	}
	var in struct {
		CSV *string `json:"csv"`
	}
	var wares []ware
	ok := c.BodyParser(&in) == nil && in.CSV != nil
	if ok {
		wares, ok = parseWares(*in.CSV)
	}
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid CSV format"})
	}
	tx, err := db.Begin()
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "database unavailable"})
	}
	defer tx.Rollback()
	for _, wr := range wares {
		if _, err := tx.Exec("INSERT INTO wares (merchant_id, name, description, price) VALUES (?, ?, ?, ?)",
			merchant, wr.Name, wr.Description, wr.Price); err != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the wares"})
		}
	}
	if tx.Commit() != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the wares"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "Wares uploaded successfully"})
}

func listWares(c *fiber.Ctx) error {
	if currentMerchant(c) == 0 {
		return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": "Unauthorized"})
	}
	query := `SELECT w.name, w.description, w.price, m.email FROM wares w
		JOIN merchants m ON m.id = w.merchant_id WHERE 1 = 1`
	args := []any{}
	for _, bound := range []struct{ param, clause string }{{"minPrice", " AND w.price >= ?"}, {"maxPrice", " AND w.price <= ?"}} {
		raw := c.Query(bound.param)
		if raw == "" {
			continue
		}
		value, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "minPrice and maxPrice must be numbers"})
		}
		query += bound.clause
		args = append(args, value)
	}
	rows, err := db.Query(query+" ORDER BY w.id", args...)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "query failed"})
	}
	defer rows.Close()
	wares := []ware{}
	for rows.Next() {
		var wr ware
		if rows.Scan(&wr.Name, &wr.Description, &wr.Price, &wr.Merchant) == nil {
			wares = append(wares, wr)
		}
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return page.Execute(c, wares)
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
	app := fiber.New()
	app.Post("/merchants/register", register)
	app.Post("/merchants/login", login)
	app.Post("/merchants/upload-wares", uploadWares)
	app.Get("/wares", listWares)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
