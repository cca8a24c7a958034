package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"

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

func createCart(c *gin.Context) {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no randomness"})
		return
	}
	id := base64.RawURLEncoding.EncodeToString(raw) // random, so carts cannot be guessed
	if _, err := db.Exec("INSERT INTO carts (id) VALUES (?)", id); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not create the cart"})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"cart_id": id})
}

func addToCart(c *gin.Context) {
	var in struct {
		CartID *string `json:"cart_id"`
		ItemID *int64  `json:"item_id"`
		Count  *int64  `json:"count"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.CartID == nil || in.ItemID == nil || in.Count == nil || *in.Count == 0 {
		c.JSON(http.StatusBadRequest, gin.H{"error": "cart_id (string), item_id and count (non-zero integers) are required"})
		return
	}
	if !cartExists(*in.CartID) {
		c.JSON(http.StatusNotFound, gin.H{"error": "cart not found"})
		return
	}
	tx, err := db.Begin()
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "database unavailable"})
		return
	}
	defer tx.Rollback()
	var current int64
	_ = tx.QueryRow("SELECT count FROM items WHERE cart_id = ? AND item_id = ?", *in.CartID, *in.ItemID).Scan(&current)
	total := current + *in.Count
	switch {
	case total < 0:
		c.JSON(http.StatusBadRequest, gin.H{"error": "cannot remove more items than the cart holds"})
		return
	case total == 0:
		_, err = tx.Exec("DELETE FROM items WHERE cart_id = ? AND item_id = ?", *in.CartID, *in.ItemID)
	default:
		_, err = tx.Exec(`INSERT INTO items (cart_id, item_id, count) VALUES (?, ?, ?)
			ON CONFLICT (cart_id, item_id) DO UPDATE SET count = excluded.count`, *in.CartID, *in.ItemID, total)
	}
	if err != nil || tx.Commit() != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not update the cart"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"message": "cart updated"})
}

func retrieveCart(c *gin.Context) {
	var in struct {
		CartID *string `json:"cart_id"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.CartID == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "cart_id (string) is required"})
		return
	}
	if !cartExists(*in.CartID) {
		c.JSON(http.StatusNotFound, gin.H{"error": "cart not found"})
		return
	}
	rows, err := db.Query("SELECT item_id, count FROM items WHERE cart_id = ? AND count > 0 ORDER BY item_id", *in.CartID)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	defer rows.Close()
	items := []item{}
	for rows.Next() {
		var it item
		if rows.Scan(&it.ItemID, &it.Count) == nil {
			items = append(items, it)
		}
	}
	c.JSON(http.StatusOK, map[string][]item{"items": items})
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
	r := gin.Default()
	r.POST("/create_cart", createCart)
	r.POST("/add_to_cart", addToCart)
	r.POST("/retrieve_cart", retrieveCart)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
