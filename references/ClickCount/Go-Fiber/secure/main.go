package main

import (
	"database/sql"
	"log"

	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// The comparison operator is looked up in this fixed table, never taken from the request text.
var operators = map[string]string{"<": "<", ">": ">", "<=": "<=", ">=": ">="}

type click struct {
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
}

func registerClick(c *fiber.Ctx) error {
	stamp := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	if _, err := db.Exec("INSERT INTO clicks (id, timestamp) VALUES (?, ?)", uuid.NewString(), stamp); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the click"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Click registered successfully"})
}

func listClicks(c *fiber.Ctx) error {
	day, err := time.Parse("2006-01-02", c.Query("date"))
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "date must be YYYY-MM-DD"})
	}
	op, ok := operators[c.Query("direction")]
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "direction must be one of <, >, <=, >="})
	}
	rows, err := db.Query("SELECT id, timestamp FROM clicks WHERE timestamp "+op+" ? ORDER BY timestamp",
		day.Format("2006-01-02"))
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "query failed"})
	}
	defer rows.Close()
	clicks := []click{}
	for rows.Next() {
		var c click
		if err := rows.Scan(&c.ID, &c.Timestamp); err == nil {
			clicks = append(clicks, c)
		}
	}
	if len(clicks) == 0 {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "No clicks found"})
	}
	return c.Status(fiber.StatusOK).JSON(clicks)
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	app := fiber.New()
	app.Post("/click", registerClick)
	app.Get("/clicks", listClicks)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
