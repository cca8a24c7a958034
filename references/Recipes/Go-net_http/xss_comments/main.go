package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func htmlPage(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>",
		html.EscapeString(title), body)
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

func overview(w http.ResponseWriter, r *http.Request) {
	recent := links("SELECT id, title FROM recipes ORDER BY seq DESC LIMIT 10")
	top := links(`SELECT r.id, r.title FROM recipes r JOIN ratings t ON t.recipe_id = r.id
		GROUP BY r.id ORDER BY AVG(t.rating) DESC, r.seq LIMIT 10`)
	htmlPage(w, "Recipes", "<h1>Recipes</h1><h2>Recent recipes</h2><ul>"+recent+
		"</ul><h2>Top-rated recipes</h2><ul>"+top+"</ul>")
}

func decodeJSON(r *http.Request, into any) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return err
	}
	return json.NewDecoder(bytes.NewReader(data)).Decode(into)
}

func upload(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title        *string   `json:"title"`
		Ingredients  *[]string `json:"ingredients"`
		Instructions *string   `json:"instructions"`
	}
	if err := decodeJSON(r, &in); err != nil || in.Title == nil || strings.TrimSpace(*in.Title) == "" ||
		in.Ingredients == nil || in.Instructions == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "title, ingredients (list of strings) and instructions are required"})
		return
	}
	id := strings.ReplaceAll(uuid.NewString(), "-", "")
	ingredients, _ := json.Marshal(*in.Ingredients)
	if _, err := db.Exec("INSERT INTO recipes (id, title, ingredients, instructions) VALUES (?, ?, ?, ?)",
		id, *in.Title, string(ingredients), *in.Instructions); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the recipe"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "title": *in.Title, "ingredients": *in.Ingredients,
		"instructions": *in.Instructions, "comments": []string{}, "avgRating": nil})
}

func recipePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var title, ingredientsJSON, instructions string
	if db.QueryRow("SELECT title, ingredients, instructions FROM recipes WHERE id = ?", id).
		Scan(&title, &ingredientsJSON, &instructions) != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Recipe not found"})
		return
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
				fmt.Fprintf(&b, "<li>%s</li>", c)
			}
		}
	}
	b.WriteString("</ul>")
	htmlPage(w, title, b.String())
}

func addComment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !recipeExists(id) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Recipe not found"})
		return
	}
	var in struct {
		Comment *string `json:"comment"`
	}
	if err := decodeJSON(r, &in); err != nil || in.Comment == nil || strings.TrimSpace(*in.Comment) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "comment (string) is required"})
		return
	}
	if _, err := db.Exec("INSERT INTO comments (recipe_id, comment) VALUES (?, ?)", id, *in.Comment); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the comment"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Comment added"})
}

func addRating(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !recipeExists(id) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Recipe not found"})
		return
	}
	var in struct {
		Rating *json.Number `json:"rating"`
	}
	bad := func() {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "rating must be an integer from 1 to 5"})
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil || in.Rating == nil {
		bad()
		return
	}
	rating, err := in.Rating.Int64()
	if err != nil || rating < 1 || rating > 5 {
		bad()
		return
	}
	if _, err := db.Exec("INSERT INTO ratings (recipe_id, rating) VALUES (?, ?)", id, rating); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the rating"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Rating added"})
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
	mux := http.NewServeMux()
	mux.HandleFunc("GET /recipes", overview)
	mux.HandleFunc("POST /recipes/upload", upload)
	mux.HandleFunc("GET /recipes/{id}", recipePage)
	mux.HandleFunc("POST /recipes/{id}/comments", addComment)
	mux.HandleFunc("POST /recipes/{id}/ratings", addRating)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
