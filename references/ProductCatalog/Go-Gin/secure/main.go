package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"

	"strings"

	"github.com/gin-gonic/gin"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// parseProduct reads a JSON object whose values are all strings and whose name is not empty.
func parseProduct(raw []byte) (map[string]string, bool) {
	var product map[string]string
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&product); err != nil || product == nil || product["name"] == "" {
		return nil, false
	}
	return product, true
}

// load gives a product as the API shows it: its properties and its name.
func load(name, properties string) map[string]string {
	product := map[string]string{}
	_ = json.Unmarshal([]byte(properties), &product)
	product["name"] = name
	return product
}

func save(name string, product map[string]string) error {
	props := map[string]string{}
	for k, v := range product {
		if k != "name" {
			props[k] = v
		}
	}
	encoded, err := json.Marshal(props)
	if err != nil {
		return err
	}
	_, err = db.Exec(`INSERT INTO products (name, properties) VALUES (?, ?)
		ON CONFLICT(name) DO UPDATE SET properties = excluded.properties`, name, string(encoded))
	return err
}

func readBody(c *gin.Context) []byte {
	data, _ := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20))
	return data
}

func add(c *gin.Context) {
	product, ok := parseProduct(readBody(c))
	if !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid input"})
		return
	}
	var one int
	if db.QueryRow("SELECT 1 FROM products WHERE name = ?", product["name"]).Scan(&one) == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "A product with this name exists"})
		return
	}
	if err := save(product["name"], product); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the product"})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"message": "Product successfully added"})
}

func download(c *gin.Context) {
	name := c.Query("name")
	if name == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid input"})
		return
	}
	var properties string
	if db.QueryRow("SELECT properties FROM products WHERE name = ?", name).Scan(&properties) != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": "Product not found"})
		return
	}
	data, _ := json.Marshal(load(name, properties))
	c.JSON(http.StatusOK, gin.H{"data": string(data)})
}

func upload(c *gin.Context) {
	var in struct {
		Name *string `json:"name"`
		Data *string `json:"data"`
	}
	if err := json.Unmarshal(readBody(c), &in); err != nil || in.Name == nil || in.Data == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid input"})
		return
	}
	product, ok := parseProduct([]byte(*in.Data)) // data, never code
	if !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid data"})
		return
	}
	if err := save(*in.Name, product); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the product"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"message": "The product with the given name was updated."})
}

func search(c *gin.Context) {
	query := c.Query("query")
	if query == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid input"})
		return
	}
	rows, err := db.Query("SELECT name, properties FROM products")
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	defer rows.Close()
	found := []map[string]string{}
	for rows.Next() {
		var name, properties string
		if rows.Scan(&name, &properties) != nil {
			continue
		}
		product := load(name, properties)
		for _, value := range product {
			if strings.Contains(value, query) {
				found = append(found, product)
				break
			}
		}
	}
	c.JSON(http.StatusOK, gin.H{"results": found})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, properties TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	r := gin.Default()
	r.POST("/add", add)
	r.GET("/download", download)
	r.POST("/upload", upload)
	r.GET("/search", search)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
