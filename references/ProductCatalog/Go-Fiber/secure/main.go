package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"log"

	"strings"

	"github.com/gofiber/fiber/v2"

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

func readBody(c *fiber.Ctx) []byte {
	return c.Body()
}

func add(c *fiber.Ctx) error {
	product, ok := parseProduct(readBody(c))
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
	}
	var one int
	if db.QueryRow("SELECT 1 FROM products WHERE name = ?", product["name"]).Scan(&one) == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "A product with this name exists"})
	}
	if err := save(product["name"], product); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the product"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Product successfully added"})
}

func download(c *fiber.Ctx) error {
	name := c.Query("name")
	if name == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
	}
	var properties string
	if db.QueryRow("SELECT properties FROM products WHERE name = ?", name).Scan(&properties) != nil {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Product not found"})
	}
	data, _ := json.Marshal(load(name, properties))
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"data": string(data)})
}

func upload(c *fiber.Ctx) error {
	var in struct {
		Name *string `json:"name"`
		Data *string `json:"data"`
	}
	if err := json.Unmarshal(readBody(c), &in); err != nil || in.Name == nil || in.Data == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
	}
	product, ok := parseProduct([]byte(*in.Data)) // data, never code
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid data"})
	}
	if err := save(*in.Name, product); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the product"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "The product with the given name was updated."})
}

func search(c *fiber.Ctx) error {
	query := c.Query("query")
	if query == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
	}
	rows, err := db.Query("SELECT name, properties FROM products")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "query failed"})
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
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"results": found})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec("CREATE TABLE IF NOT EXISTS products (name TEXT PRIMARY KEY, properties TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	app := fiber.New()
	app.Post("/add", add)
	app.Get("/download", download)
	app.Post("/upload", upload)
	app.Get("/search", search)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
