package main

import (
	"database/sql"
	"fmt"
	"html"
	"log"

	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

type entry struct {
	ID             string `json:"id"`
	Title          string `json:"title"`
	Content        string `json:"content"`
	CreatedBy      string `json:"-"`
	LastModifiedBy string `json:"lastModifiedBy"`
	LastModifiedAt string `json:"lastModifiedAt"`
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func htmlPage(c *fiber.Ctx, status int, title, body string) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).SendString(fmt.Sprintf("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>",
		html.EscapeString(title), body))
}

func notFound(c *fiber.Ctx) error {
	return htmlPage(c, fiber.StatusNotFound, "Not found", "<h1>Entry not found</h1>")
}

// findEntry looks the entry up by its id, always as a bound parameter.
func findEntry(id string) (*entry, bool) {
	var e entry
	err := db.QueryRow(`SELECT id, title, content, created_by, last_modified_by, last_modified_at
		FROM entries WHERE id = ?`, id).Scan(&e.ID, &e.Title, &e.Content, &e.CreatedBy, &e.LastModifiedBy, &e.LastModifiedAt)
	return &e, err == nil
}

// decodeStrings reads a JSON object in which every named field is a string.
func decodeStrings(c *fiber.Ctx, names ...string) ([]string, bool) {
	var raw map[string]any
	if err := c.BodyParser(&raw); err != nil {
		return nil, false
	}
	values := make([]string, len(names))
	for i, name := range names {
		s, ok := raw[name].(string)
		if !ok {
			return nil, false
		}
		values[i] = s
	}
	return values, true
}

func listEntries(c *fiber.Ctx) error {
	rows, err := db.Query("SELECT id, title FROM entries ORDER BY id")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).SendString("query failed")
	}
	defer rows.Close()
	var items strings.Builder
	for rows.Next() {
		var id int64
		var title string
		if rows.Scan(&id, &title) == nil {
			fmt.Fprintf(&items, "<li><a href='/entries/%d'>%s</a></li>", id, html.EscapeString(title))
		}
	}
	return htmlPage(c, fiber.StatusOK, "Wiki entries", "<h1>Wiki entries</h1><ul>"+items.String()+"</ul>")
}

func createEntry(c *fiber.Ctx) error {
	fields, ok := decodeStrings(c, "title", "content", "createdBy")
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "title, content and createdBy are required strings"})
	}
	res, err := db.Exec(`INSERT INTO entries (title, content, created_by, last_modified_by, last_modified_at)
		VALUES (?, ?, ?, ?, ?)`, fields[0], fields[1], fields[2], fields[2], now())
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the entry"})
	}
	id, _ := res.LastInsertId()
	e, _ := findEntry(fmt.Sprint(id))
	return c.Status(fiber.StatusCreated).JSON(e)
}

func showEntry(c *fiber.Ctx) error {
	e, ok := findEntry(c.Params("id"))
	if !ok {
		return notFound(c)
	}
	contributors := []string{e.CreatedBy}
	seen := map[string]bool{e.CreatedBy: true}
	if rows, err := db.Query("SELECT modified_by FROM edits WHERE entry_id = ? ORDER BY id", e.ID); err == nil {
		defer rows.Close()
		for rows.Next() {
			var by string
			if rows.Scan(&by) == nil && !seen[by] {
				seen[by] = true
				contributors = append(contributors, by)
			}
		}
	}
	var people strings.Builder
	for _, p := range contributors {
		fmt.Fprintf(&people, "<li>%s</li>", html.EscapeString(p))
	}
	body := fmt.Sprintf("<h1>%s</h1><div class='content'>%s</div><p>Last edited %s by %s</p>"+
		"<h2>Contributors</h2><ul>%s</ul><p><a href='/entries/%s/edits'>History</a></p>",
		html.EscapeString(e.Title), html.EscapeString(e.Content), html.EscapeString(e.LastModifiedAt),
		html.EscapeString(e.LastModifiedBy), people.String(), e.ID)
	return htmlPage(c, fiber.StatusOK, e.Title, body)
}

func updateEntry(c *fiber.Ctx) error {
	e, ok := findEntry(c.Params("id"))
	if !ok {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Entry not found"})
	}
	fields, ok := decodeStrings(c, "content", "modifiedBy", "summary")
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "content, modifiedBy and summary are required strings"})
	}
	stamp := now()
	tx, err := db.Begin()
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "database unavailable"})
	}
	defer tx.Rollback()
	_, err1 := tx.Exec(`INSERT INTO edits (entry_id, old_content, new_content, modified_by, summary, modified_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.Content, fields[0], fields[1], fields[2], stamp)
	_, err2 := tx.Exec("UPDATE entries SET content = ?, last_modified_by = ?, last_modified_at = ? WHERE id = ?",
		fields[0], fields[1], stamp, e.ID)
	if err1 != nil || err2 != nil || tx.Commit() != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the edit"})
	}
	e, _ = findEntry(e.ID)
	return c.Status(fiber.StatusOK).JSON(e)
}

// lineDiff shows the change from old to new line by line: lines both share (a longest common
// subsequence) unmarked, removed lines with "-", added lines with "+".
func lineDiff(old, new string) string {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	lines := []string{"--- before", "+++ after"}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, " "+a[i])
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			lines = append(lines, "+"+b[j])
			j++
		default:
			lines = append(lines, "-"+a[i])
			i++
		}
	}
	return strings.Join(lines, "\n")
}

func listEdits(c *fiber.Ctx) error {
	e, ok := findEntry(c.Params("id"))
	if !ok {
		return notFound(c)
	}
	rows, err := db.Query(`SELECT old_content, new_content, modified_by, summary, modified_at
		FROM edits WHERE entry_id = ? ORDER BY id`, e.ID)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).SendString("query failed")
	}
	defer rows.Close()
	var items strings.Builder
	for rows.Next() {
		var old, new, by, summary, at string
		if rows.Scan(&old, &new, &by, &summary, &at) != nil {
			continue
		}
		fmt.Fprintf(&items, "<li><p><b>%s</b> by %s at %s</p><pre>%s</pre></li>", html.EscapeString(summary),
			html.EscapeString(by), html.EscapeString(at), html.EscapeString(lineDiff(old, new)))
	}
	return htmlPage(c, fiber.StatusOK, "History of "+e.Title,
		"<h1>History of "+html.EscapeString(e.Title)+"</h1><ol>"+items.String()+"</ol>")
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL,
			created_by TEXT NOT NULL, last_modified_by TEXT NOT NULL, last_modified_at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL,
			old_content TEXT NOT NULL, new_content TEXT NOT NULL, modified_by TEXT NOT NULL,
			summary TEXT NOT NULL, modified_at TEXT NOT NULL)`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	app := fiber.New()
	app.Get("/entries", listEntries)
	app.Post("/entries", createEntry)
	app.Get("/entries/:id", showEntry)
	app.Put("/entries/:id", updateEntry)
	app.Get("/entries/:id/edits", listEdits)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
