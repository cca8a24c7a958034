package main

import (
	"database/sql"
	"html/template"
	"log"

	"strings"

	"github.com/gofiber/fiber/v2"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// html/template escapes the tags and the product names it inserts.
var page = template.Must(template.New("recommendations").Parse(`<!DOCTYPE html>
<html><head><title>Recommendations</title></head><body>
<h1>Products tagged {{.Tags}}</h1><ul>
{{range .Names}}<li>{{.}}</li>
{{end}}</ul></body></html>`))

func postProduct(c *fiber.Ctx) error {
	var in struct {
		ProductName string    `json:"product_name"`
		Tags        *[]string `json:"tags"`
	}
	if err := c.BodyParser(&in); err != nil || in.ProductName == "" || in.Tags == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "product_name (string) and tags (list of strings) are required"})
	}
	tx, err := db.Begin()
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "database unavailable"})
	}
	defer tx.Rollback()
	res, err := tx.Exec("INSERT INTO products (name) VALUES (?)", in.ProductName)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the product"})
	}
	id, _ := res.LastInsertId()
	seen := map[string]bool{}
	for _, tag := range *in.Tags {
		if seen[tag] {
			continue
		}
		seen[tag] = true
		if _, err := tx.Exec("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)", id, tag); err != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the tags"})
		}
	}
	if err := tx.Commit(); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the product"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "product stored"})
}

func recommend(c *fiber.Ctx) error {
	var tags []string
	args := []any{}
	for _, t := range strings.Split(c.Query("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
			args = append(args, t)
		}
	}
	if len(tags) == 0 {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "tags is required"})
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(tags)), ", ")
	rows, err := db.Query("SELECT p.name FROM products p WHERE p.id IN (SELECT product_id FROM product_tags "+
		"WHERE tag IN ("+marks+")) ORDER BY p.id", args...)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "query failed"})
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return page.Execute(c, fiber.Map{"Tags": strings.Join(tags, ", "), "Names": names})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS product_tags (product_id INTEGER NOT NULL, tag TEXT NOT NULL)",
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	app := fiber.New()
	app.Post("/recommender", postProduct)
	app.Get("/recommender", recommend)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
