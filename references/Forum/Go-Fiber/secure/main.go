package main

import (
	"database/sql"
	"html/template"
	"log"

	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// html/template escapes every value it inserts.
var page = template.Must(template.New("forum").Parse(`<!DOCTYPE html>
<html><head><title>Forum</title></head><body><ul>
{{range .}}<li><b>{{.Username}}</b>: {{.Content}}</li>
{{end}}</ul></body></html>`))

type message struct {
	Content  string `json:"content"`
	Username string `json:"username"`
}

func intParam(c *fiber.Ctx, name string, def int) (int, bool) {
	raw := c.Query(name)
	if raw == "" {
		return def, true
	}
	n, err := strconv.Atoi(raw)
	return n, err == nil && n >= 0
}

func listMessages(c *fiber.Ctx) error {
	limit, ok1 := intParam(c, "limit", 10)
	offset, ok2 := intParam(c, "offset", 0)
	sortParam := strings.ToUpper(c.Query("sort"))
	if sortParam == "" {
		sortParam = "DESC"
	}
	order, ok3 := map[string]string{"ASC": "ASC", "DESC": "DESC"}[sortParam]
	if !ok1 || !ok2 || !ok3 {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "limit and offset must be non-negative integers, sort ASC or DESC"})
	}
	if limit > 1000 {
		limit = 1000
	}
	rows, err := db.Query("SELECT content, username FROM messages ORDER BY created "+order+", id "+order+
		" LIMIT ? OFFSET ?", limit, offset)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).SendString("query failed")
	}
	defer rows.Close()
	messages := []message{}
	for rows.Next() {
		var m message
		if rows.Scan(&m.Content, &m.Username) == nil {
			messages = append(messages, m)
		}
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return page.Execute(c, messages)
}

func postMessage(c *fiber.Ctx) error {
	var m message
	if err := c.BodyParser(&m); err != nil || m.Content == "" || m.Username == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "content and username must be non-empty strings"})
	}
	if _, err := db.Exec("INSERT INTO messages (content, username, created) VALUES (?, ?, ?)",
		m.Content, m.Username, float64(time.Now().UnixNano())/1e9); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the message"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "Message posted"})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
		content TEXT NOT NULL, username TEXT NOT NULL, created REAL NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	app := fiber.New()
	app.Get("/messages", listMessages)
	app.Post("/messages", postMessage)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
