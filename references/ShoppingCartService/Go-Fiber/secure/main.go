package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"log"

	"github.com/gofiber/fiber/v2"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

type item struct {
	ItemID int64 `json:"item_id"`
	Count  int64 `json:"count"`
}

func cartExists(id string) bool {
	var one int
	return db.QueryRow("SELECT 1 FROM carts WHERE id = ?", id).Scan(&one) == nil
}

func createCart(c *fiber.Ctx) error {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no randomness"})
	}
	id := base64.RawURLEncoding.EncodeToString(raw) // random, so carts cannot be guessed
	if _, err := db.Exec("INSERT INTO carts (id) VALUES (?)", id); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not create the cart"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"cart_id": id})
}

func addToCart(c *fiber.Ctx) error {
	var in struct {
		CartID *string `json:"cart_id"`
		ItemID *int64  `json:"item_id"`
		Count  *int64  `json:"count"`
	}
	if err := c.BodyParser(&in); err != nil || in.CartID == nil || in.ItemID == nil || in.Count == nil || *in.Count == 0 {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "cart_id (string), item_id and count (non-zero integers) are required"})
	}
	if !cartExists(*in.CartID) {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "cart not found"})
	}
	tx, err := db.Begin()
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "database unavailable"})
	}
	defer tx.Rollback()
	var current int64
	_ = tx.QueryRow("SELECT count FROM items WHERE cart_id = ? AND item_id = ?", *in.CartID, *in.ItemID).Scan(&current)
	total := current + *in.Count
	switch {
	case total < 0:
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "cannot remove more items than the cart holds"})
	case total == 0:
		_, err = tx.Exec("DELETE FROM items WHERE cart_id = ? AND item_id = ?", *in.CartID, *in.ItemID)
	default:
		_, err = tx.Exec(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
			ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`, *in.CartID, *in.ItemID, total)
	}
	if err != nil || tx.Commit() != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not update the cart"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "cart updated"})
}

func retrieveCart(c *fiber.Ctx) error {
	var in struct {
		CartID *string `json:"cart_id"`
	}
	if err := c.BodyParser(&in); err != nil || in.CartID == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "cart_id (string) is required"})
	}
	if !cartExists(*in.CartID) {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "cart not found"})
	}
	rows, err := db.Query("SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id", *in.CartID)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "query failed"})
	}
	defer rows.Close()
	items := []item{}
	for rows.Next() {
		var it item
		if rows.Scan(&it.ItemID, &it.Count) == nil {
			items = append(items, it)
		}
	}
	return c.Status(fiber.StatusOK).JSON(map[string][]item{"items": items})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one writer: read-modify-write of a count is not interleaved
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY)",
		`CREATE TABLE IF NOT EXISTS items (cart_id TEXT NOT NULL, item_id INTEGER NOT NULL,
			count INTEGER NOT NULL, PRIMARY KEY (cart_id, item_id))`,
	} {
		if _, err = db.Exec(stmt); err != nil {
			log.Fatal(err)
		}
	}
	app := fiber.New()
	app.Post("/create_cart", createCart)
	app.Post("/add_to_cart", addToCart)
	app.Post("/retrieve_cart", retrieveCart)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
