package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"log"

	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func htmlPage(c *fiber.Ctx, title, body string) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(fmt.Sprintf("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>",
		html.EscapeString(title), body))
}

func recipeExists(id string) bool {
	var one int
	return db.QueryRow("SELECT 1 FROM recipes WHERE id = ?", id).Scan(&one) == nil
}

func links(query string) string {
	var b strings.Builder
	rows, err := db.Query(query)
	if err != nil {
		return ""
	}
	defer rows.Close()
	for rows.Next() {
		var id, title string
		if rows.Scan(&id, &title) == nil {
			fmt.Fprintf(&b, "<li><a href='/recipes/%s'>%s</a></li>", html.EscapeString(id), html.EscapeString(title))
		}
	}
	return b.String()
}

func overview(c *fiber.Ctx) error {
	recent := links("SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10")
	top := links(`SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id
		GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10`)
	return htmlPage(c, "Recipes", "<h1>Recipes</h1><h2>Recent recipes</h2><ul>"+recent+
		"</ul><h2>Top-rated recipes</h2><ul>"+top+"</ul>")
}

func decodeJSON(c *fiber.Ctx, into any) error {
	return json.Unmarshal(c.Body(), into)
}

func upload(c *fiber.Ctx) error {
	var in struct {
		Title        *string   `json:"title"`
		Ingredients  *[]string `json:"ingredients"`
		Instructions *string   `json:"instructions"`
	}
	if err := decodeJSON(c, &in); err != nil || in.Title == nil || strings.TrimSpace(*in.Title) == "" ||
		in.Ingredients == nil || in.Instructions == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "title, ingredients (list of strings) and instructions are required"})
	}
	id := strings.ReplaceAll(uuid.NewString(), "-", "")
	ingredients, _ := json.Marshal(*in.Ingredients)
	if _, err := db.Exec("INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)",
		id, *in.Title, string(ingredients), *in.Instructions); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the recipe"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": id, "title": *in.Title, "ingredients": *in.Ingredients,
		"instructions": *in.Instructions, "comments": []string{}, "avgRating": nil})
}

func recipePage(c *fiber.Ctx) error {
	id := c.Params("id")
	var title, ingredientsJSON, instructions string
	if db.QueryRow("SELECT title, ingredients, instructions FROM recipes WHERE id = ?", id).
		Scan(&title, &ingredientsJSON, &instructions) != nil {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Recipe not found"})
	}
	var ingredients []string
	_ = json.Unmarshal([]byte(ingredientsJSON), &ingredients)
	var avg sql.NullFloat64
	_ = db.QueryRow("SELECT AVG(rating) FROM ratings WHERE recipe_id = ?", id).Scan(&avg)
	rating := "no ratings yet"
	if avg.Valid {
		rating = fmt.Sprintf("%.1f", avg.Float64)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<h1>%s</h1><h2>Ingredients</h2><ul>", html.EscapeString(title))
	for _, i := range ingredients {
		fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(i))
	}
	fmt.Fprintf(&b, "</ul><h2>Instructions</h2><p>%s</p><h2>Average rating</h2><p>%s</p><h2>Comments</h2><ul>",
		html.EscapeString(instructions), rating)
	if rows, err := db.Query("SELECT comment FROM comments WHERE recipe_id = ? ORDER BY seq", id); err == nil {
		defer rows.Close()
		for rows.Next() {
			var c string
			if rows.Scan(&c) == nil {
				fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(c))
			}
		}
	}
	b.WriteString("</ul>")
	return htmlPage(c, title, b.String())
}

func addComment(c *fiber.Ctx) error {
	id := c.Params("id")
	if !recipeExists(id) {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Recipe not found"})
	}
	var in struct {
		Comment *string `json:"comment"`
	}
	if err := decodeJSON(c, &in); err != nil || in.Comment == nil || strings.TrimSpace(*in.Comment) == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "comment (string) is required"})
	}
	if _, err := db.Exec("INSERT INTO comments (recipe_id, comment) VALUES (?, ?)", id, *in.Comment); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the comment"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Comment added"})
}

func addRating(c *fiber.Ctx) error {
	id := c.Params("id")
	if !recipeExists(id) {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Recipe not found"})
	}
	var in struct {
		Rating *json.Number `json:"rating"`
	}
	bad := func() error {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "rating must be an integer from 1 to 5"})
	}
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil || in.Rating == nil {
		return bad()
	}
	rating, err := in.Rating.Int64()
	if err != nil || rating < 1 || rating > 5 {
		return bad()
	}
	if _, err := db.Exec("INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)", id, rating); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the rating"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Rating added"})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS recipes (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
			title TEXT NOT NULL, ingredients TEXT NOT NULL, instructions TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS comments (seq INTEGER PRIMARY KEY, recipe_id TEXT NOT NULL, comment TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS ratings (recipe_id TEXT NOT NULL, rating INTEGER NOT NULL)`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	app := fiber.New()
	app.Get("/recipes", overview)
	app.Post("/recipes/upload", upload)
	app.Get("/recipes/:id", recipePage)
	app.Post("/recipes/:id/comments", addComment)
	app.Post("/recipes/:id/ratings", addRating)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
