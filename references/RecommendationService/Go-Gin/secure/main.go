package main

import (
	"database/sql"
	"html/template"
	"log"
	"net/http"

	"strings"

	"github.com/gin-gonic/gin"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// html/template escapes the tags and the product names it inserts.
var page = template.Must(template.New("recommendations").Parse(`<!DOCTYPE html>
<html><head><title>Recommendations</title></head><body>
<h1>Products tagged {{.Tags}}</h1><ul>
{{range .Names}}<li>{{.}}</li>
{{end}}</ul></body></html>`))

func postProduct(c *gin.Context) {
	var in struct {
		ProductName string    `json:"product_name"`
		Tags        *[]string `json:"tags"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.ProductName == "" || in.Tags == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "product_name (string) and tags (list of strings) are required"})
		return
	}
	tx, err := db.Begin()
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "database unavailable"})
		return
	}
	defer tx.Rollback()
	res, err := tx.Exec("INSERT INTO products (name) VALUES (?)", in.ProductName)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the product"})
		return
	}
	id, _ := res.LastInsertId()
	seen := map[string]bool{}
	for _, tag := range *in.Tags {
		if seen[tag] {
			continue
		}
		seen[tag] = true
		if _, err := tx.Exec("INSERT INTO product_tags (product_id, tag) VALUES (?, ?)", id, tag); err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the tags"})
			return
		}
	}
	if err := tx.Commit(); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the product"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"message": "product stored"})
}

func recommend(c *gin.Context) {
	var tags []string
	args := []any{}
	for _, t := range strings.Split(c.Query("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
			args = append(args, t)
		}
	}
	if len(tags) == 0 {
		c.JSON(http.StatusBadRequest, gin.H{"error": "tags is required"})
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(tags)), ", ")
	rows, err := db.Query("SELECT p.name FROM products p WHERE p.id IN (SELECT product_id FROM product_tags "+
		"WHERE tag IN ("+marks+")) ORDER BY p.id", args...)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(http.StatusOK)
	_ = page.Execute(c.Writer, gin.H{"Tags": strings.Join(tags, ", "), "Names": names})
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
	r := gin.Default()
	r.POST("/recommender", postProduct)
	r.GET("/recommender", recommend)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
